/*
 * What rt writes into the tracker's regions (SPEC section 8): the YTD line,
 * the monthly table of sources by month, and the log's rows.
 */
#ifndef RT_TRACKVIEW_H
#define RT_TRACKVIEW_H

#include <stddef.h>

#include "rt_agg.h"
#include "rt_buf.h"
#include "rt_date.h"
#include "rt_tracker.h"

void rt_tracker_ytd(struct rt_buf *b, const struct rt_summary *s, const struct rt_goal *goal);
void rt_tracker_monthly(struct rt_buf *b, struct rt_agg *a, rt_day year_start, rt_day as_of);
void rt_monthly_table(
    struct rt_table *t, struct rt_agg *a, rt_day year_start, rt_day as_of, const char *strong);
void rt_tracker_log_row(struct rt_buf *b, const struct rt_tracklog *log, const struct rt_tracklog_entry *e);
void rt_tracker_log_header(struct rt_buf *b);

#endif
