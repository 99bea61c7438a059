# AdsByMoney earnings kept by hand when the publisher site cannot be read:
# {"2026-01": 1520.10, "2026-02-14": 75.00}.  A YYYY-MM key is a month's
# total, spread over the month; a YYYY-MM-DD key is one day's earnings and has
# the same id as that day scraped from the site, so the two never count twice.
# The adsbymoney map reads these files too (and rt-scrape-abm's output).
include "rt";

rt_period_totals("AdsByMoney earnings") + {source: "adsbymoney", currency: "USD"}
