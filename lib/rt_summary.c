/*
 * The year-to-date snapshot (rt-aggregate --summary, the tracker's YTD
 * line): per currency the year so far, the last 30 days, the projection to
 * the year's end and what is pending, with each source's share; and the
 * goal the year is measured against.  Built on rt_agg's groups.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_json.h"
#include "rt_money.h"
#include "rt_summary.h"

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

/*
 * The share of the goal reached, in hundredths of a percent, rounded half
 * away from zero: exact for any 64-bit total (at most about 2^77).
 */
__int128
rt_goal_pct(const struct rt_goal *g, int64_t ytd)
{
	__int128 num = (__int128)ytd * 10000, q = num / g->amount_minor, r = num % g->amount_minor;

	if (2 * (r < 0 ? -r : r) >= g->amount_minor)
		q += num < 0 ? -1 : 1;
	return q;
}

/* Writes hundredths of a percent as a number with two places: 36 -> 0.36. */
void
rt_pct_format(struct rt_buf *b, __int128 hundredths)
{
	unsigned __int128 u = hundredths < 0 ? -(unsigned __int128)hundredths : (unsigned __int128)hundredths;
	char digits[48], *p = digits + sizeof(digits);

	*--p = '\0';
	*--p = (char)('0' + (int)(u % 10));
	*--p = (char)('0' + (int)(u / 10 % 10));
	*--p = '.';
	u /= 100;
	do
		*--p = (char)('0' + (int)(u % 10));
	while ((u /= 10) > 0);
	if (hundredths < 0)
		*--p = '-';
	rt_buf_adds(b, p);
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
