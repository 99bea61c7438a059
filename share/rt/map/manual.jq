# Offline contracts and purchase orders kept in a CSV (read with --csv):
#   date,amount,currency,kind,client,description,entity
# amount is a decimal in major units ("1250.00"); kind defaults to sale.
# Optional columns: id (else the row's content names it), status, end_date, ref.
include "rt";

{
  source_id: (.id | rt_blank),
  date: .date,
  end_date: (.end_date | rt_blank),
  amount: (.amount | rt_blank),
  currency: (.currency | rt_blank),
  kind: (.kind | rt_blank // "sale"),
  status: (.status | rt_blank // "completed"),
  client: (.client | rt_blank),
  description: (.description | rt_blank),
  ref: (.ref | rt_blank),
  entity: (.entity | rt_blank)
}
