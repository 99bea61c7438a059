/*
 * The figures of rt-competitor's report.  Every figure is a group of bids
 * (a competitor, a platform, a type and currency), so the bids are sorted
 * once by the group's key and then by amount, and each group is a run of
 * neighbours: its median is its middle, its range its ends.  Money stays
 * int64 minor units; every division rounds half away from zero.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_bids.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_money.h"

const char *const rt_bid_columns[] = { "date", "name", "platform", "job", "bid", "currency", "type",
	"outcome", "notes", NULL };

/* Checks row r of the sheet into b: -1 with why when it is no sighting. */
int
rt_bid_check(const struct rt_sheet *s, size_t r, struct rt_bid *b, char *why, size_t whysz)
{
	const char *v[RT_BID_NCOLS];
	int i, e, rc;

	for (i = 0; i < RT_BID_NCOLS; i++)
		v[i] = rt_sheet_get(s, r, (size_t)i);
	memset(b, 0, sizeof(*b));
	b->name = v[RT_BID_NAME];
	b->platform = v[RT_BID_PLATFORM];
	b->job = v[RT_BID_JOB];
	for (i = 0; i < RT_BID_BID; i++)
		if (*v[i] == '\0')
			return rt_why(why, whysz, "no %s", rt_bid_columns[i]);
	if (rt_date_parse(v[RT_BID_DATE], strlen(v[RT_BID_DATE]), &b->date) == -1)
		return rt_why(why, whysz, "date \"%s\" is not a real YYYY-MM-DD date", v[RT_BID_DATE]);
	snprintf(
	    b->currency, sizeof(b->currency), "%s", *v[RT_BID_CURRENCY] != '\0' ? v[RT_BID_CURRENCY] : "USD");
	for (i = 0; i < 3; i++)
		b->currency[i] = (char)toupper((unsigned char)b->currency[i]);
	if (strlen(v[RT_BID_CURRENCY]) > 3 ||
	    (e = rt_currency_exponent(b->currency, strlen(b->currency))) < 0)
		return rt_why(why, whysz, "currency \"%s\" is not an ISO 4217 code", v[RT_BID_CURRENCY]);
	if ((rc = rt_money_parse(v[RT_BID_BID], strlen(v[RT_BID_BID]), e, &b->minor)) != RT_MONEY_OK ||
	    b->minor <= 0)
		return rt_why(why, whysz, "bid \"%s\" %s", v[RT_BID_BID],
		    rc != RT_MONEY_OK ? rt_money_strerror(rc) : "is not above zero");
	if (strcasecmp(v[RT_BID_TYPE], "hourly") != 0 && strcasecmp(v[RT_BID_TYPE], "fixed") != 0)
		return rt_why(why, whysz, "type \"%s\" is not hourly or fixed", v[RT_BID_TYPE]);
	b->hourly = strcasecmp(v[RT_BID_TYPE], "hourly") == 0;
	if (strcasecmp(v[RT_BID_OUTCOME], "won") != 0 && strcasecmp(v[RT_BID_OUTCOME], "lost") != 0 &&
	    strcasecmp(v[RT_BID_OUTCOME], "pending") != 0 && *v[RT_BID_OUTCOME] != '\0')
		return rt_why(why, whysz, "outcome \"%s\" is not won, lost or pending", v[RT_BID_OUTCOME]);
	b->outcome = *v[RT_BID_OUTCOME] == '\0' ? 'p' : tolower((unsigned char)*v[RT_BID_OUTCOME]);
	return 0;
}

/* One line of the config: "rate PLATFORM hourly|fixed AMOUNT CODE" or "undercut PERCENT". */
static int
rate_line(struct rt_rates *rs, char *line, char *why, size_t whysz)
{
	struct rt_rate *r;
	char *w[6], *p, *end;
	size_t k;
	int e;

	if ((p = strchr(line, '#')) != NULL)
		*p = '\0';
	for (k = 0, p = strtok(line, " \t"); p != NULL && k < 6; p = strtok(NULL, " \t"))
		w[k++] = p;
	if (k == 0)
		return 0;
	if (k == 2 && strcmp(w[0], "undercut") == 0) {
		errno = 0;
		rs->undercut = strtol(w[1], &end, 10);
		if (errno != 0 || end == w[1] || (*end != '\0' && strcmp(end, "%") != 0) ||
		    rs->undercut < 0 || rs->undercut > 100)
			return rt_why(why, whysz, "\"%s\" is not a percentage from 0 to 100", w[1]);
		return 0;
	}
	if (k != 5 || strcmp(w[0], "rate") != 0 ||
	    (strcmp(w[2], "hourly") != 0 && strcmp(w[2], "fixed") != 0))
		return rt_why(
		    why, whysz, "not \"rate PLATFORM hourly|fixed AMOUNT CODE\" nor \"undercut PERCENT\"");
	rs->r = rt_erealloc(rs->r, (rs->n + 1) * sizeof(*rs->r));
	r = &rs->r[rs->n];
	if ((e = rt_currency_exponent(w[4], strlen(w[4]))) < 0 ||
	    rt_money_parse(w[3], strlen(w[3]), e, &r->minor) != RT_MONEY_OK || r->minor <= 0)
		return rt_why(why, whysz, "\"%s %s\" is not an amount and a currency", w[3], w[4]);
	r->platform = rt_estrdup(w[1]);
	r->hourly = strcmp(w[2], "hourly") == 0;
	memcpy(r->currency, w[4], 4);
	rs->n++;
	return 0;
}

