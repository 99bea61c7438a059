# Upwork transaction history rows (rt-fetch-upwork) -> sales and fees.
#
# The meaning of the row types comes from public client code, not from an
# Upwork schema (apis.md section 6, UNCONFIRMED), so only the two known are
# booked and the rest are passed over:
#   APInvoice     money a client paid for work (Hourly, Fixed Price, Bonus):
#                 a sale; below zero (a refund to the client) a refund
#   APAdjustment  what Upwork took (Service Fee, VAT, WHT): a fee; above
#                 zero (a fee given back) an adjustment
#   anything else (Withdrawal to a bank, ...)  no revenue: no record
# The id is upwork:<recordId>.  rawValue is a decimal in major units, taken
# as exact text: 450.00 USD is 45000 cents, and a value with more places
# than its currency has is refused, never rounded.  A fee names its invoice
# in relatedTransactionId, which becomes its ref.
include "rt";

select(.type == "APInvoice" or .type == "APAdjustment")
| (.transactionAmount // error("no transactionAmount")) as $money
| ($money.rawValue // error("no transactionAmount.rawValue")) as $value
| (.transactionCreationDate // error("no transactionCreationDate")) as $when
| {
    source_id: (.recordId // error("no recordId")),
    amount: $value,
    currency: (($money.currency | rt_blank) // "USD"),
    kind: (if .type == "APAdjustment" then "fee"
           elif ($value | rt_negative) then "refund" else "sale" end),
    status: (if (.paymentStatus // "" | ascii_downcase | contains("pending")) then "pending" else "completed" end),
    client: (.assignmentCompanyName | rt_blank),
    description: ((.descriptionUI | rt_blank) // (.description | rt_blank) // .accountingSubtype),
    ref: (.relatedTransactionId | rt_blank | if . == null then null else "upwork:\(.)" end)
  }
| if ($when | type) == "string" and ($when | length) == 10 then .date = $when
  else .ts = $when end
| rt_kind_by_sign
