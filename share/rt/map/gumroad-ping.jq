# Gumroad pings -> records (rt-webhook drains its spool through this map).
# A ping is the form Gumroad POSTs, as an object of strings; rt-webhook adds
# rt_received, the instant it came.  The ids follow rt(7), WEBHOOKS:
#  - every ping restates its sale: gumroad:<sale_id>, price in the
#    currency's minor unit (Gumroad's cents), dated sale_timestamp; and
#    gumroad:<sale_id>:fee when gumroad_fee is not 0.
#  - a refund ping (resource_name refund, or refunded true) adds
#    gumroad:<sale_id>:refund for the whole price: a ping does not say how
#    much was refunded, so a partial refund is counted whole until a fetch
#    brings the same id with the amount.  It is dated when the ping came.
#  - a dispute ping adds gumroad:<sale_id>:chargeback for the price, dated
#    when it came; a dispute_won ping makes it reversed.
#  - a ping for a free product (price 0) gives nothing.
include "rt";

def flag: . == "true" or . == true;

(.sale_id | rt_blank // error("no sale_id")) as $sale
| (.resource_name | rt_blank // "sale") as $resource
| (.price | rt_blank // error("no price") | tostring) as $price
| select($price | test("^0*$") | not)
| {
    source: "gumroad",
    currency: (.currency | rt_blank // error("no currency")),
    client: (.email | rt_blank),
    description: (.product_name | rt_blank)
  } as $common
| ((.rt_received | rt_blank) // .sale_timestamp) as $now
| $common + {source_id: $sale, ts: .sale_timestamp, amount_minor: $price, kind: "sale", status: "completed"},
  ((.gumroad_fee | rt_blank // "0" | tostring) as $fee
   | select($fee | test("^0*$") | not)
   | $common + {source_id: "\($sale):fee", ts: .sale_timestamp, amount_minor: "-\($fee)", kind: "fee",
                status: "completed", ref: "gumroad:\($sale)"}),
  (select($resource == "refund" or (.refunded | flag))
   | $common + {source_id: "\($sale):refund", ts: $now, amount_minor: "-\($price)", kind: "refund",
                status: "completed", ref: "gumroad:\($sale)"}),
  (select($resource == "dispute" or $resource == "dispute_won" or (.disputed | flag))
   | $common + {source_id: "\($sale):chargeback", ts: $now, amount_minor: "-\($price)", kind: "chargeback",
                status: (if $resource == "dispute_won" or (.dispute_won | flag) then "reversed" else "completed" end),
                ref: "gumroad:\($sale)"})
