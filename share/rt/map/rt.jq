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
