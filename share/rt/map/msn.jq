# MSN monthly statements, kept by hand as {"2026-01": 32250.00, "2026-02": 28100.50}.
# Each month becomes one record spanning the month (date = the 1st, end_date = its last day),
# so that windows and weekly totals take it pro rata.  A null month is not reported yet.
include "rt";

to_entries[]
| select(.value != null)
| if (.key | test("^[0-9]{4}-(0[1-9]|1[0-2])$")) then . else error("key \"\(.key)\" is not a YYYY-MM month") end
| {
    source_id: .key,
    date: (.key + "-01"),
    end_date: (.key | rt_month_end),
    amount: .value,
    currency: "USD",
    kind: (if .value | rt_negative then "adjustment" else "sale" end),
    status: "completed",
    description: "MSN statement \(.key)"
  }
