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

rt_day rt_days_from_civil(int y, int m, int d);
void rt_civil_from_days(rt_day z, int *y, int *m, int *d);
int rt_days_in_month(int y, int m);
int rt_days_in_year(int y);
int rt_date_parse(const char *s, size_t n, rt_day *out);
int rt_date_parse_format(const char *s, size_t n, const char *fmt, rt_day *out);
char *rt_date_format(rt_day day, char *buf);
char *rt_bucket_label(rt_day day, enum rt_bucket b, char *buf);
int rt_weekday(rt_day day);
void rt_bucket_range(rt_day day, enum rt_bucket b, rt_day *first, rt_day *last);
int rt_bucket_parse(const char *s, enum rt_bucket *b);

int rt_tz_init(const char *opt);
const char *rt_tz_name(void);
int rt_today(const char *opt, rt_day *day);
void rt_clock_init(const char *tz, const char *as_of, rt_day *today);

int rt_instant_parse(const char *s, size_t n, int64_t *out);
char *rt_instant_format(int64_t t, char *buf);
rt_day rt_instant_local_day(int64_t t);
int64_t rt_local_midnight(rt_day day);
int64_t rt_now(void);

int64_t rt_span_share(int64_t amount, rt_day start, rt_day end, rt_day from, rt_day to);

#endif
