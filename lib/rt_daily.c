/*
 * Day-by-day totals per (source, currency).  A series keeps only the days
 * it has records on, from its first to its last within the window, so a
 * source seen once costs one day, whatever the window.  A record with an
 * end_date is spread over its days with rt_span_share, as every total is.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_daily.h"
#include "rt_err.h"
#include "rt_money.h"
#include "rt_tracker.h"

void
rt_daily_init(struct rt_daily *d, rt_day from, rt_day to)
{
	memset(d, 0, sizeof(*d));
	d->from = from;
	d->to = to;
	rt_map_init(&d->map);
}

void
rt_daily_free(struct rt_daily *d)
{
	size_t i;

	for (i = 0; i < d->nseries; i++) {
		free(d->series[i].source);
		free(d->series[i].days);
	}
	free(d->series);
	rt_map_free(&d->map);
	rt_buf_free(&d->key);
	memset(d, 0, sizeof(*d));
}

static struct rt_series *
series(struct rt_daily *d, const struct rt_record *r)
{
	const struct rt_value *src = &r->f[RT_F_SOURCE], *cur = &r->f[RT_F_CURRENCY];
	struct rt_series *s;
	uint64_t *slot;
	int isnew;

	rt_buf_reset(&d->key);
	rt_key_add(&d->key, RT_KEY_STRING, src->p, src->n);
	rt_key_add(&d->key, RT_KEY_STRING, cur->p, cur->n);
	slot = rt_map_insert(&d->map, d->key.p, d->key.len, &isnew);
	if (isnew) {
		d->series = rt_egrow(d->series, &d->cap, d->nseries + 1, sizeof(*d->series));
		s = &d->series[d->nseries];
		memset(s, 0, sizeof(*s));
		s->source = rt_estrndup(src->p, src->n);
		memcpy(s->currency, cur->p, 3);
		s->first = INT32_MAX;
		s->last = INT32_MIN;
		*slot = d->nseries++;
	}
	return &d->series[*slot];
}

/* Makes room for the days lo..hi in s, keeping what it holds. */
static void
cover(struct rt_series *s, rt_day lo, rt_day hi)
{
	rt_day newlo = s->ndays == 0 || lo < s->lo ? lo : s->lo;
	rt_day oldhi = s->ndays == 0 ? lo - 1 : s->lo + (rt_day)s->ndays - 1;
	rt_day newhi = hi > oldhi ? hi : oldhi;
	size_t n = (size_t)(newhi - newlo) + 1, shift = s->ndays == 0 ? 0 : (size_t)(s->lo - newlo);

	if (s->ndays != 0 && newlo == s->lo && newhi == oldhi)
		return;
	s->days = rt_egrow(s->days, &s->cap, n, sizeof(*s->days));
	if (shift > 0)
		memmove(s->days + shift, s->days, s->ndays * sizeof(*s->days));
	memset(s->days, 0, shift * sizeof(*s->days));
	memset(s->days + shift + s->ndays, 0, (n - shift - s->ndays) * sizeof(*s->days));
	s->lo = newlo;
	s->ndays = n;
}

/* Adds a checked record.  -1 (why filled) when a day's total would overflow 64 bits. */
int
rt_daily_add(struct rt_daily *d, const struct rt_record *r, char *why, size_t whysz)
{
	struct rt_series *s;
	struct rt_day_total *t;
	rt_day lo, hi, day;
	int64_t share;
	int refund = r->kind == RT_KIND_REFUND || r->kind == RT_KIND_CHARGEBACK;

	if (r->date > d->to)
		return 0;
	s = series(d, r);
	if (r->date < s->first)
		s->first = r->date;
	if (r->date > s->last)
		s->last = r->date;
	lo = r->date > d->from ? r->date : d->from;
	hi = r->end_date < d->to ? r->end_date : d->to;
	if (lo > hi)
		return 0;
	cover(s, lo, hi);
	if (r->date >= d->from) {
		t = &s->days[r->date - s->lo];
		t->records++;
		if (refund && r->status == RT_STATUS_COMPLETED)
			t->refund_records++;
	}
	if (r->status != RT_STATUS_COMPLETED)
		return 0;
	for (day = lo; day <= hi; day++) {
		t = &s->days[day - s->lo];
		share = rt_span_share(r->amount_minor, r->date, r->end_date, day, day);
		if (rt_money_add(&t->net, share) == -1 ||
		    (r->kind == RT_KIND_SALE && rt_money_add(&t->gross, share) == -1) ||
		    (refund && rt_money_add(&t->refunds, share) == -1)) {
			snprintf(why, whysz, "a day's %.3s total for %s would overflow 64 bits", s->currency,
			    s->source);
			return -1;
		}
	}
	return 0;
}

static int
cmp_series(const void *x, const void *y)
{
	const struct rt_series *a = x, *b = y;
	int c = rt_source_cmp(a->source, b->source);

	return c != 0 ? c : strcmp(a->currency, b->currency);
}

/* Orders the series by source as the tracker does (known sources first), then currency. */
void
rt_daily_sort(struct rt_daily *d)
{
	size_t i;

	if (d->nseries > 1)
		qsort(d->series, d->nseries, sizeof(*d->series), cmp_series);
	/* The map's indexes moved with the series: point them again. */
	for (i = 0; i < d->nseries; i++) {
		rt_buf_reset(&d->key);
		rt_key_add(&d->key, RT_KEY_STRING, d->series[i].source, strlen(d->series[i].source));
		rt_key_add(&d->key, RT_KEY_STRING, d->series[i].currency, 3);
		*rt_map_find(&d->map, d->key.p, d->key.len) = i;
	}
}

/* A day of a series; all zero outside the days it holds. */
struct rt_day_total
rt_series_day(const struct rt_series *s, rt_day day)
{
	struct rt_day_total zero = { 0 };

	if (s->ndays == 0 || day < s->lo || day >= s->lo + (rt_day)s->ndays)
		return zero;
	return s->days[day - s->lo];
}

/* After rt_daily_sort: the index one past the last series of series i's source. */
size_t
rt_daily_source_end(const struct rt_daily *d, size_t i)
{
	size_t j = i + 1;

	while (j < d->nseries && strcmp(d->series[j].source, d->series[i].source) == 0)
		j++;
	return j;
}
