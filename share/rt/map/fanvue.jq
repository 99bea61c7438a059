# Fanvue earnings (rt-fetch-fanvue) -> a sale (or refund) and its fee.
#
# A row is one payment: gross and net are integers in cents (apis.md
# section 9), so gross is the record and net - gross the fee Fanvue kept
# (none when they are equal).  A negative row reverses an earlier payment
# (a refund or chargeback; Fanvue does not say which): a refund, and what
# it gives back of the fee an adjustment.
#
# Rows have no id of their own.  The id is the row's date (to the
# millisecond), source and fan, and rt_seq when rt-fetch-fanvue saw the same
# three before in one fetch: fanvue:2026-10-13T10:00:00.123Z/tip/<uuid>/2.
# An id, orderId or transactionId in the row, should Fanvue add one, comes
# first.  The fee is <that id>:fee.
#
# The currency is rt_currency (rt-fetch-fanvue --currency), else the row's,
# else USD: that the amounts are in the row's currency is what Fanvue's
# reference says; a proxy's documentation says they are USD already
# (UNCONFIRMED), which --currency USD expresses.
include "rt";

((.id // .orderId // .transactionId | rt_blank)
 // ([.date // error("no date"), .source // "all", (.user.uuid? // "-")] | join("/"))
    + (if .rt_seq then "/\(.rt_seq)" else "" end)) as $id
| (.gross // error("no gross")) as $gross
| (.net // $gross) as $net
| ((.rt_currency | rt_blank) // (.currency | rt_blank) // "USD") as $currency
| {
    ts: .date,
    currency: $currency,
    status: "completed",
    client: ((.user.displayName? | rt_blank) // (.user.handle? | rt_blank)),
    description: ("Fanvue \(.source // "earnings")"
                  + (if (.reversedTransactionOrderId | rt_blank) != null
                     then " (reverses order \(.reversedTransactionOrderId))" else "" end))
  } as $common
| ($common + {source_id: $id, amount_minor: $gross,
              kind: (if ($gross | rt_negative) then "refund" else "sale" end)}),
  (if $net != $gross then
     $common + {source_id: "\($id):fee", amount_minor: ($net - $gross), kind: "fee", ref: "fanvue:\($id)",
                description: "Fanvue fee"} | rt_kind_by_sign
   else empty end)
