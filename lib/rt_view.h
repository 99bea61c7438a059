/*
 * What rt-report and rt-dashboard show people, gathered once through
 * rt_agg: the year-to-date summary, each source's last 30 days and the
 * year's months by source; and the shares and changes between them.
 */
#ifndef RT_VIEW_H
#define RT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "rt_agg.h"
#include "rt_record.h"

struct rt_view {
	struct rt_summary sum; /* year to date, last 30 days, projection; each source's year */
	struct rt_agg last30; /* by source, the 30 days ending on the as-of date */
	struct rt_agg monthly; /* by month and source, the year so far */
	struct rt_buf key;
};

/* One row of a table by source in one currency: its net in two aggregates. */
struct rt_view_row {
	char *source; /* or the label of a total row */
	int64_t a, b;
};

void rt_view_init(struct rt_view *view, rt_day as_of);
void rt_view_free(struct rt_view *view);
int rt_view_add(struct rt_view *view, const struct rt_record *rec, char *why, size_t whysz);
int rt_view_finish(struct rt_view *view, char *why, size_t whysz);
int64_t rt_view_net(
    struct rt_agg *agg, struct rt_buf *key, const char *const *parts, size_t nparts, const char *currency);
__int128 rt_pct_of(int64_t part, int64_t whole);
size_t rt_view_cut(const char *s, size_t n, size_t max);
size_t rt_view_rows(struct rt_agg *a, struct rt_agg *b, const char *currency, struct rt_view_row **rows);
void rt_view_rows_free(struct rt_view_row *rows, size_t n);

#endif
