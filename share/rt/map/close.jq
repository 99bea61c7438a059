# Close opportunities (rt-fetch-close) -> sales.
# value is an integer in the minor unit of value_currency (apis.md section 1);
# date_won is the business date.  A monthly or annual value is kept as it is,
# one payment, and said so in the description: it is never multiplied.
# An opportunity without a value carries no revenue and gives no record.
#
# Close is a change feed (rt(7)): a run from the state reads every deal
# updated lately, of any status.  A won deal is a completed sale; a deal of
# any other status is the same record, reversed, so that a deal that left
# "won" stops counting (one that never was won counts nowhere either).  Its
# date is date_won while Close keeps it, else the day it was last updated.
include "rt";

select(.value != null)
| {
    source_id: .id,
    date: (.date_won | rt_blank),
    ts: (if .status_type != "won" and (.date_won | rt_blank) == null then .date_updated else null end),
    amount_minor: .value,
    currency: (.value_currency | rt_blank // (if .status_type == "won" then null else "USD" end)),
    kind: "sale",
    status: (if .status_type == "won" then "completed" else "reversed" end),
    client: (.lead_name | rt_blank),
    description: (
      ((.note | rt_blank) // (if .status_type == "won" then "Won opportunity" else "Opportunity, \(.status_type)" end))
      + (if .value_period == null or .value_period == "one_time" then ""
         else " [\(.value_period) value, not annualized]" end)
    )
  }
