/*
 * Civil dates as day numbers (Howard Hinnant's algorithms), the reporting
 * time zone through the system's tzdata, the as-of date, and the exact
 * pro-rata spreading of spanning records.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rt_date.h"
#include "rt_err.h"

static char tzname_set[256] = "UTC";

rt_day
rt_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
rt_civil_from_days(rt_day z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
rt_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int
rt_days_in_year(int y)
{
	return is_leap(y) ? 366 : 365;
}

static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Strict YYYY-MM-DD naming a real day: 2026-02-30 is refused. */
int
rt_date_parse(const char *s, size_t n, rt_day *out)
{
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((y = digits(s, 4)) < 1 || (m = digits(s + 5, 2)) < 1 || m > 12 || (d = digits(s + 8, 2)) < 1 ||
	    d > rt_days_in_month(y, m))
		return -1;
	*out = rt_days_from_civil(y, m, d);
	return 0;
}

/*
 * A date written as fmt says, with strptime(3)'s conversions ("%m/%d/%Y",
 * "%d.%m.%Y", "%Y-%m-%d"): -1 unless the whole text is one real day.
 */
int
rt_date_parse_format(const char *s, size_t n, const char *fmt, rt_day *out)
{
	char buf[64];
	const char *end;
	struct tm tm;
	int y, m, d;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(buf, fmt, &tm)) == NULL || *end != '\0')
		return -1;
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	d = tm.tm_mday;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > rt_days_in_month(y, m))
		return -1;
	*out = rt_days_from_civil(y, m, d);
	return 0;
}

/* n as width digits at p (years 1..9999 need four); returns the end. */
static char *
put(char *p, int n, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--, n /= 10)
		p[i] = (char)('0' + n % 10);
	return p + width;
}

char *
rt_date_format(rt_day day, char *buf)
{
	int y, m, d;

	rt_civil_from_days(day, &y, &m, &d);
	/* rt-normalize writes one or two of these a record: no printf on that path. */
	if (y < 0 || y > 9999) {
		snprintf(buf, RT_DATE_BUFSZ, "%04d-%02d-%02d", y, m, d);
		return buf;
	}
	put(buf, y, 4);
	buf[4] = '-';
	put(buf + 5, m, 2);
	buf[7] = '-';
	put(buf + 8, d, 2);
	buf[10] = '\0';
	return buf;
}

/* ISO 8601 week-numbering year and week of a day. */
static void
iso_week(rt_day day, int *wy, int *wn)
{
	int y, m, d, wd;
	rt_day thursday, jan1;

	wd = (int)((day % 7 + 7 + 3) % 7); /* 0 = Monday; 1970-01-01 was a Thursday */
	thursday = day - wd + 3;
	rt_civil_from_days(thursday, &y, &m, &d);
	jan1 = rt_days_from_civil(y, 1, 1);
	*wy = y;
	*wn = (thursday - jan1) / 7 + 1;
}

/* A bucket's label; by hand, since it is written for every record aggregated. */
char *
rt_bucket_label(rt_day day, enum rt_bucket b, char *buf)
{
	int y, m, d, wy, wn;
	char *p = buf;

	rt_civil_from_days(day, &y, &m, &d);
	switch (b) {
	case RT_BUCKET_DAY:
		p = put(p, y, 4);
		*p++ = '-';
		p = put(p, m, 2);
		*p++ = '-';
		p = put(p, d, 2);
		break;
	case RT_BUCKET_WEEK:
		iso_week(day, &wy, &wn);
		p = put(p, wy, 4);
		*p++ = '-';
		*p++ = 'W';
		p = put(p, wn, 2);
		break;
	case RT_BUCKET_MONTH:
		p = put(p, y, 4);
		*p++ = '-';
		p = put(p, m, 2);
		break;
	case RT_BUCKET_QUARTER:
		p = put(p, y, 4);
		*p++ = '-';
		*p++ = 'Q';
		*p++ = (char)('1' + (m - 1) / 3);
		break;
	case RT_BUCKET_YEAR:
		p = put(p, y, 4);
		break;
	}
	*p = '\0';
	return buf;
}

