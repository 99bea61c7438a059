# Helpers for source maps: `include "rt";` at the top of a map.

# Empty text and null are both "not given".
def rt_blank: if . == null or . == "" then null else . end;

def rt_leap($y): ($y % 4 == 0 and $y % 100 != 0) or $y % 400 == 0;

def rt_days_in_month($y; $m):
  if $m == 2 then (if rt_leap($y) then 29 else 28 end)
  elif ($m == 4 or $m == 6 or $m == 9 or $m == 11) then 30
  else 31 end;

# "2026-02" -> "2026-02-28": the last day of a YYYY-MM month.
def rt_month_end:
  if test("^[0-9]{4}-(0[1-9]|1[0-2])$") | not then error("\(.) is not a YYYY-MM month") else . end
  | . + "-" + (rt_days_in_month(.[0:4] | tonumber; .[5:7] | tonumber) | tostring);

# A number or decimal string that is below zero (amounts reach maps as exact text).
def rt_negative: tostring | startswith("-");

# Earnings kept by period, {"2026-01": 1520.10, "2026-11-03": 75.00}: a
# YYYY-MM key is that month's total, spread over it; a YYYY-MM-DD key is one
# day's.  The key is the source_id, so a day has the same id wherever it comes
# from.  A null value is a period not reported yet; a negative one is an
# adjustment.  $title starts the description ("AdsByMoney earnings 2026-01").
def rt_period_totals($title):
  to_entries[]
  | select(.value != null)
  | if (.key | test("^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2})?$")) then . else error("key \"\(.key)\" is not YYYY-MM or YYYY-MM-DD") end
  | {
      source_id: .key,
      date: (if (.key | length) == 7 then .key + "-01" else .key end),
      end_date: (if (.key | length) == 7 then (.key | rt_month_end) else null end),
      amount: .value,
      kind: (if .value | rt_negative then "adjustment" else "sale" end),
      status: "completed",
      description: "\($title) \(.key)"
    };
