# Stripe webhook events -> records (rt-webhook drains its spool through
# this map; saved events go through rt-normalize --map).  The ids follow
# rt(7), WEBHOOKS, so that a payment seen here and by a fetch is one record:
#  - a sale is stripe:<payment intent> when the charge belongs to one
#    (charge.succeeded with payment_intent set, payment_intent.succeeded,
#    checkout.session.completed), else stripe:<charge>; its amount is what
#    was charged (amount, amount_received, amount_total: minor units) and
#    its date the object's created time.  A charge authorized but not yet
#    captured is pending; payment_intent.succeeded comes at the capture.
#  - a refund is stripe:<refund> with ref the sale; charge.refunded gives
#    one record per refund in the charge's list (API versions since
#    2022-11-15 leave the list out: refund.created and refund.updated, whose
#    object is the refund, bring them).
#  - a dispute is stripe:<dispute>, a chargeback with ref the sale: pending
#    while it is an inquiry (warning_*), reversed once won or closed without
#    a chargeback, else completed; and stripe:<dispute>:fee when its balance
#    transactions carry a fee (their sum, so a fee given back nets to 0).
#  - a checkout session that is not paid, or has no payment intent (a
#    subscription: its invoice's charge comes as charge.succeeded), gives
#    nothing; so do the other event types.
# Webhooks carry no Stripe fee for a sale: the fetch brings stripe:<sale>:fee.
include "rt";

# An id, which an API version may give expanded as its object.
def stripe_id: if type == "object" then .id else . end | rt_blank;

def sale_record($id; $amount):
  {
    source: "stripe",
    source_id: $id,
    ts: .created,
    amount_minor: $amount,
    currency: .currency,
    kind: "sale",
    status: (if .captured == false then "pending" else "completed" end),
    client: ((.billing_details.email | rt_blank) // (.receipt_email | rt_blank)
      // (.customer_details.email | rt_blank)),
    description: (.description | rt_blank)
  };

def refund_record($sale):
  {
    source: "stripe",
    source_id: .id,
    ts: .created,
    amount_minor: (0 - .amount),
    currency: .currency,
    kind: "refund",
    status: (if .status == "pending" or .status == "requires_action" then "pending"
      elif .status == "failed" or .status == "canceled" then "reversed"
      else "completed" end),
    ref: ("stripe:" + ((.payment_intent | stripe_id) // $sale)),
    description: (.reason | rt_blank)
  };

def dispute_records:
  ("stripe:" + ((.payment_intent | stripe_id) // (.charge | stripe_id))) as $ref
  | (if .status == "won" or .status == "warning_closed" or .status == "charge_refunded" then "reversed"
     elif (.status // "" | startswith("warning_")) then "pending"
     else "completed" end) as $status
  | {
      source: "stripe",
      source_id: .id,
      ts: .created,
      amount_minor: (0 - .amount),
      currency: .currency,
      kind: "chargeback",
      status: $status,
      ref: $ref,
      description: (.reason | rt_blank)
    },
    ([.balance_transactions[]? | .fee // 0 | select(. != 0)]
     | select(length > 0) | add) as $fee
    | {
        source: "stripe",
        source_id: "\(.id):fee",
        ts: .created,
        amount_minor: (0 - $fee),
        currency: .currency,
        kind: "fee",
        status: "completed",
        ref: $ref,
        description: "Dispute fee"
      };

.type as $type
| .data.object
| if $type == "charge.succeeded" then
    sale_record((.payment_intent | stripe_id) // .id; .amount)
  elif $type == "payment_intent.succeeded" then
    sale_record(.id; .amount_received)
  elif $type == "checkout.session.completed" then
    select(.payment_status == "paid" and (.payment_intent | stripe_id) != null)
    | sale_record(.payment_intent | stripe_id; .amount_total)
  elif $type == "charge.refunded" then
    ((.payment_intent | stripe_id) // .id) as $sale
    | .refunds.data[]? | refund_record($sale)
  elif $type == "refund.created" or $type == "refund.updated" or $type == "charge.refund.updated" then
    refund_record(.charge | stripe_id)
  elif $type == "charge.dispute.created" or $type == "charge.dispute.closed" then
    dispute_records
  else empty end