/* The first and last day of the bucket holding day. */
void
rt_bucket_range(rt_day day, enum rt_bucket b, rt_day *first, rt_day *last)
{
	int y, m, d, q;

	rt_civil_from_days(day, &y, &m, &d);
	switch (b) {
	case RT_BUCKET_DAY:
		*first = *last = day;
		break;
	case RT_BUCKET_WEEK:
		*first = day - (rt_day)((day % 7 + 7 + 3) % 7);
		*last = *first + 6;
		break;
	case RT_BUCKET_MONTH:
		*first = rt_days_from_civil(y, m, 1);
		*last = *first + rt_days_in_month(y, m) - 1;
		break;
	case RT_BUCKET_QUARTER:
		q = (m - 1) / 3 * 3 + 1;
		*first = rt_days_from_civil(y, q, 1);
		*last = rt_days_from_civil(y, q + 2, rt_days_in_month(y, q + 2));
		break;
	case RT_BUCKET_YEAR:
		*first = rt_days_from_civil(y, 1, 1);
		*last = rt_days_from_civil(y, 12, 31);
		break;
	}
}

int
rt_bucket_parse(const char *s, enum rt_bucket *b)
{
	static const struct {
		const char *name;
		enum rt_bucket b;
	} names[] = { { "day", RT_BUCKET_DAY }, { "week", RT_BUCKET_WEEK }, { "month", RT_BUCKET_MONTH },
		{ "quarter", RT_BUCKET_QUARTER }, { "year", RT_BUCKET_YEAR } };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0) {
			*b = names[i].b;
			return 0;
		}
	return -1;
}

/*
 * Sets the reporting zone from the option, else RT_TZ, else UTC.  glibc falls
 * back to UTC silently for a zone it cannot find, so the name is checked
 * against the tz database first: a file there that is not a compiled zone
 * (zone.tab, tzdata.zi) would be read as a POSIX TZ string and be UTC too.
 */
int
rt_tz_init(const char *opt)
{
	const char *name = opt, *dir;
	char path[4096], magic[4];
	struct stat st;
	int fd, ok;

	if (name == NULL || *name == '\0')
		name = getenv("RT_TZ");
	if (name == NULL || *name == '\0')
		name = "UTC";
	if (strcmp(name, "UTC") != 0) {
		if (name[0] == '/' || name[0] == ':' || strstr(name, "..") != NULL)
			return -1;
		if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
			dir = "/usr/share/zoneinfo";
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
			return -1;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return -1;
		ok = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
		    memcmp(magic, "TZif", sizeof(magic)) == 0;
		close(fd);
		if (!ok)
			return -1;
	}
	if (setenv("TZ", name, 1) == -1)
		return -1;
	tzset();
	snprintf(tzname_set, sizeof(tzname_set), "%s", name);
	return 0;
}

const char *
rt_tz_name(void)
{
	return tzname_set;
}

/* Today: --as-of, else RT_TODAY, else the wall clock read in the reporting zone. */
int
rt_today(const char *opt, rt_day *day)
{
	const char *s = opt;

	if (s == NULL || *s == '\0')
		s = getenv("RT_TODAY");
	if (s != NULL && *s != '\0')
		return rt_date_parse(s, strlen(s), day);
	*day = rt_instant_local_day(rt_now());
	return 0;
}

/*
 * The reporting zone and the as-of date every program with --tz and --as-of
 * sets up first; a bad value of either is a usage error naming the value.
 */
void
rt_clock_init(const char *tz, const char *as_of, rt_day *today)
{
	if (rt_tz_init(tz) == -1)
		rt_errx(RT_EXIT_USAGE, "unknown time zone \"%s\"", tz != NULL ? tz : getenv("RT_TZ"));
	if (today != NULL && rt_today(as_of, today) == -1)
		rt_errx(RT_EXIT_USAGE, "as-of date \"%s\" is not YYYY-MM-DD",
		    as_of != NULL ? as_of : getenv("RT_TODAY"));
}

