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
		if (rt_record_key_add(&a->key, r, a->dims[i].field, a->dims[i].fieldlen) == 0)
			a->dims[i].present++;
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
