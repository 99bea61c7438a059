# The daily revenue summary for a Slack incoming webhook (apis.md section 8),
# from one day's totals as rt-aggregate writes them, slurped into one array
# by rt-post --slurp: the totals (no -g), by entity (-g entity) and by
# source (-g source), each line per currency.  The day is --arg date.
#
#   d=2026-11-20
#   { rt-aggregate --since $d --until $d ledger.ndjson
#     rt-aggregate -g entity --since $d --until $d ledger.ndjson
#     rt-aggregate -g source --since $d --until $d ledger.ndjson
#   } | rt-post --slurp --jq @slack-daily --arg date $d "$SLACK_WEBHOOK_URL"
#
#   {"text": "*Daily Revenue Summary (2026-11-20)*\nTotal: $20,770.00\nBy source: Stripe $15,000.00 · ...
#             \nEvents: 47 (Stripe: 32, Gumroad: 12, Manual: 3)"}
#
# rt added every amount up; this only shows them (rt_money_in, string
# operations).  Currencies are never added together: an amount per currency,
# "$1,000.00 / €320.00".
# Entities show only when some record has one.  Events are the completed
# records, counted by rt.
include "rt";

def net_of($groups): [$groups[] | .net_minor as $n | .currency as $c | $n | rt_money_in($c; $rt_currencies)] | join(" / ");
def key_of($k): if .[$k] == null then "(none)" else .[$k] end;

if type != "array" or any(.[]; type != "object" or (.currency | type) != "string" or (.count | type) != "number") then
  error("the input is not an array of rt-aggregate lines (rt-post --slurp)")
else . end
| ($ARGS.named.date // error("--arg date YYYY-MM-DD names the day")) as $day
| map(select(has("entity") | not) | select(has("source") | not)) as $totals
| map(select(has("entity"))) as $entities
| map(select(has("source"))) as $sources
| ($sources | group_by(.source) | map({name: (.[0].source | rt_source_name($rt_sources)), groups: ., count: (map(.count) | add)})) as $bysource
| ($entities | group_by(.entity) | map({name: (.[0] | key_of("entity")), groups: .})) as $byentity
| {
    text: (
      ["*Daily Revenue Summary (\($day))*",
       "Total: " + (if ($totals | length) > 0 then net_of($totals) else "$0.00" end)]
      + (if any($entities[]; .entity != null) then
           ["By entity: " + ($byentity | map("\(.name | rt_slack_text) \(net_of(.groups))") | join(" · "))]
         else [] end)
      + (if ($bysource | length) > 0 then
           ["By source: " + ($bysource | map("\(.name | rt_slack_text) \(net_of(.groups))") | join(" · "))]
         else [] end)
      + ["Events: \($totals | map(.count) | add // 0)"
         + (if ($bysource | length) > 0 then
              " (" + ($bysource | sort_by(-.count, .name) | map("\(.name | rt_slack_text): \(.count)") | join(", ")) + ")"
            else "" end)]
      | join("\n"))
  }
