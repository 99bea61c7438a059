# A Slack incoming-webhook message (apis.md section 8) from the object
# `rt-aggregate --summary` writes: the USD totals on the first line, then one
# line per source, the five rt fetches first, then any other source in the
# summary or in --arg failed, by name.  A source named in --arg failed "impact,msn"
# shows "failed" rather than a total.  Amounts are exact, grouped by thousands.
#
#   {"text": "Revenue snapshot 2026-11-21: YTD $54,964.80 · last 30 days $20,993.00 · projected $61,729.70\n• Close: $1,750.00\n• Impact: failed\n..."}
include "rt";

def usd: rt_money_display(2; "$");
def display_name:
  {close: "Close", impact: "Impact", redventures: "Red Ventures", adsbymoney: "AdsByMoney",
   msn: "MSN", stripe: "Stripe", gumroad: "Gumroad", upwork: "Upwork", fanvue: "Fanvue",
   manual: "Manual"}[.] // .;

($ARGS.named.failed | rt_list) as $failed
| if type != "object" or (.as_of | type) != "string" or (.currencies | type) != "object" then
    error("the input is not the object rt-aggregate --summary writes")
  else . end
| (.currencies.USD // {}) as $usd
| ["close", "impact", "redventures", "adsbymoney", "msn"] as $known
| ($known + (((($usd.sources // {}) | keys) + $failed | unique) - $known)) as $names
| {
    text: (
      [ "Revenue snapshot \(.as_of): YTD \($usd.ytd_minor // 0 | usd)"
        + " · last 30 days \($usd.last_30d_minor // 0 | usd)"
        + " · projected \($usd.projected_annual_minor // 0 | usd)" ]
      + [ $names[] as $s
          | "• \($s | display_name): "
            + (if $failed | index([$s]) then "failed" else $usd.sources[$s] // 0 | usd end) ]
      + (if .goal then ["Goal: \(.goal.pct)% reached"] else [] end)
      | join("\n"))
  }