/* Reads our rates; -1 with why ("file:line: ..."), or errno and the file's name. */
int
rt_rates_load(struct rt_rates *rs, const char *path, char *why, size_t whysz)
{
	struct rt_reader in;
	char *line, *copy, msg[256];
	size_t len;
	int rc, st = 0;

	memset(rs, 0, sizeof(*rs));
	rs->undercut = 20;
	if (rt_reader_open(&in, path) == -1)
		return rt_why(why, whysz, "%s: %s", path, strerror(errno));
	while (st == 0 && (rc = rt_reader_next(&in, &line, &len)) != RT_READ_EOF) {
		if (rc != RT_READ_LINE)
			st = rt_why(why, whysz, "%s:%lu: cannot be read", path, in.lineno);
		else {
			copy = rt_estrndup(line, len);
			if ((st = rate_line(rs, copy, msg, sizeof(msg))) == -1)
				rt_why(why, whysz, "%s:%lu: %s", path, in.lineno, msg);
			free(copy);
		}
	}
	rt_reader_close(&in);
	return st;
}

void
rt_rates_free(struct rt_rates *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].platform);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

/* The parts of a group's key: a competitor, a platform, a type and currency; names in any case. */
enum { BY_NAME = 1, BY_PLATFORM = 2, BY_KIND = 4 };
static int sortkey;

static int
group_cmp(const struct rt_bid *a, const struct rt_bid *b, int key)
{
	int c = 0;

	if ((key & BY_NAME) && (c = strcasecmp(a->name, b->name)) != 0)
		return c;
	if ((key & BY_PLATFORM) && (c = strcasecmp(a->platform, b->platform)) != 0)
		return c;
	if ((key & BY_KIND) && (c = b->hourly - a->hourly) == 0) /* hourly first */
		c = strcmp(a->currency, b->currency);
	return c;
}

