/* Civil dates, the reporting time zone, the as-of date and pro-rata spans (SPEC section 3). */
#ifndef RT_DATE_H
#define RT_DATE_H

#include <stddef.h>
#include <stdint.h>

/* A civil date is a count of days since 1970-01-01. */
typedef int32_t rt_day;

enum rt_bucket {
	RT_BUCKET_DAY,
	RT_BUCKET_WEEK, /* ISO 8601 week, "2026-W03" */
	RT_BUCKET_MONTH, /* "2026-01" */
	RT_BUCKET_QUARTER, /* "2026-Q1" */
	RT_BUCKET_YEAR /* "2026" */
};

#define RT_DATE_BUFSZ 32
#define RT_INSTANT_BUFSZ 64

rt_day rt_days_from_civil(int, int, int);
void rt_civil_from_days(rt_day, int *, int *, int *);
int rt_days_in_month(int, int);
int rt_days_in_year(int);
int rt_date_parse(const char *, size_t, rt_day *);
char *rt_date_format(rt_day, char *);
char *rt_bucket_label(rt_day, enum rt_bucket, char *);
void rt_bucket_range(rt_day, enum rt_bucket, rt_day *, rt_day *);
int rt_bucket_parse(const char *, enum rt_bucket *);

int rt_tz_init(const char *);
const char *rt_tz_name(void);
int rt_today(const char *, rt_day *);
void rt_clock_init(const char *, const char *, rt_day *);

int rt_instant_parse(const char *, size_t, int64_t *);
char *rt_instant_format(int64_t, char *);
rt_day rt_instant_local_day(int64_t);
int64_t rt_local_midnight(rt_day);
int64_t rt_now(void);

int64_t rt_span_share(int64_t, rt_day, rt_day, rt_day, rt_day);

#endif
