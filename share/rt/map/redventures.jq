# RV Media Network overview rows (rt-fetch-redventures) -> one spanning record per row.
# A row is a total over its window, which the fetcher writes beside it
# (rt_window_start..rt_window_end, the part of one calendar month inside the
# fetch), so the record spans the window and is spread pro rata downstream.
# commission is taken as US dollars, a number or a decimal string: both are
# UNCONFIRMED (apis.md section 3), as is the meaning of a second row; a
# negative row is an adjustment.
# The id names the month, not the window's end: the total of November to
# the 21st and the total of November to the 22nd are the same record
# delivered twice, and the newer delivery replaces the older in the ledger.
# Within the month the id names the row by what it says, not by its place:
# rt_row_key, which rt-fetch-redventures writes ("commission", "adjustment",
# with a digest of any other fields; see rt-fetch-redventures(1)), so an id
# stays the same when a window comes back with fewer rows.  A row without
# it (saved before rt wrote keys) falls back to its place, rt_row.
include "rt";

rt_month_window("rt-fetch-redventures")
| ((.rt_row_key | rt_blank) // (.rt_row | tostring)) as $key
| {
    source_id: "\(.rt_property):\(.rt_window_start[0:7]):\($key)",
    date: .rt_window_start,
    end_date: .rt_window_end,
    amount: .commission,
    currency: "USD",
    kind: (if .commission | rt_negative then "adjustment" else "sale" end),
    status: "completed",
    description: (
      "RV Media Network \(if .commission | rt_negative then "adjustment" else "commission" end)"
      + " \(.rt_window_start)..\(.rt_window_end)"
      + (if .rt_row_key == null then (if .rt_row > 0 then " (row \(.rt_row + 1))" else "" end)
         elif ($key | test("^(commission|adjustment)$")) then "" else " (\($key))" end)
    )
  }
