# The revenue snapshot rt-post sends to a Convex HTTP action (apis.md section 7),
# made from the object `rt-aggregate --summary` writes:
#
#   {"snapshotDate": "2026-11-21", "totalYtdUsd": 54964.80, "projectedAnnualUsd": 61729.70,
#    "last30dUsd": 20993.00, "sources": {"close": 1750.00, "impact": null, ...},
#    "createdAt": "2026-11-21T12:00:00Z"}
#
# Amounts are USD with two places, exact: a source missing from the summary
# is 0.00, one named in --arg failed "impact,msn" is null (its fetch failed,
# so its total is unknown, not zero).  createdAt is $rt_now: RT_NOW, else the clock.
include "rt";

($ARGS.named.failed | rt_list) as $failed
| if type != "object" or (.as_of | type) != "string" or (.currencies | type) != "object" then
    error("the input is not the object rt-aggregate --summary writes")
  else . end
| (.currencies.USD // {}) as $usd
| {
    snapshotDate: .as_of,
    totalYtdUsd: ($usd.ytd_minor // 0 | rt_money_number(2)),
    projectedAnnualUsd: ($usd.projected_annual_minor // 0 | rt_money_number(2)),
    last30dUsd: ($usd.last_30d_minor // 0 | rt_money_number(2)),
    sources: (
      reduce ("close", "impact", "redventures", "adsbymoney", "msn") as $s ({};
        .[$s] = (if $failed | index([$s]) then null
                 else $usd.sources[$s] // 0 | rt_money_number(2) end))
    ),
    createdAt: $rt_now
  }