/*
 * RFC 3339 instants: 2026-01-05T19:38:56Z, 2024-09-10T10:42:38-07:00,
 * 2013-02-01T00:54:51.321000+00:00.  Fractions of a second are dropped.
 */
int
rt_instant_parse(const char *s, size_t n, int64_t *out)
{
	rt_day day;
	int hh, mm, ss, off = 0, oh, om;
	size_t i = 19;

	if (n < 20 || rt_date_parse(s, 10, &day) == -1)
		return -1;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	if (s[13] != ':' || s[16] != ':' || (hh = digits(s + 11, 2)) < 0 || hh > 23 ||
	    (mm = digits(s + 14, 2)) < 0 || mm > 59 || (ss = digits(s + 17, 2)) < 0 || ss > 60)
		return -1;
	if (s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == 20)
			return -1;
	}
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z'))
		off = 0;
	else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':' &&
	    (oh = digits(s + i + 1, 2)) >= 0 && oh < 24 && (om = digits(s + i + 4, 2)) >= 0 && om < 60)
		off = (s[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	else
		return -1;
	if (ss == 60)
		ss = 59; /* a leap second belongs to its minute */
	*out = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss - off;
	/* An offset must not carry the instant out of the years rt can write. */
	if (*out < (int64_t)rt_days_from_civil(1, 1, 1) * 86400 ||
	    *out >= (int64_t)(rt_days_from_civil(9999, 12, 31) + 1) * 86400)
		return -1;
	return 0;
}

char *
rt_instant_format(int64_t t, char *buf)
{
	rt_day day = (rt_day)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int64_t sec = t - (int64_t)day * 86400;
	char *p;

	rt_date_format(day, buf);
	p = buf + strlen(buf);
	*p++ = 'T';
	p = put(p, (int)(sec / 3600), 2);
	*p++ = ':';
	p = put(p, (int)(sec / 60 % 60), 2);
	*p++ = ':';
	p = put(p, (int)(sec % 60), 2);
	*p++ = 'Z';
	*p = '\0';
	return buf;
}

/* The civil date of an instant in the reporting zone. */
rt_day
rt_instant_local_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return (rt_day)(t / 86400);
	return rt_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/*
 * The instant the day begins in the reporting zone: its local midnight, or,
 * where a clock change skips midnight, the first instant of the day.
 */
int64_t
rt_local_midnight(rt_day day)
{
	struct tm tm = { 0 };
	int y, m, d;
	time_t t;

	rt_civil_from_days(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return (int64_t)day * 86400;
	/* mktime moves a midnight that does not exist forward past the gap, into the same day. */
	return (int64_t)t;
}

/* The current instant: RT_NOW (RFC 3339) pins it for tests, else the wall clock. */
int64_t
rt_now(void)
{
	const char *s = getenv("RT_NOW");
	int64_t t;

	if (s != NULL && rt_instant_parse(s, strlen(s), &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

/*
 * The part of amount, spread evenly over the days start..end, that falls on
 * the days from..to.  Each day gets amount / days (truncated); the remainder
 * goes to the last day, so that the parts always sum to the whole exactly.
 */
int64_t
rt_span_share(int64_t amount, rt_day start, rt_day end, rt_day from, rt_day to)
{
	int64_t ndays, per, rem, overlap;
	rt_day lo, hi;

	if (end <= start)
		return from <= start && start <= to ? amount : 0;
	lo = from > start ? from : start;
	hi = to < end ? to : end;
	if (lo > hi)
		return 0;
	ndays = (int64_t)end - start + 1;
	per = amount / ndays;
	rem = amount - per * ndays;
	overlap = (int64_t)hi - lo + 1;
	return per * overlap + (hi == end ? rem : 0);
}

/* The day of the week: 0 for Monday through 6 for Sunday (1970-01-01 was a Thursday). */
int
rt_weekday(rt_day day)
{
	return (int)(((int64_t)day % 7 + 10) % 7);
}
