/*
 * The totals the views show.  Each is an rt_agg clipped to its window, so a
 * record with an end_date counts in each by its share of days, exactly as
 * rt-aggregate counts it.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_tracker.h"
#include "rt_view.h"

void
rt_view_init(struct rt_view *v, rt_day as_of)
{
	char why[8];

	memset(v, 0, sizeof(*v));
	rt_summary_init(&v->sum, as_of);
	rt_agg_init(&v->last30, "source", why, sizeof(why));
	rt_agg_clip(&v->last30, as_of - 29, as_of);
	rt_agg_init(&v->monthly, "month,source", why, sizeof(why));
	rt_agg_clip(&v->monthly, v->sum.year_start, as_of);
}

void
rt_view_free(struct rt_view *v)
{
	rt_summary_free(&v->sum);
	rt_agg_free(&v->last30);
	rt_agg_free(&v->monthly);
	rt_buf_free(&v->key);
}

/* Adds a checked record.  -1 (why filled) when a total would overflow 64 bits. */
int
rt_view_add(struct rt_view *v, const struct rt_record *r, char *why, size_t whysz)
{
	if (rt_summary_add(&v->sum, r, why, whysz) == -1 || rt_agg_add(&v->last30, r, why, whysz) == -1 ||
	    rt_agg_add(&v->monthly, r, why, whysz) == -1)
		return -1;
	return 0;
}

int
rt_view_finish(struct rt_view *v, char *why, size_t whysz)
{
	/* last30 and monthly stay unsorted: their maps still find their groups. */
	return rt_summary_finish(&v->sum, why, whysz);
}

/* The net of the group with these key parts and currency, 0 when there is none. */
int64_t
rt_view_net(
    struct rt_agg *a, struct rt_buf *key, const char *const *parts, size_t nparts, const char *currency)
{
	uint64_t *slot;
	size_t i;

	rt_buf_reset(key);
	for (i = 0; i < nparts; i++)
		rt_key_add(key, RT_KEY_STRING, parts[i], strlen(parts[i]));
	rt_key_add(key, RT_KEY_STRING, currency, strlen(currency));
	slot = rt_map_find(&a->map, key->p, key->len);
	return slot != NULL ? a->groups[*slot].m.net : 0;
}

/*
 * part as a percentage of whole's size, in hundredths, rounded half away
 * from zero as the goal's share is (rt_goal_pct); 0 when whole is 0.  The
 * sign is part's: a change from -$100 to $0 is +100%.
 */
__int128
rt_pct_of(int64_t part, int64_t whole)
{
	struct rt_goal g = { 1, "", 0 };

	if (whole == 0)
		return 0;
	g.amount_minor = whole > 0 ? whole : whole == INT64_MIN ? INT64_MAX : -whole;
	return rt_goal_pct(&g, part);
}

/* The length of s cut to at most max bytes on a character boundary, for text shown in a line or a cell. */
size_t
rt_view_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

static int
cmp_row(const void *x, const void *y)
{
	return rt_source_cmp(
	    ((const struct rt_view_row *)x)->source, ((const struct rt_view_row *)y)->source);
}

/* Finds or adds the row of a source. */
static struct rt_view_row *
row_of(struct rt_view_row **rows, size_t *n, size_t *cap, const char *p, size_t pn)
{
	size_t j;

	for (j = 0; j < *n; j++)
		if (strlen((*rows)[j].source) == pn && memcmp((*rows)[j].source, p, pn) == 0)
			return &(*rows)[j];
	*rows = rt_egrow(*rows, cap, *n + 1, sizeof(**rows));
	(*rows)[*n].source = rt_estrndup(p, pn);
	(*rows)[*n].a = (*rows)[*n].b = 0;
	return &(*rows)[(*n)++];
}

/*
 * The rows of one currency, in tracker order: each source with completed
 * records in a (by source) or b, with its net in each.
 */
size_t
rt_view_rows(struct rt_agg *a, struct rt_agg *b, const char *cur, struct rt_view_row **rows)
{
	struct rt_agg *both[] = { a, b };
	const struct rt_group *g;
	const char *k, *p, *c;
	size_t n = 0, cap = 0, i, kn, pn, cn;
	struct rt_view_row *row;
	int w;

	*rows = NULL;
	for (w = 0; w < 2; w++) {
		for (i = 0; i < both[w]->ngroups; i++) {
			g = &both[w]->groups[i];
			k = rt_agg_key(both[w], g, &kn);
			rt_key_part(k, kn, 0, &p, &pn);
			rt_key_part(k, kn, 1, &c, &cn);
			if (g->m.count == 0 || memcmp(c, cur, 3) != 0)
				continue;
			row = row_of(rows, &n, &cap, p, pn);
			*(w == 0 ? &row->a : &row->b) = g->m.net;
		}
	}
	if (n > 1)
		qsort(*rows, n, sizeof(**rows), cmp_row);
	return n;
}

void
rt_view_rows_free(struct rt_view_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i].source);
	free(rows);
}