static int
by_key(const void *a, const void *b)
{
	const struct rt_bid *x = *(const struct rt_bid *const *)a, *y = *(const struct rt_bid *const *)b;
	int c = group_cmp(x, y, sortkey);

	if (c != 0)
		return c;
	if (x->minor != y->minor)
		return x->minor < y->minor ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The bids sorted by key, then by amount. */
static const struct rt_bid **
sorted(const struct rt_bid *bids, size_t n, int key)
{
	const struct rt_bid **v = rt_ecalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = &bids[i];
	sortkey = key;
	qsort(v, n, sizeof(*v), by_key);
	return v;
}

/* Where the run of v[i]'s group ends. */
static size_t
run_end(const struct rt_bid **v, size_t n, size_t i, int key)
{
	size_t j;

	for (j = i + 1; j < n && group_cmp(v[i], v[j], key) == 0; j++)
		;
	return j;
}

/* The middle of a run sorted by amount, or the mean of its two middle bids, rounded half away from zero. */
static int64_t
median(const struct rt_bid **v, size_t a, size_t b)
{
	int64_t x = v[a + (b - a - 1) / 2]->minor, y = v[a + (b - a) / 2]->minor;

	/* Both above zero: (x + y) / 2 without the sum, which could overflow. */
	return x / 2 + y / 2 + (x % 2 + y % 2 + 1) / 2;
}

/* The bid of a run seen first, for the spelling of its names. */
static const struct rt_bid *
first(const struct rt_bid **v, size_t a, size_t b)
{
	const struct rt_bid *f = v[a];

	for (; a < b; a++)
		if (v[a]->index < f->index)
			f = v[a];
	return f;
}

static void
money(struct rt_buf *b, int64_t minor, const char *cur, const char *suffix)
{
	char m[RT_MONEY_BUFSZ];

	rt_buf_adds(b, rt_money_display(minor, cur, m, sizeof(m)));
	rt_buf_adds(b, suffix);
}

static void
cell_count(struct rt_table *t, size_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", v);
	rt_table_adds(t, buf);
}

struct rival {
	const struct rt_bid *first;
	size_t sightings, won, lost;
	struct rt_buf typical;
};

static int
by_activity(const void *a, const void *b)
{
	const struct rival *x = a, *y = b;

	if (x->sightings != y->sightings)
		return x->sightings > y->sightings ? -1 : 1;
	return strcasecmp(x->first->name, y->first->name);
}

/* A competitor's typical bid of each type and currency, in the order it first bid so. */
static void
typical(struct rival *r, const struct rt_bid **v, size_t a, size_t b)
{
	struct kind {
		const struct rt_bid *first;
		int64_t median;
	} *k = rt_ecalloc(b - a + 1, sizeof(*k)), t;
	size_t i, j, nk = 0;

	for (i = a; i < b; i = j) {
		j = run_end(v, b, i, BY_NAME | BY_KIND);
		k[nk++] = (struct kind){ first(v, i, j), median(v, i, j) };
	}
	for (i = 1; i < nk; i++)
		for (j = i; j > 0 && k[j - 1].first->index > k[j].first->index; j--) {
			t = k[j];
			k[j] = k[j - 1];
			k[j - 1] = t;
		}
	for (i = 0; i < nk; i++) {
		if (i > 0)
			rt_buf_adds(&r->typical, ", ");
		money(&r->typical, k[i].median, k[i].first->currency, k[i].first->hourly ? "/hr" : " fixed");
	}
	free(k);
}

/* Most active: sightings, jobs won and lost, win rate (won of those decided), typical bids; busiest first. */
static void
rivals(struct rt_buf *out, const struct rt_bid *bids, size_t n, enum rt_table_format f)
{
	const struct rt_bid **v = sorted(bids, n, BY_NAME | BY_KIND);
	struct rival *r = rt_ecalloc(n + 1, sizeof(*r));
	static const char *const head[] = { "competitor", "sightings", "won", "lost", "win rate",
		"typical bid" };
	struct rt_table t;
	size_t i, a, b, nr = 0;
	int64_t pct;
	char buf[32];

	for (a = 0; a < n; a = b, nr++) {
		b = run_end(v, n, a, BY_NAME);
		r[nr].first = first(v, a, b);
		r[nr].sightings = b - a;
		for (i = a; i < b; i++) {
			r[nr].won += v[i]->outcome == 'w';
			r[nr].lost += v[i]->outcome == 'l';
		}
		typical(&r[nr], v, a, b);
	}
	qsort(r, nr, sizeof(*r), by_activity);
	rt_table_init(&t, 6);
	for (i = 0; i < 6; i++) {
		if (i >= 1 && i <= 4)
			rt_table_right(&t, i);
		rt_table_adds(&t, head[i]);
	}
	for (i = 0; i < nr; i++) {
		rt_table_adds(&t, r[i].first->name);
		cell_count(&t, r[i].sightings);
		cell_count(&t, r[i].won);
		cell_count(&t, r[i].lost);
		if (r[i].won + r[i].lost > 0 &&
		    rt_money_muldiv((int64_t)r[i].won, 100, (int64_t)(r[i].won + r[i].lost), &pct) == 0)
			snprintf(buf, sizeof(buf), "%lld%%", (long long)pct);
		else
			snprintf(buf, sizeof(buf), "-");
		rt_table_adds(&t, buf);
		rt_table_adds(&t, rt_buf_str(&r[i].typical));
		rt_buf_free(&r[i].typical);
	}
	rt_table_render(&t, f, out);
	rt_table_free(&t);
	free(r);
	free(v);
}

/* Pricing per platform, type and currency: bids seen, their average (rounded half away from zero), range. */
static void
pricing(struct rt_buf *out, const struct rt_bid *bids, size_t n, enum rt_table_format f)
{
	const struct rt_bid **v = sorted(bids, n, BY_PLATFORM | BY_KIND);
	static const char *const head[] = { "platform", "type", "bids", "average", "range" };
	struct rt_table t;
	struct rt_buf cell = { 0 };
	size_t i, a, b;
	__int128 sum;
	int64_t avg;

	rt_table_init(&t, 5);
	rt_table_right(&t, 2);
	rt_table_right(&t, 3);
	for (i = 0; i < 5; i++)
		rt_table_adds(&t, head[i]);
	for (a = 0; a < n; a = b) {
		b = run_end(v, n, a, BY_PLATFORM | BY_KIND);
		/* In 128 bits no sum of bids overflows, and their mean fits in 64. */
		for (sum = 0, i = a; i < b; i++)
			sum += v[i]->minor;
		avg = (int64_t)(sum / (b - a) + (2 * (sum % (b - a)) >= (__int128)(b - a)));
		rt_table_adds(&t, first(v, a, b)->platform);
		rt_table_adds(&t, v[a]->hourly ? "hourly" : "fixed");
		cell_count(&t, b - a);
		rt_buf_reset(&cell);
		money(&cell, avg, v[a]->currency, "");
		rt_table_adds(&t, rt_buf_str(&cell));
		rt_buf_reset(&cell);
		money(&cell, v[a]->minor, v[a]->currency, "\xe2\x80\x93");
		money(&cell, v[b - 1]->minor, v[a]->currency, "");
		rt_table_adds(&t, rt_buf_str(&cell));
	}
	rt_table_render(&t, f, out);
	rt_table_free(&t);
	rt_buf_free(&cell);
	free(v);
}

struct alert {
	const struct rt_bid *first;
	const struct rt_rate *rate;
	int64_t theirs, pct;
};

static int
by_cut(const void *a, const void *b)
{
	const struct alert *x = a, *y = b;

	if (x->pct != y->pct)
		return x->pct < y->pct ? -1 : 1;
	return strcasecmp(x->first->name, y->first->name);
}

/*
 * Undercut alerts: a competitor whose typical bid on a platform, of the type
 * and currency of our rate there, is below our rate by the undercut
 * percentage or more, decided exactly (theirs * 100 <= ours * (100 -
 * undercut)); shown as (theirs - ours) * 100 / ours, rounded half away from
 * zero; the deepest cut first.
 */
static void
undercuts(struct rt_buf *out, const struct rt_bid *bids, size_t n, const struct rt_rates *rs)
{
	const struct rt_bid **v = sorted(bids, n, BY_NAME | BY_PLATFORM | BY_KIND);
	struct alert *al = rt_ecalloc(n + 1, sizeof(*al));
	const struct rt_rate *r;
	size_t a, b, j, na = 0;
	int64_t theirs;

	for (a = 0; a < n; a = b) {
		b = run_end(v, n, a, BY_NAME | BY_PLATFORM | BY_KIND);
		theirs = median(v, a, b);
		for (j = 0; j < rs->n; j++) {
			r = &rs->r[j];
			if (strcasecmp(v[a]->platform, r->platform) != 0 || v[a]->hourly != r->hourly ||
			    strcmp(v[a]->currency, r->currency) != 0 ||
			    (__int128)theirs * 100 > (__int128)r->minor * (100 - rs->undercut))
				continue;
			al[na] = (struct alert){ first(v, a, b), r, theirs, 0 };
			rt_money_muldiv(theirs - r->minor, 100, r->minor, &al[na++].pct);
		}
	}
	qsort(al, na, sizeof(*al), by_cut);
	for (j = 0; j < na; j++) {
		rt_buf_addf(out, "- %s on %s%s: ", al[j].first->name, al[j].rate->platform,
		    al[j].rate->hourly ? "" : ", fixed");
		money(out, al[j].theirs, al[j].rate->currency, " vs our ");
		money(out, al[j].rate->minor, al[j].rate->currency, "");
		rt_buf_addf(out, " (%lld%%)\n", (long long)al[j].pct);
	}
	if (na == 0)
		rt_buf_adds(out, "- none\n");
	free(al);
	free(v);
}

static void
heading(struct rt_buf *b, enum rt_table_format f, const char *text)
{
	rt_buf_addf(b, f == RT_TABLE_MD ? "\n## %s\n\n" : "\n%s:\n", text);
}

/* The report's sections for bids[0..n), numbered in the order they were read; rs NULL: no rates. */
void
rt_bids_report(
    struct rt_buf *out, struct rt_bid *bids, size_t n, const struct rt_rates *rs, enum rt_table_format f)
{
	size_t i;

	for (i = 0; i < n; i++)
		bids[i].index = i;
	heading(out, f, "Most active");
	rivals(out, bids, n, f);
	heading(out, f, "Pricing per platform");
	pricing(out, bids, n, f);
	heading(out, f, "Undercut alerts");
	if (rs == NULL)
		rt_buf_adds(out, "- no rates of ours to compare with (--config)\n");
	else
		undercuts(out, bids, n, rs);
}
