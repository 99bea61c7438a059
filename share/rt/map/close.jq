# Close won opportunities (rt-fetch-close) -> sales.
# value is an integer in the minor unit of value_currency (apis.md section 1);
# date_won is the business date.  A monthly or annual value is kept as it is,
# one payment, and said so in the description: it is never multiplied.
# An opportunity won without a value carries no revenue and gives no record.
include "rt";

select(.value != null)
| {
    source_id: .id,
    date: .date_won,
    amount_minor: .value,
    currency: .value_currency,
    kind: "sale",
    status: "completed",
    client: (.lead_name | rt_blank),
    description: (
      ((.note | rt_blank) // "Won opportunity")
      + (if .value_period == null or .value_period == "one_time" then ""
         else " [\(.value_period) value, not annualized]" end)
    )
  }
