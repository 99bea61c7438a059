/*
 * Checks that the date, instant and time-zone parsers survive any bytes; that
 * a date or instant read formats back to itself; that every bucket holding a
 * day holds exactly the days with its label; and that the pro-rata shares of
 * a span, over any cut of the calendar, sum exactly to its amount.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rt_date.h"

static const enum rt_bucket buckets[] = { RT_BUCKET_DAY, RT_BUCKET_WEEK, RT_BUCKET_MONTH, RT_BUCKET_QUARTER,
	RT_BUCKET_YEAR };

static void
check_buckets(rt_day day)
{
	char label[RT_DATE_BUFSZ], edge[RT_DATE_BUFSZ];
	rt_day first, last, f2, l2;
	size_t i;

	for (i = 0; i < sizeof(buckets) / sizeof(buckets[0]); i++) {
		rt_bucket_range(day, buckets[i], &first, &last);
		FUZZ_CHECK(first <= day && day <= last && last - first <= 365,
		    "bucket %zu of day %d is %d..%d", i, (int)day, (int)first, (int)last);
		rt_bucket_label(day, buckets[i], label);
		FUZZ_CHECK(strcmp(rt_bucket_label(first, buckets[i], edge), label) == 0,
		    "first day labelled %s, not %s", edge, label);
		FUZZ_CHECK(strcmp(rt_bucket_label(last, buckets[i], edge), label) == 0,
		    "last day labelled %s, not %s", edge, label);
		FUZZ_CHECK(strcmp(rt_bucket_label(first - 1, buckets[i], edge), label) != 0,
		    "the day before bucket %s is in it", label);
		FUZZ_CHECK(strcmp(rt_bucket_label(last + 1, buckets[i], edge), label) != 0,
		    "the day after bucket %s is in it", label);
		rt_bucket_range(last, buckets[i], &f2, &l2);
		FUZZ_CHECK(f2 == first && l2 == last, "bucket %s has two ranges", label);
	}
}

static int64_t
take(const uint8_t **p, size_t *n, size_t k)
{
	uint64_t v = 0;

	while (k-- > 0 && *n > 0) {
		v = v << 8 | **p;
		(*p)++;
		(*n)--;
	}
	return (int64_t)v;
}

/*
 * A span and a cut of the days around it into pieces, from the bytes: the
 * shares of the pieces sum to the amount and none is larger than it.
 */
static void
check_span(const uint8_t *p, size_t n)
{
	int64_t amount, share, sum = 0;
	rt_day start, end, from, to, lo, hi;

	if (n < 16)
		return;
	amount = take(&p, &n, 8);
	start = (rt_day)(take(&p, &n, 3) - (1 << 23)) * 16; /* about 370,000 years either way */
	end = start + (rt_day)(take(&p, &n, 2) % 4000) - 2; /* from a day before the start */
	lo = (start < end ? start : end) - (rt_day)(take(&p, &n, 1) % 40);
	hi = (start > end ? start : end) + (rt_day)(take(&p, &n, 1) % 40);
	for (from = lo; from <= hi; from = to + 1) {
		to = from + (rt_day)(n > 0 ? take(&p, &n, 1) % 64 : 400);
		if (to > hi)
			to = hi;
		share = rt_span_share(amount, start, end, from, to);
		FUZZ_CHECK(amount >= 0 ? share >= 0 && share <= amount : share <= 0 && share >= amount,
		    "share %lld of %lld", (long long)share, (long long)amount);
		FUZZ_CHECK(!__builtin_add_overflow(sum, share, &sum), "shares overflow");
	}
	FUZZ_CHECK(sum == amount, "shares of %lld over %d..%d sum to %lld", (long long)amount, (int)start,
	    (int)end, (long long)sum);
	FUZZ_CHECK(rt_span_share(amount, start, end, hi + 1, hi + 400) == 0 &&
		rt_span_share(amount, start, end, lo - 400, lo - 1) == 0,
	    "a share outside the span");
}

/*
 * The input is a date or an instant, or "zone\ninstant": the zone is set
 * first, as --tz would set it, and the instant's local day read in it.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl;
	char buf[RT_INSTANT_BUFSZ], *name = NULL;
	int64_t t, t2;
	rt_day day, local;
	size_t n = size;
	int y, m, d;

	/* A zone name of a sensible length, as --tz or RT_TZ would give it. */
	if ((nl = memchr(s, '\n', size)) != NULL && nl - s < 64 &&
	    memchr(s, '\0', (size_t)(nl - s)) == NULL) {
		name = strndup(s, (size_t)(nl - s));
		/* An empty name means RT_TZ, else UTC. */
		if (rt_tz_init(name) == 0 && name[0] != '\0')
			FUZZ_CHECK(strcmp(rt_tz_name(), name) == 0, "zone %s set as %s", name, rt_tz_name());
		n = size - (size_t)(nl + 1 - s);
		s = nl + 1;
	}

	if (rt_date_parse(s, n, &day) == 0) {
		FUZZ_CHECK(memcmp(rt_date_format(day, buf), s, 10) == 0, "%.10s formats as %s", s, buf);
		rt_civil_from_days(day, &y, &m, &d);
		FUZZ_CHECK(rt_days_from_civil(y, m, d) == day && d <= rt_days_in_month(y, m),
		    "day %d is %d-%d-%d", (int)day, y, m, d);
		check_buckets(day);
	}

	if (rt_instant_parse(s, n, &t) == 0) {
		rt_instant_format(t, buf);
		/* Offsets can carry an instant out of years 1 to 9999, which rt does not write. */
		if (strlen(buf) == 20 && strncmp(buf, "0000", 4) != 0)
			FUZZ_CHECK(rt_instant_parse(buf, strlen(buf), &t2) == 0 && t2 == t,
			    "%.*s is %lld, written %s", (int)n, s, (long long)t, buf);
		/* No zone is more than a day from UTC. */
		local = rt_instant_local_day(t);
		day = (rt_day)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
		FUZZ_CHECK(local >= day - 1 && local <= day + 1, "local day %d of UTC day %d in %s",
		    (int)local, (int)day, rt_tz_name());
	}

	check_span(data, size);

	/* Each input starts in UTC, as a program does without --tz. */
	if (name != NULL) {
		FUZZ_CHECK(rt_tz_init("UTC") == 0, "UTC refused");
		free(name);
	}
	return 0;
}
