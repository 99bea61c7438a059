/*
 * Day-by-day totals of each source in each currency over a window of days:
 * what rt-alert judges a day by, and how rt-dashboard tells a source that
 * went quiet.  Currencies are never added together.
 */
#ifndef RT_DAILY_H
#define RT_DAILY_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_date.h"
#include "rt_map.h"
#include "rt_record.h"

/* One day of one series; money in the series' minor units, completed records only. */
struct rt_day_total {
	int64_t net; /* every kind */
	int64_t gross; /* sales */
	int64_t refunds; /* refunds and chargebacks, negative */
	int32_t records; /* records dated this day, of any status */
	int32_t refund_records; /* completed refunds and chargebacks dated this day */
};

struct rt_series {
	char *source;
	char currency[4];
	rt_day first, last; /* the first and last record date seen, up to the window's end */
	rt_day lo; /* the day of days[0] */
	size_t ndays, cap;
	struct rt_day_total *days;
};

struct rt_daily {
	rt_day from, to; /* the window, inclusive */
	struct rt_map map; /* (source, currency) -> index into series */
	struct rt_series *series;
	size_t nseries, cap;
	struct rt_buf key;
};

void rt_daily_init(struct rt_daily *daily, rt_day from, rt_day to);
void rt_daily_free(struct rt_daily *daily);
int rt_daily_add(struct rt_daily *daily, const struct rt_record *rec, char *why, size_t whysz);
void rt_daily_sort(struct rt_daily *daily);
struct rt_day_total rt_series_day(const struct rt_series *s, rt_day day);
size_t rt_daily_source_end(const struct rt_daily *daily, size_t i);

#endif
