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

# A row that is the total of one window, written with it by a fetcher that
# asks one calendar month at a time (rt-fetch-redventures, rt-scrape-abm's
# API mode): rt_window_start is the 1st of a month, rt_window_end a day of
# the same month.  $writer names that fetcher in the error.
def rt_month_window($writer):
  if (.rt_window_start | type) != "string" or (.rt_window_end | type) != "string"
  then error("no rt_window_start/rt_window_end: not a row written by \($writer)")
  elif (.rt_window_start | test("^[0-9]{4}-[0-9]{2}-01$") | not)
    or .rt_window_end[0:7] != .rt_window_start[0:7]
    or .rt_window_end < .rt_window_start
  then error("window \(.rt_window_start)..\(.rt_window_end) is not the start of one calendar month")
  else . end;

# Minor units for people in their own currency, as the tracker shows them:
# "$1,234.56", "-€20.00", "CHF 12.00", "¥1,000".  $currencies is the table
# rt-post gives every template as $rt_currencies (exponent, and symbol when
# people know one); a code it lacks gets two places and its code.
def rt_money_in($currency; $currencies):
  ($currencies[$currency] // {exponent: 2}) as $c
  | if $c.symbol then rt_money_display($c.exponent; $c.symbol)
    else "\($currency) \(rt_minor_decimal($c.exponent) | rt_thousands)" end;

# A source's name for people from $sources, rt-post's $rt_sources (the table
# of share/rt/sources.json): "redventures" -> "RV Media"; a source the table
# lacks is its own name with a capital.
def rt_source_name($sources):
  . as $s
  | ([$sources[] | select(.source == $s) | .name] | first)
    // ((.[:1] | ascii_upcase) + .[1:]);

# Sources in the order people see them: those of $sources first, in its
# order, then the others by name.
def rt_source_order($sources):
  (reduce range(0; $sources | length) as $i ({}; .[$sources[$i].source] = $i)) as $rank
  | sort_by([$rank[.] // ($sources | length), .]);

# The five sources of the Mission Control snapshot, in its order: the four
# rt fetches and MSN's statements kept by hand.
def rt_snapshot_sources: ["close", "impact", "redventures", "adsbymoney", "msn"];

# A plain decimal of major units (text, or a number jq holds exactly) as
# the digits of minor units, by string surgery: "37890.8" -> "3789080",
# 30 -> "3000" ($places 2).  More places than the currency has, unless
# zeros, is an error.
def rt_decimal_minor($places):
  (if type == "number" then tojson elif type == "string" then . else
     error("\(tojson) is not a decimal number") end)
  | if test("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$") | not then error("\(tojson) is not a plain decimal number")
    else . end
  | (if startswith("-") then "-" else "" end) as $sign
  | (ltrimstr("-") | split(".")) as $p
  | (($p[1] // "") + (if $places > 0 then "0" * $places else "" end)) as $frac
  | if $frac[$places:] | test("^0*$") | not then error("\(.) has more than \($places) decimal places")
    else . end
  | ($p[0] + $frac[:$places] | sub("^0+(?=[0-9])"; "")) as $digits
  | if $digits == "0" then "0" else $sign + $digits end;

# Text for Slack's mrkdwn: &, < and > as entities, so that a client's name never pings a channel.
def rt_slack_text: gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;");

# Amounts as exports write them, to the decimal text rt reads exactly; no
# arithmetic, so no binary float.  Each raises an error for text it cannot
# read, which rejects the row with that message.

# Decimal text negated, digit for digit: "12.50" -> "-12.50", "-3" -> "3";
# zero stays as it is.
def rt_negate:
  tostring | ltrimstr("+")
  | if test("^-?[0-9]+(\\.[0-9]+)?$") | not then error("\(.) is not a decimal to negate")
    elif test("^-?[0.]+$") then ltrimstr("-")
    elif startswith("-") then ltrimstr("-")
    else "-" + . end;

# "$1,234.56", "USD 1 234.56", "-€7.00", "(45.00)" -> "1234.56", "1234.56",
# "-7.00", "-45.00": symbols, letters, blanks and thousands commas dropped,
# parentheses (accounting's negative) made a minus.
def rt_amount:
  tostring as $in
  | ($in | gsub("^\\s+|\\s+$"; "")) as $t
  | ($t | test("^\\(.*\\)$")) as $paren
  | ($t | ltrimstr("(") | rtrimstr(")") | gsub("[^0-9.+-]"; "")) as $d
  | if ($d | test("^[+-]?[0-9]+(\\.[0-9]+)?$")) | not then error("\"\($in)\" is not an amount")
    elif $paren then $d | rt_negate
    else $d | ltrimstr("+") end;

# The same with a decimal comma, as much of Europe writes it:
# "1.234,56" -> "1234.56", "-7,5" -> "-7.5".  Say so explicitly: "1,234"
# means a thousand in one convention and one point two in the other.
def rt_amount_decimal_comma:
  tostring as $in
  | if ($in | test(",[0-9]*,")) then error("\"\($in)\" has two decimal commas")
    else $in | gsub("[.\\s]"; "") | sub(","; ".") | rt_amount end;

# A date in the day order the export uses, "MDY" (03/15/2026) or "DMY"
# (15/03/2026), with /, . or - between: -> "2026-03-15".  rt-normalize then
# checks that the day exists.
def rt_date_order($order):
  tostring as $in
  | ($in | capture("^\\s*(?<a>[0-9]{1,2})[/.-](?<b>[0-9]{1,2})[/.-](?<y>[0-9]{4})\\s*$")
      // error("\"\($in)\" is not a date like 03/15/2026")) as $p
  | (if $order == "MDY" then [$p.a, $p.b]
     elif $order == "DMY" then [$p.b, $p.a]
     else error("rt_date_order: the order is \"MDY\" or \"DMY\", not \"\($order)\"") end) as [$m, $d]
  | "\($p.y)-\(if ($m | length) == 1 then "0" + $m else $m end)-\(if ($d | length) == 1 then "0" + $d else $d end)";

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
