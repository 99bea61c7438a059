# AdsByMoney (rt-scrape-abm): the publisher site's daily earnings, scraped as
# {"timestamp": 1767247200, "earnings": "12.34", "impressions": .., "clicks": ..},
# and the hand-kept file of adsbymoney-manual.jq (which rt-scrape-abm
# --fallback writes one key a line).  The shapes are assumptions (the site
# documents nothing; see rt-scrape-abm(1)).  A scraped entry is that day's
# earnings: its day is the timestamp's date in the reporting zone (RT_TZ,
# --tz), and it becomes {"YYYY-MM-DD": earnings}, so it has the same id,
# adsbymoney:YYYY-MM-DD, as that day kept by hand and never counts twice.
# USD is assumed: the site shows dollars and names no currency.
include "rt";

if has("timestamp") then
  if has("earnings") | not then error("entry has no \"earnings\"") else . end
  | {(.timestamp | tonumber | strflocaltime("%Y-%m-%d")): .earnings}
else . end
| rt_period_totals("AdsByMoney earnings") + {source: "adsbymoney", currency: "USD"}
