# impact.com Performance by Day rows (rt-fetch-impact) -> one sale per day.
# The report's column names are UNCONFIRMED (apis.md section 2), so the known
# variants are accepted:
#  - the day is rt_date, which rt-fetch-impact adds to each row from its Date,
#    date, Day, day or date_display column; a row without it did not come
#    through the fetcher and is refused;
#  - the earnings are Total_Cost, else Action_Cost, else Earnings (the first
#    that is given and not empty): a decimal in major units, exact text;
#  - the currency is Currency, USD when the row has none;
#  - a row with a program (CampaignId, Campaign_Id, else Campaign) is that
#    program's share of the day, and the program is part of its id, as is a
#    currency other than USD, so that no two rows of a day share an id.
# A day without earnings gives no record; a negative day (reversals beyond
# the day's sales) is an adjustment.  impact revises recent days: each is
# read again within the fetcher's lookback and keeps its id, so
# rt-dedupe --last keeps the newest figure.
include "rt";

(.rt_date // error("no rt_date: impact rows are read through rt-fetch-impact")) as $day
| ((.Total_Cost | rt_blank) // (.Action_Cost | rt_blank) // (.Earnings | rt_blank)
   // error("none of Total_Cost, Action_Cost or Earnings")) as $amount
| select($amount | tostring | test("^[-+]?0*([.]0*)?$") | not)
| ((.Currency | rt_blank) // "USD" | ascii_upcase) as $currency
| ((.CampaignId | rt_blank) // (.Campaign_Id | rt_blank) // (.Campaign | rt_blank)) as $program
| {
    source_id: ($day
      + (if $program != null then ":\($program)" else "" end)
      + (if $currency != "USD" then ":\($currency)" else "" end)),
    date: $day,
    amount: $amount,
    currency: $currency,
    kind: (if $amount | rt_negative then "adjustment" else "sale" end),
    status: "completed",
    description: ("impact.com performance \($day)"
      + (if (.Campaign | rt_blank) != null then " (\(.Campaign))" else "" end))
  }
