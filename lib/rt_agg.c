/*
 * Totals per group.  A group key is built from each dimension's value (a
 * time bucket label or a top-level field) and the currency, so currencies are
 * never added together.  A record with an end_date is spread over the buckets
 * it crosses with rt_span_share, which keeps every cent.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_agg.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_money.h"

/* Parses "month,source": the comma-separated dimensions of -g. */
int
rt_agg_init(struct rt_agg *a, const char *spec, char *why, size_t whysz)
{
	const char *p = spec, *q;
	struct rt_dim *d;
	char name[256];
	size_t n;

	memset(a, 0, sizeof(*a));
	a->timedim = -1;
	rt_map_init(&a->map);
	while (spec != NULL && *p != '\0') {
		q = strchr(p, ',');
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		if (n == 0 || n >= sizeof(name)) {
			snprintf(why, whysz, "empty or overlong name in group list \"%s\"", spec);
			return -1;
		}
		if (a->ndims == RT_AGG_MAXDIMS) {
			snprintf(why, whysz, "more than %d group keys", RT_AGG_MAXDIMS);
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		d = &a->dims[a->ndims];
		if (rt_bucket_parse(name, &d->bucket) == 0) {
			if (a->timedim >= 0) {
				snprintf(why, whysz,
				    "only one of day, week, month, quarter, year may be grouped by");
				return -1;
			}
			d->is_time = 1;
			a->timedim = a->ndims;
		} else if (strcmp(name, "currency") == 0) {
			p += n + (q != NULL);
			continue; /* currency is always part of a group */
		}
		d->field = rt_estrdup(name);
		d->fieldlen = n;
		a->ndims++;
		p += n + (q != NULL);
	}
	return 0;
}

void
rt_agg_free(struct rt_agg *a)
{
	int i;

	for (i = 0; i < a->ndims; i++)
		free(a->dims[i].field);
	rt_map_free(&a->map);
	free(a->groups);
	rt_buf_free(&a->key);
	memset(a, 0, sizeof(*a));
}

/* Counts only the days since..until (inclusive) of every record. */
void
rt_agg_clip(struct rt_agg *a, rt_day since, rt_day until)
{
	a->clip = 1;
	a->since = since;
	a->until = until;
}

static struct rt_group *
group(struct rt_agg *a, const struct rt_record *r, const char *label)
{
	struct rt_group *g;
	uint64_t *slot;
	int i, isnew;

	rt_buf_reset(&a->key);
	for (i = 0; i < a->ndims; i++) {
		if (a->dims[i].is_time) {
			rt_key_add(&a->key, RT_KEY_STRING, label, strlen(label));
			continue;
		}
		rt_record_key_add(&a->key, r, a->dims[i].field, a->dims[i].fieldlen);
	}
	rt_key_add(&a->key, RT_KEY_STRING, r->f[RT_F_CURRENCY].p, r->f[RT_F_CURRENCY].n);
	slot = rt_map_insert(&a->map, a->key.p, a->key.len, &isnew);
	if (isnew) {
		a->groups = rt_egrow(a->groups, &a->cap, a->ngroups + 1, sizeof(*a->groups));
		g = &a->groups[a->ngroups];
		memset(g, 0, sizeof(*g));
		g->keyoff = a->map.keys.len - a->key.len;
		g->keylen = (uint32_t)a->key.len;
		*slot = a->ngroups++;
	}
	return &a->groups[*slot];
}

static int
apply(struct rt_group *g, const struct rt_record *r, int64_t share)
{
	int64_t *kind;

	if (r->status == RT_STATUS_PENDING)
		return rt_money_add(&g->m.pending, share);
	switch (r->kind) {
	case RT_KIND_SALE:
		kind = &g->m.gross;
		break;
	case RT_KIND_REFUND:
		kind = &g->m.refunds;
		break;
	case RT_KIND_FEE:
		kind = &g->m.fees;
		break;
	case RT_KIND_CHARGEBACK:
		kind = &g->m.chargebacks;
		break;
	default:
		kind = &g->m.adjustments;
		break;
	}
	g->m.count++;
	if (rt_money_add(kind, share) == -1 || rt_money_add(&g->m.net, share) == -1)
		return -1;
	return 0;
}

/*
 * Adds a checked record.  Returns -1 (why filled) when a total would no
 * longer fit in 64 bits; the totals are then unusable.
 */
int
rt_agg_add(struct rt_agg *a, const struct rt_record *r, char *why, size_t whysz)
{
	rt_day lo = r->date, hi = r->end_date, d, first, last, from, to;
	char label[RT_DATE_BUFSZ] = "";
	int64_t share;

	if (r->status == RT_STATUS_REVERSED)
		return 0;
	if (a->clip) {
		lo = lo > a->since ? lo : a->since;
		hi = hi < a->until ? hi : a->until;
		if (lo > hi)
			return 0;
	}
	if (a->timedim < 0) {
		share = rt_span_share(r->amount_minor, r->date, r->end_date, lo, hi);
		if (apply(group(a, r, label), r, share) == -1)
			goto overflow;
		return 0;
	}
	for (d = lo; d <= hi; d = last + 1) {
		rt_bucket_range(d, a->dims[a->timedim].bucket, &first, &last);
		from = first > lo ? first : lo;
		to = last < hi ? last : hi;
		share = rt_span_share(r->amount_minor, r->date, r->end_date, from, to);
		rt_bucket_label(d, a->dims[a->timedim].bucket, label);
		if (apply(group(a, r, label), r, share) == -1)
			goto overflow;
	}
	return 0;
overflow:
	snprintf(why, whysz, "a %.3s total%s%s would overflow 64 bits", r->f[RT_F_CURRENCY].p,
	    label[0] != '\0' ? " for " : "", label);
	return -1;
}

const char *
rt_agg_key(const struct rt_agg *a, const struct rt_group *g, size_t *n)
{
	*n = g->keylen;
	return a->map.keys.p + g->keyoff;
}

static int
compare(const void *x, const void *y, void *arg)
{
	const struct rt_agg *a = arg;
	const struct rt_group *g = x, *h = y;
	const char *kg = a->map.keys.p + g->keyoff, *kh = a->map.keys.p + h->keyoff, *pg, *ph;
	size_t ng, nh;
	int i, tg, th, c;

	for (i = 0;; i++) {
		tg = rt_key_part(kg, g->keylen, i, &pg, &ng);
		th = rt_key_part(kh, h->keylen, i, &ph, &nh);
		if (tg == -1 || th == -1)
			return (tg != -1) - (th != -1);
		if (tg != th)
			return tg == RT_KEY_MISSING ? -1 : th == RT_KEY_MISSING ? 1 : tg - th;
		if ((c = memcmp(pg, ph, ng < nh ? ng : nh)) != 0)
			return c;
		if (ng != nh)
			return ng < nh ? -1 : 1;
	}
}

/* Orders groups by their keys, dimension by dimension, then currency. */
void
rt_agg_sort(struct rt_agg *a)
{
	if (a->ngroups > 1)
		qsort_r(a->groups, a->ngroups, sizeof(*a->groups), compare, a);
}

const char *
rt_dim_name(const struct rt_dim *d)
{
	return d->field;
}

void
rt_summary_init(struct rt_summary *s, rt_day as_of)
{
	int y, m, d;
	char why[8];

	memset(s, 0, sizeof(*s));
	rt_civil_from_days(as_of, &y, &m, &d);
	s->as_of = as_of;
	s->year_start = rt_days_from_civil(y, 1, 1);
	s->days_elapsed = as_of - s->year_start + 1;
	s->days_in_year = rt_days_in_year(y);
	rt_agg_init(&s->ytd, "source", why, sizeof(why));
	rt_agg_clip(&s->ytd, s->year_start, as_of);
	rt_agg_init(&s->last30, NULL, why, sizeof(why));
	rt_agg_clip(&s->last30, as_of - 29, as_of);
}

void
rt_summary_free(struct rt_summary *s)
{
	size_t i, j;

	rt_agg_free(&s->ytd);
	rt_agg_free(&s->last30);
	for (i = 0; i < s->ncur; i++) {
		for (j = 0; j < s->cur[i].nsources; j++)
			free(s->cur[i].sources[j].source);
		free(s->cur[i].sources);
	}
	free(s->cur);
	free(s->seen);
	memset(s, 0, sizeof(*s));
}

int
rt_summary_add(struct rt_summary *s, const struct rt_record *r, char *why, size_t whysz)
{
	rt_day first = s->year_start < s->as_of - 29 ? s->year_start : s->as_of - 29;
	size_t i;

	/* A currency is shown when something of it counts in one of the windows. */
	if (r->status == RT_STATUS_REVERSED || r->end_date < first || r->date > s->as_of)
		return 0;
	for (i = 0; i < s->nseen; i++)
		if (memcmp(s->seen[i], r->f[RT_F_CURRENCY].p, 3) == 0)
			break;
	if (i == s->nseen) {
		s->seen = rt_erealloc(s->seen, (s->nseen + 1) * sizeof(*s->seen));
		memcpy(s->seen[s->nseen], r->f[RT_F_CURRENCY].p, 3);
		s->seen[s->nseen++][3] = '\0';
	}
	if (rt_agg_add(&s->ytd, r, why, whysz) == -1 || rt_agg_add(&s->last30, r, why, whysz) == -1)
		return -1;
	return 0;
}

static int
cmp_currency(const void *x, const void *y)
{
	return strcmp(
	    ((const struct rt_currency_total *)x)->currency, ((const struct rt_currency_total *)y)->currency);
}

/* Gathers the groups into per-currency totals, ordered by currency code. */
int
rt_summary_finish(struct rt_summary *s, char *why, size_t whysz)
{
	struct rt_currency_total *c;
	const struct rt_group *g;
	const char *key, *p = "", *cur = "   ";
	size_t i, n, pn = 0, cn;

	s->cur = rt_ecalloc(s->nseen, sizeof(*s->cur));
	s->ncur = s->nseen;
	for (i = 0; i < s->nseen; i++)
		memcpy(s->cur[i].currency, s->seen[i], 4);
	if (s->ncur > 1)
		qsort(s->cur, s->ncur, sizeof(*s->cur), cmp_currency);
	rt_agg_sort(&s->ytd);
	for (i = 0; i < s->ytd.ngroups; i++) {
		g = &s->ytd.groups[i];
		key = rt_agg_key(&s->ytd, g, &n);
		rt_key_part(key, n, 0, &p, &pn);
		rt_key_part(key, n, 1, &cur, &cn);
		c = (struct rt_currency_total *)rt_summary_currency(
		    s, (char[4]){ cur[0], cur[1], cur[2], 0 });
		if (c == NULL)
			continue;
		if (rt_money_add(&c->ytd, g->m.net) == -1 || rt_money_add(&c->pending, g->m.pending) == -1) {
			snprintf(why, whysz, "the %s year-to-date total would overflow 64 bits", c->currency);
			return -1;
		}
		if (g->m.count == 0)
			continue; /* only pending amounts: not a source of revenue yet */
		c->sources = rt_erealloc(c->sources, (c->nsources + 1) * sizeof(*c->sources));
		c->sources[c->nsources].source = rt_estrndup(p, pn);
		c->sources[c->nsources++].ytd = g->m.net;
	}
	for (i = 0; i < s->last30.ngroups; i++) {
		g = &s->last30.groups[i];
		key = rt_agg_key(&s->last30, g, &n);
		rt_key_part(key, n, 0, &cur, &cn);
		c = (struct rt_currency_total *)rt_summary_currency(
		    s, (char[4]){ cur[0], cur[1], cur[2], 0 });
		if (c != NULL)
			c->last30 = g->m.net;
	}
	for (i = 0; i < s->ncur; i++)
		if (rt_money_muldiv(s->cur[i].ytd, s->days_in_year, s->days_elapsed, &s->cur[i].projected) ==
		    -1) {
			snprintf(why, whysz, "the %s projection would overflow 64 bits", s->cur[i].currency);
			return -1;
		}
	return 0;
}

const struct rt_currency_total *
rt_summary_currency(const struct rt_summary *s, const char *code)
{
	size_t i;

	for (i = 0; i < s->ncur; i++)
		if (strcmp(s->cur[i].currency, code) == 0)
			return &s->cur[i];
	return NULL;
}

/* Parses AMOUNT[:CURRENCY] (currency USD when left out) into a goal. */
int
rt_goal_parse(struct rt_goal *g, const char *s)
{
	const char *colon = strchr(s, ':');
	size_t n = colon != NULL ? (size_t)(colon - s) : strlen(s);
	const char *cur = colon != NULL ? colon + 1 : "USD";
	int e;

	memset(g, 0, sizeof(*g));
	if ((e = rt_currency_exponent(cur, strlen(cur))) < 0)
		return -1;
	if (rt_money_parse(s, n, e, &g->amount_minor) != RT_MONEY_OK || g->amount_minor <= 0)
		return -1;
	memcpy(g->currency, cur, 3);
	g->set = 1;
	return 0;
}

/* The share of the goal reached, in hundredths of a percent, rounded half away from zero. */
int64_t
rt_goal_pct(const struct rt_goal *g, int64_t ytd)
{
	int64_t pct = 0;

	if (rt_money_muldiv(ytd, 10000, g->amount_minor, &pct) == -1)
		pct = ytd < 0 ? INT64_MIN : INT64_MAX;
	return pct;
}

/* Writes hundredths of a percent as a number with two places: 36 -> 0.36. */
void
rt_pct_format(struct rt_buf *b, int64_t hundredths)
{
	uint64_t u = hundredths < 0 ? (uint64_t)0 - (uint64_t)hundredths : (uint64_t)hundredths;

	rt_buf_addf(b, "%s%llu.%02llu", hundredths < 0 ? "-" : "", (unsigned long long)(u / 100),
	    (unsigned long long)(u % 100));
}

/* The snapshot object of rt-aggregate --summary, one line. */
void
rt_summary_json(struct rt_buf *b, const struct rt_summary *s, const struct rt_goal *goal)
{
	const struct rt_currency_total *c;
	char d[RT_DATE_BUFSZ];
	size_t i, j;

	rt_buf_adds(b, "{\"as_of\":\"");
	rt_buf_adds(b, rt_date_format(s->as_of, d));
	rt_buf_adds(b, "\",\"tz\":");
	rt_json_add_string(b, rt_tz_name(), strlen(rt_tz_name()));
	rt_buf_addf(b, ",\"year_start\":\"%s\",\"days_elapsed\":%d,\"days_in_year\":%d,\"currencies\":{",
	    rt_date_format(s->year_start, d), s->days_elapsed, s->days_in_year);
	for (i = 0; i < s->ncur; i++) {
		c = &s->cur[i];
		rt_buf_addf(b, "%s\"%s\":{\"ytd_minor\":", i ? "," : "", c->currency);
		rt_buf_addi64(b, c->ytd);
		rt_buf_adds(b, ",\"last_30d_minor\":");
		rt_buf_addi64(b, c->last30);
		rt_buf_adds(b, ",\"projected_annual_minor\":");
		rt_buf_addi64(b, c->projected);
		rt_buf_adds(b, ",\"pending_minor\":");
		rt_buf_addi64(b, c->pending);
		rt_buf_adds(b, ",\"sources\":{");
		for (j = 0; j < c->nsources; j++) {
			if (j > 0)
				rt_buf_addc(b, ',');
			rt_json_add_string(b, c->sources[j].source, strlen(c->sources[j].source));
			rt_buf_addc(b, ':');
			rt_buf_addi64(b, c->sources[j].ytd);
		}
		rt_buf_adds(b, "}}");
	}
	rt_buf_addc(b, '}');
	if (goal != NULL && goal->set) {
		c = rt_summary_currency(s, goal->currency);
		rt_buf_addf(b, ",\"goal\":{\"currency\":\"%s\",\"amount_minor\":", goal->currency);
		rt_buf_addi64(b, goal->amount_minor);
		rt_buf_adds(b, ",\"pct\":");
		rt_pct_format(b, rt_goal_pct(goal, c != NULL ? c->ytd : 0));
		rt_buf_addc(b, '}');
	}
	rt_buf_adds(b, "}\n");
}
