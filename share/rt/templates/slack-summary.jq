# A Slack incoming-webhook message (apis.md section 8) from the object
# `rt-aggregate --summary` writes.  The first line is the USD year to date,
# last 30 days and projection; then one line for each other currency of the
# summary, by code, in its own format; then a line per source: the five of
# the snapshot always, any other source of the summary or of --arg failed,
# in the order and with the names of share/rt/sources.json ($rt_sources),
# the table the tracker uses too.  A source shows its year to date in every
# currency it earned in, side by side and never added together, or
# "failed" when named in --arg failed "impact,msn".  Amounts are exact,
# grouped by thousands, each in its currency's format ($rt_currencies).
#
#   {"text": "Revenue snapshot 2026-11-21: YTD $54,964.80 · last 30 days $20,993.00 · projected $61,729.70\nIn EUR: YTD €3,200.00 · last 30 days €0.00 · projected €3,593.85\n• Close: $1,750.00\n• Impact: failed\n...\n• Manual: -$7.00, €3,200.00"}
include "rt";

def money($cur): rt_money_in($cur; $rt_currencies);
def totals($cur):
  "YTD \(.ytd_minor // 0 | money($cur))"
  + " · last 30 days \(.last_30d_minor // 0 | money($cur))"
  + " · projected \(.projected_annual_minor // 0 | money($cur))";

($ARGS.named.failed | rt_list) as $failed
| if type != "object" or (.as_of | type) != "string" or (.currencies | type) != "object" then
    error("the input is not the object rt-aggregate --summary writes")
  else . end
| .currencies as $cs
| (["USD"] + ($cs | keys | map(select(. != "USD")))) as $curs
| ((rt_snapshot_sources + [$cs[] | .sources // {} | keys[]] + $failed) | unique
   | rt_source_order($rt_sources)) as $names
| {
    text: (
      [ "Revenue snapshot \(.as_of): \($cs.USD // {} | totals("USD"))" ]
      + [ $curs[1:][] as $c | "In \($c): \($cs[$c] | totals($c))" ]
      + [ $names[] as $s
          | "• \($s | rt_source_name($rt_sources)): "
            + (if $failed | any(.[]; . == $s) then "failed"
               else [ $curs[] as $c | $cs[$c].sources[$s] // empty | money($c) ]
                    | if length == 0 then 0 | money("USD") else join(", ") end
               end) ]
      + (if .goal then ["Goal: \(.goal.pct)% reached"] else [] end)
      | join("\n"))
  }
