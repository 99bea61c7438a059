# RV Media Network overview rows (rt-fetch-redventures) -> one spanning record per row.
# A row is a total over its window, which the fetcher writes beside it
# (rt_window_start..rt_window_end, the part of one calendar month inside the
# fetch), so the record spans the window and is spread pro rata downstream.
# commission is taken as US dollars, a number or a decimal string: both are
# UNCONFIRMED (apis.md section 3), as is the meaning of a second row; a
# negative row is an adjustment.
# The id names the month, not the window's end: the total of November to
# the 21st and the total of November to the 22nd are the same record
# delivered twice, and rt-dedupe --last keeps the fuller, later one.
include "rt";

rt_month_window("rt-fetch-redventures")
| {
    source_id: "\(.rt_property):\(.rt_window_start[0:7]):\(.rt_row)",
    date: .rt_window_start,
    end_date: .rt_window_end,
    amount: .commission,
    currency: "USD",
    kind: (if .commission | rt_negative then "adjustment" else "sale" end),
    status: "completed",
    description: (
      "RV Media Network commission \(.rt_window_start)..\(.rt_window_end)"
      + (if .rt_row > 0 then " (row \(.rt_row + 1))" else "" end)
    )
  }
