# Stripe (rt-fetch-stripe) -> signed records, one per money movement.
#
# Input: a balance transaction with its source expanded (the default), or
# a charge (rt-fetch-stripe --objects charges).  The ids follow rt(7), "ONE
# ID PER MONEY MOVEMENT", which the webhook maps share, so that a sale
# delivered by webhook and by this fetch is one record:
#   sale        stripe:<payment_intent id>, or stripe:<charge id> for a
#               charge without a PaymentIntent
#   its fee     stripe:<sale id>:fee
#   refund      stripe:<refund id>, ref the sale; its fee stripe:<refund id>:fee
#   refund that failed afterwards   stripe:<refund id>:failure (an adjustment
#               above zero that undoes it)
#   dispute     stripe:<dispute id> (kind chargeback), ref the sale; its fee
#               stripe:<dispute id>:fee
#   dispute won, funds reinstated   stripe:<dispute id>:reversal (an
#               adjustment above zero), and stripe:<dispute id>:reversal:fee
#               when it moves a fee
#   anything else that moves money (adjustments, Stripe's own fees)
#               stripe:<balance transaction id>, and :fee when it has one
# A fee given back is above zero, so an adjustment too.
# Payouts, transfers, top-ups and reserves move money between the balance
# and elsewhere, not revenue: they give no record.
#
# Amounts: a sale, refund or dispute is the object's own amount in its own
# currency (what the buyer was charged); a fee is the balance transaction's
# fee, in the currency of the balance it was taken from.  Stripe's amounts
# are integers in the currency's minor unit, so JPY is yen as it is; where
# Stripe's unit is not ISO 4217's they are brought to it (below).
# Dates come from the object's created time in the reporting zone.
include "rt";

# Stripe writes ISK and UGX with two decimals that are always 00, though
# ISO 4217 gives them none, and MGA with none, though ISO gives it two.
# One lookup, as this runs twice on every transaction (ascii_downcase and
# chains of comparisons are slow in jq 1.6); Stripe writes codes in lower case.
def stripe_minor($currency):
  {"isk": 1, "ugx": 1, "ISK": 1, "UGX": 1, "mga": 2, "MGA": 2}[$currency] as $odd
  | if $odd == null then .
    elif $odd == 1 then
      tostring
      | if test("^-?[0-9]*00$") then .[:-2] | (if . == "" or . == "-" then "0" else . end)
        else error("\($currency) amount \(.) is not a whole unit (Stripe writes it with two zero decimals)") end
    else tostring | if . == "0" then . else . + "00" end end;

# An expandable field: the object's id, or the id as it is.
def id_of: if type == "object" then .id else . end;

# The sale a charge, refund or dispute belongs to: its PaymentIntent, else its charge.
def sale_of:
  if (.payment_intent | rt_blank) != null then .payment_intent | id_of
  elif .object == "charge" then .id
  else .charge | id_of end;

