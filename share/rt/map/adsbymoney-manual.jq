# AdsByMoney earnings kept by hand when the publisher site cannot be read:
# {"2026-01": 1520.10, "2026-02-14": 75.00}.  A YYYY-MM key is a month's
# total, spread over the month; a YYYY-MM-DD key is one day's earnings and has
# the same id as that day scraped from the site, so the two never count twice.
include "rt";

to_entries[]
| select(.value != null)
| if (.key | test("^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2})?$")) then . else error("key \"\(.key)\" is not YYYY-MM or YYYY-MM-DD") end
| {
    source: "adsbymoney",
    source_id: .key,
    date: (if (.key | length) == 7 then .key + "-01" else .key end),
    end_date: (if (.key | length) == 7 then (.key | rt_month_end) else null end),
    amount: .value,
    currency: "USD",
    kind: (if .value | rt_negative then "adjustment" else "sale" end),
    status: "completed",
    description: "AdsByMoney earnings \(.key)"
  }
