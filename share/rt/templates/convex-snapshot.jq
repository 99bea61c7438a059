# The revenue snapshot rt-post sends to a Convex HTTP action, in the schema
# of the Mission Control document, from the object `rt-aggregate --summary`
# writes:
#
#   {"snapshotDate": "2026-11-21", "totalYtdUsd": 54964.80, "projectedAnnualUsd": 61729.70,
#    "last30dUsd": 20993.00, "sources": {"close": 1750.00, "impact": null, "redventures": 0.00,
#    "adsbymoney": 0.00, "msn": 53250.00}, "createdAt": 1795262400000}
#
# Exactly these keys, nothing more.  Amounts are USD with two places, exact
# (never computed as floats).  A fetched source (close, impact, redventures,
# adsbymoney) named in --arg failed "impact,redventures" is null: its fetch
# failed, so its total is unknown, not zero.  One missing from the summary
# (not configured, or nothing earned) is 0.00.  msn is always a number: it
# is kept by hand, so the ledger's figure is the last one entered even when
# its file was refused.  createdAt is Date.now()'s kind of number, epoch
# milliseconds, from $rt_now_ms: RT_NOW, else the clock.
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
      reduce rt_snapshot_sources[] as $s ({};
        .[$s] = (if $s != "msn" and ($failed | any(.[]; . == $s)) then null
                 else $usd.sources[$s] // 0 | rt_money_number(2) end))
    ),
    createdAt: ($rt_now_ms | rt_number)
  }