def client_of:
  (.billing_details // {}) as $b
  | if ($b.name // "") != "" then $b.name
    elif ($b.email // "") != "" then $b.email
    elif (.receipt_email // "") != "" then .receipt_email
    else .customer | rt_blank | id_of end;

# A charge as a sale (status from the charge: pending charges are pending).
def sale($status):
  .currency as $currency
  | {
    source_id: sale_of,
    ts: .created,
    amount_minor: ((if .captured == true and (.amount_captured // 0) > 0 then .amount_captured
                    else .amount end) | stripe_minor($currency)),
    currency: .currency,
    kind: "sale",
    status: $status,
    client: client_of,
    description: (if .description == "" then null else .description end)
  };

# The fee a balance transaction took, as its own record; none when it took
# none.  (This map runs on every transaction: its tests are plain
# comparisons, as jq compiles a regular expression on each use.)
def fee_record($bt; $id; $ts; $ref):
  if ($bt.fee // 0) == 0 then empty
  else {
    source_id: "\($id):fee",
    ts: $ts,
    amount_minor: (- $bt.fee | stripe_minor($bt.currency)),
    currency: $bt.currency,
    kind: (if $bt.fee > 0 then "fee" else "adjustment" end),
    status: "completed",
    ref: $ref,
    description: (if $bt.fee_details[1] == null then $bt.fee_details[0].description // "Stripe fee"
                  else [$bt.fee_details[].description] | unique | join(", ") end)
  } end;

# A refund object's movement: signed -1 when the refund is made, +1 when it failed.
def refund_record($bt; $sign; $suffix; $ts):
  (.source) as $re
  | {
      source_id: ($re.id + $suffix),
      ts: $ts,
      amount_minor: ($sign * $re.amount | stripe_minor($re.currency)),
      currency: $re.currency,
      kind: (if $sign < 0 then "refund" else "adjustment" end),
      status: "completed",
      ref: "stripe:\($re | sale_of)",
      description: ("Refund" + (if ($re.reason | rt_blank) != null then " (\($re.reason))" else "" end)
                    + (if $suffix != "" then " failed" else "" end))
    };

# A dispute's movement: the funds taken (amount below zero), or given back.
def dispute_records($bt):
  (.source) as $dp
  | ($bt.amount < 0) as $taken
  | ($dp.id + (if $taken then "" else ":reversal" end)) as $id
  | (if $bt.currency == $dp.currency then $bt.amount
     elif $taken then - $dp.amount else $dp.amount end) as $amount
  | {
      source_id: $id,
      ts: (if $taken then $dp.created else $bt.created end),
      amount_minor: ($amount | stripe_minor($dp.currency)),
      currency: $dp.currency,
      kind: (if $taken then "chargeback" else "adjustment" end),
      status: "completed",
      ref: "stripe:\($dp | sale_of)",
      description: (if $taken then "Dispute" else "Dispute won: funds reinstated" end
                    + (if ($dp.reason | rt_blank) != null then " (\($dp.reason))" else "" end))
    },
    fee_record($bt; $id; $bt.created; "stripe:\($id)");

# Money that moved for another reason: one record of the given kind.
def other_records($bt; $kind):
  {
    source_id: $bt.id,
    ts: $bt.created,
    amount_minor: ($bt.amount | stripe_minor($bt.currency)),
    currency: $bt.currency,
    kind: (if ($kind == "sale" and $bt.amount < 0) or ($kind != "sale" and $kind != "adjustment" and $bt.amount > 0)
           then "adjustment" else $kind end),
    status: "completed",
    description: ($bt.description | rt_blank // $bt.type)
  },
  fee_record($bt; $bt.id; $bt.created; "stripe:\($bt.id)");

def balance_transaction:
  . as $bt
  | (.source | if type == "object" then .object else null end) as $object
  | .type as $type
  | if ($type == "charge" or $type == "payment") and $object == "charge" then
      (.source | sale("completed")) as $sale
      | $sale, fee_record($bt; $sale.source_id; $sale.ts; "stripe:\($sale.source_id)")
    elif ($type == "refund" or $type == "payment_refund" or $type == "payment_failure_refund")
         and $object == "refund" then
      refund_record($bt; -1; ""; .source.created), fee_record($bt; .source.id; .source.created; "stripe:\(.source.id)")
    elif ($type == "refund_failure") and $object == "refund" then
      refund_record($bt; 1; ":failure"; $bt.created)
    elif $object == "dispute" then
      dispute_records($bt)
    elif ($type | IN("adjustment", "payment_reversal", "charge", "payment", "refund", "payment_refund",
                     "payment_failure_refund", "refund_failure")) then
      other_records($bt; if $type == "payment_reversal" then "chargeback"
                         elif ($type | contains("refund")) then "refund"
                         elif $type == "adjustment" then "adjustment" else "sale" end)
    elif ($type | IN("stripe_fee", "network_cost", "tax_fee", "contribution", "climate_order_purchase",
                     "climate_order_refund", "stripe_fx_fee")) then
      other_records($bt; "fee")
    elif $type == "application_fee" then other_records($bt; "sale")
    elif $type == "application_fee_refund" then other_records($bt; "refund")
    elif any("payout", "transfer", "topup", "reserve", "connect_collection_transfer", "issuing_",
             "obligation_", "advance", "anticipation_repayment"; . as $p | $type | startswith($p)) then
      empty
    else
      error("balance transaction type \"\($type)\" is not known to this map; nothing is guessed")
    end;

if .object == "balance_transaction" then
  if (.source | type) == "string" then
    error("the source is not expanded: fetch with expand[]=data.source, as rt-fetch-stripe does")
  else balance_transaction end
elif .object == "charge" then
  # rt-fetch-stripe --objects charges: sales only; a failed charge moved no money.
  if .status == "succeeded" then sale("completed")
  elif .status == "pending" then sale("pending")
  else empty end
else
  error("a Stripe \(.object // "object without \"object\"") is neither a balance_transaction nor a charge")
end
