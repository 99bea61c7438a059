# AdsByMoney, three ways in, one map:
#
# - rt-fetch-adsbymoney (the publisher API): one campaign's total for one
#   calendar month, {"id": 101, "name": "..", "earnings": "123.45", ..,
#   "rt_window_start": "2026-03-01", "rt_window_end": "2026-03-31",
#   "rt_campaign": "101", "rt_earnings": "123.45"}, the fetcher's judgement
#   of the earnings in rt_earnings (0 for a month before the account).  It
#   becomes one record spanning the window, with the id
#   adsbymoney:campaign:CAMPAIGN:YYYY-MM, the same from run to run however
#   far into the month the window reaches.
# - rt-scrape-abm (the publisher site): a day's earnings,
#   {"timestamp": 1767247200, "earnings": "12.34", "impressions": .., "clicks": ..};
#   its day is the timestamp's date in the reporting zone (RT_TZ, --tz), and
#   it becomes {"YYYY-MM-DD": earnings}, so it has the same id,
#   adsbymoney:YYYY-MM-DD, as that day kept by hand and never counts twice.
# - the hand-kept file of adsbymoney-manual.jq, which either fetcher's
#   --fallback writes one key a line.
#
# The shapes of the site are assumptions (it documents nothing; see
# rt-scrape-abm(1)).  USD is assumed throughout: AdsByMoney shows dollars and
# names no currency.  A month's records from the API and the days of the
# site or the file are different ids: the ledger replaces the source's
# records of a window with what the latest delivery holds (rt(7)).
include "rt";

if has("rt_campaign") then
  rt_month_window("rt-fetch-adsbymoney")
  | {
      source_id: "campaign:\(.rt_campaign):\(.rt_window_start[0:7])",
      date: .rt_window_start,
      end_date: .rt_window_end,
      amount: .rt_earnings,
      kind: (if .rt_earnings | rt_negative then "adjustment" else "sale" end),
      status: "completed",
      description: "AdsByMoney campaign \((.name // .campaign_name // .rt_campaign) | tostring) \(.rt_window_start[0:7])"
    }
else
  if has("timestamp") then
    if has("earnings") | not then error("entry has no \"earnings\"") else . end
    | {(.timestamp | tonumber | strflocaltime("%Y-%m-%d")): .earnings}
  else . end
  | rt_period_totals("AdsByMoney earnings")
end
+ {source: "adsbymoney", currency: "USD"}
