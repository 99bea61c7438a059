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

# Money for bodies and messages (rt-post templates).  jq's numbers are
# binary floats, so amounts are never computed here: minor units are turned
# into decimal text with string operations only, and rt_number marks text
# that rt-post writes as a bare JSON number, digit for digit.

# Minor units as their digits: a whole JSON number up to 2^53, or the exact
# digits rt gives for an integer beyond it.  1234560 -> "1234560".
def rt_minor_text:
  if type == "number" then
    if . != floor or length > 9007199254740992 then
      error("\(.) is not an exact whole number of minor units")
    elif . == 0 then "0"
    else tostring end
  elif type == "string" and test("^-?(0|[1-9][0-9]*)$") then
    if . == "-0" then "0" else . end
  else error("\(tojson) is not a whole number of minor units") end;

# Minor units as a plain decimal with $places places: 1234560 -> "12345.60", -5 -> "-0.05".
def rt_minor_decimal($places):
  rt_minor_text
  | (if startswith("-") then "-" else "" end) as $sign
  | ltrimstr("-")
  | if $places == 0 then $sign + .
    else
      (if length <= $places then ("0" * ($places + 1 - length)) + . else . end)
      | $sign + .[:length - $places] + "." + .[length - $places:]
    end;

# A plain decimal with its whole part grouped by thousands: "-1234567.89" -> "-1,234,567.89".
def rt_thousands:
  def group: if length <= 3 then . else (.[:length - 3] | group) + "," + .[length - 3:] end;
  (if startswith("-") then "-" else "" end) as $sign
  | ltrimstr("-") | split(".")
  | $sign + (.[0] | group) + (if length > 1 then "." + .[1] else "" end);

# For people: 123456 -> "$1,234.56", -700 -> "-$7.00".
def rt_money_display($places; $symbol):
  rt_minor_decimal($places) | rt_thousands
  | if startswith("-") then "-" + $symbol + .[1:] else $symbol + . end;

# Marks a plain decimal (text, or a number jq holds exactly) to be written by
# rt-post as the bare JSON number it spells: "12345.60" -> 12345.60.
def rt_number:
  (if type == "number" then tojson elif type == "string" then . else
     error("\(tojson) is not a decimal number") end)
  | if test("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$") then {"$rt_number": .}
    else error("\(tojson) is not a plain decimal number") end;

# Minor units as a JSON number with $places places: 1234560 -> 12345.60 in the body.
def rt_money_number($places): rt_minor_decimal($places) | rt_number;

# "impact, msn" -> ["impact", "msn"]: a comma-separated list from --arg; null is empty.
def rt_list: (. // "") | split(",") | map(gsub("^\\s+|\\s+$"; "")) | map(select(. != ""));

# On a record a map built: rt refuses a sale below zero and a refund, fee or
# chargeback above it, so such a movement (a fee given back, a refund that
# failed, a dispute won) is booked as the adjustment it is.  The amount is
# amount_minor, else amount.
# It runs on every record of a busy map, so it compares numbers as numbers
# and looks at text without a regular expression (jq compiles one per call).
def rt_kind_by_sign:
  (.amount_minor // .amount) as $a
  | (if ($a | type) == "number" then (if $a < 0 then -1 elif $a > 0 then 1 else 0 end)
     else ($a | tostring) as $t
       | if ($t | startswith("-")) then -1
         elif ($t | explode | any(. >= 49 and . <= 57)) then 1
         else 0 end
     end) as $sign
  | if (.kind // "sale") == "sale" and $sign < 0 then .kind = "adjustment"
    elif (.kind == "refund" or .kind == "fee" or .kind == "chargeback") and $sign > 0
    then .kind = "adjustment"
    else . end;
