# Gumroad sales (rt-fetch-gumroad) -> a sale and its fee, refund and chargeback.
#
# Ids follow rt(7), "ONE ID PER MONEY MOVEMENT", shared with the ping map:
#   gumroad:<sale id>              the sale: price, the gross charged
#   gumroad:<sale id>:fee          gumroad_fee, below zero
#   gumroad:<sale id>:refund       what has been refunded so far, below zero
#   gumroad:<sale id>:chargeback   what the buyer's bank took back, below zero
# Gumroad changes a sale in place when it is refunded or disputed, so these
# records carry the sale's state when fetched, under ids that do not change:
# a later fetch replaces them (rt-dedupe --last, rt-load), never adds to them.
#
# The amount rule for refunds: refunded (in full) is the whole price;
# partially_refunded is the price less amount_refundable_in_currency (what
# may still be refunded, a decimal in major units), never below zero nor
# above the price.  A partial refund then a refund of the rest is first
# -(price - refundable), then -price: the sale nets to exactly zero.
# amount_refundable_in_currency is in the currency the product is shown in
# (currency_symbol), while price and gumroad_fee are USD cents, so a
# partial refund is only taken from a sale shown in "$"; any other is
# refused rather than guessed.
# A chargeback (chargedback: not reversed) is what was not refunded; a
# dispute won (dispute_won) turns that record to status "reversed".
#
# The API gives no currency code: rt_currency, which rt-fetch-gumroad adds
# (--currency, default USD), names it.  A free download (price 0) is no
# revenue and gives no record.
include "rt";

# "49.50" -> 4950: a plain decimal with at most two places, as cents, exactly.
def cents:
  if type == "string" and test("^[0-9]+([.][0-9]{1,2})?$") then
    split(".") | (.[0] + ((.[1] // "") + "00")[:2]) | tonumber
  else error("amount_refundable_in_currency \(tojson) is not a plain decimal") end;

def refunded_cents:
  if .refunded == true then .price
  elif .partially_refunded == true then
    if .currency_symbol != "$" then
      error("a partial refund of a sale shown in \(.currency_symbol | tojson): amount_refundable_in_currency is in that currency, price in USD cents")
    else [([.price - (.amount_refundable_in_currency | cents), 0] | max), .price] | min end
  else 0 end;

select((.price // 0) > 0)
| (.rt_currency // "USD") as $currency
| .id as $id
| {
    ts: .created_at,
    currency: $currency,
    status: "completed",
    client: ((.full_name | rt_blank) // (.purchase_email | rt_blank) // (.email | rt_blank)),
    description: .product_name
  } as $common
| refunded_cents as $refunded
| ($common + {source_id: $id, amount_minor: .price, kind: "sale"}),
  (if (.gumroad_fee // 0) > 0 then
     $common + {source_id: "\($id):fee", amount_minor: (- .gumroad_fee), kind: "fee", ref: "gumroad:\($id)",
                description: "Gumroad fee"}
   else empty end),
  (if $refunded > 0 then
     $common + {source_id: "\($id):refund", amount_minor: (- $refunded), kind: "refund", ref: "gumroad:\($id)",
                description: ("Refund" + (if .refunded == true then "" else " (partial)" end)
                              + " of " + .product_name)}
   else empty end),
  (if (.chargedback == true or (.disputed == true and .dispute_won == true)) and .price > $refunded then
     $common + {source_id: "\($id):chargeback", amount_minor: ($refunded - .price), kind: "chargeback",
                ref: "gumroad:\($id)",
                status: (if .chargedback == true then "completed" else "reversed" end),
                description: ("Chargeback of " + .product_name
                              + (if .chargedback == true then "" else " (dispute won)" end))}
   else empty end)
