/*
 * The ledger's logic, written once for both databases: the schema and its
 * version, a batch merged into the ledger in one transaction (upsert by id,
 * the earlier versions kept, a replacement's retractions), the current
 * records read back as canonical lines, and alerts.  The statements are
 * plain SQL that SQLite and PostgreSQL both take; what differs (opening,
 * locking, staging a batch, reading rows) is in the back ends.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_ledger.h"
#include "rt_ledger_db.h"
#include "rt_money.h"
#include "rt_share.h"

/* The content of a record, the columns a redelivery is compared on. */
static const char *const content[] = { "source", "date", "end_date", "amount_minor", "currency", "kind",
	"status", "client", "description", "ts", "ref", "entity", "raw" };
#define NCONTENT (sizeof(content) / sizeof(content[0]))

int
rt_ledger_fail(char *why, size_t whysz, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return status;
}

int
rt_ledger_is_uri(const char *where)
{
	return strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0;
}

const char *
rt_ledger_backend(const struct rt_ledger *l)
{
	return l->ops->name;
}

/* A string as an SQL literal ('' doubles a quote in both databases), or NULL. */
static void
sql_string(struct rt_buf *b, const char *s)
{
	if (s == NULL) {
		rt_buf_adds(b, "NULL");
		return;
	}
	rt_buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			rt_buf_addc(b, '\'');
		rt_buf_addc(b, *s);
	}
	rt_buf_addc(b, '\'');
}

static void
sql_day(struct rt_buf *b, rt_day d)
{
	char buf[RT_DATE_BUFSZ];

	if (d == RT_LEDGER_NODAY)
		rt_buf_adds(b, "NULL");
	else
		rt_buf_addf(b, "'%s'", rt_date_format(d, buf));
}

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* With -v, each statement of a load and the time it took (its first words name it). */
static void
log_step(const char *sql, long long t0, long long rows)
{
	if (rt_verbose)
		rt_log("%.48s...: %lld rows, %.3f s", sql, rows, (double)(now_us() - t0) / 1e6);
}

static int
exec(struct rt_ledger *l, struct rt_buf *sql, long long *rows, char *why, size_t whysz)
{
	long long t0 = now_us(), n = 0;
	int st = l->ops->exec(l, rt_buf_str(sql), &n, why, whysz);

	log_step(rt_buf_str(sql), t0, n);
	if (rows != NULL)
		*rows = n;
	rt_buf_reset(sql);
	return st;
}

static int
first_int(void *arg, const char *const *v, const size_t *n, int ncols)
{
	long long *out = arg;

	*out = ncols > 0 && v[0] != NULL ? strtoll(v[0], NULL, 10) : 0;
	return 0;
}

/* The first column of the first row of a query, as an integer (0 when NULL). */
static int
query_int(struct rt_ledger *l, struct rt_buf *sql, long long *out, char *why, size_t whysz)
{
	int st;

	long long t0 = now_us();

	*out = 0;
	st = l->ops->query(l, rt_buf_str(sql), first_int, out, why, whysz);
	log_step(rt_buf_str(sql), t0, *out);
	rt_buf_reset(sql);
	return st;
}

/* Runs share/rt/sql/<backend>/<name>; 1 when there is no such file. */
static int
run_file(struct rt_ledger *l, const char *name, char *why, size_t whysz)
{
	struct rt_buf rel = { 0 }, text = { 0 };
	char *path;
	int st;

	rt_buf_addf(&rel, "sql/%s/%s", l->ops->name, name);
	path = rt_share_path(rt_buf_str(&rel));
	rt_buf_free(&rel);
	if (rt_read_file(path, &text) == -1) {
		st = errno == ENOENT
		    ? 1
		    : rt_ledger_fail(why, whysz, RT_LEDGER_IO, "%s: %s", path, strerror(errno));
		free(path);
		rt_buf_free(&text);
		return st;
	}
	if ((st = l->ops->exec(l, rt_buf_str(&text), NULL, why, whysz)) != 0) {
		size_t n = strlen(why);

		snprintf(why + n, whysz - n, " (in %s)", path);
	}
	free(path);
	rt_buf_free(&text);
	return st;
}

/* Judges a ledger's schema version: what this rt can read, or what it can bring up to date. */
static int
judge_version(struct rt_ledger *l, int v, char *why, size_t whysz)
{
	if (v > RT_LEDGER_SCHEMA)
		return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG,
		    "%s: the ledger has schema version %d, newer than this rt knows (%d): upgrade rt",
		    l->where, v, RT_LEDGER_SCHEMA);
	if (l->mode == RT_LEDGER_READ && v == 0)
		return rt_ledger_fail(
		    why, whysz, RT_LEDGER_CONFIG, "%s: no rt ledger there (rt-load creates one)", l->where);
	if (l->mode == RT_LEDGER_READ && v < RT_LEDGER_SCHEMA)
		return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG,
		    "%s: the ledger has schema version %d; the next rt-load brings it to %d", l->where, v,
		    RT_LEDGER_SCHEMA);
	return 0;
}

/* Inside a write transaction: creates the schema in a new ledger, or migrates an older one. */
static int
ensure_schema(struct rt_ledger *l, char *why, size_t whysz)
{
	char name[64];
	int v, st;

	if ((st = l->ops->version(l, &v, why, whysz)) != 0 || (st = judge_version(l, v, why, whysz)) != 0)
		return st;
	if (v == 0)
		return run_file(l, "schema.sql", why, whysz) == 1
		    ? rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG, "no schema.sql for %s in %s/sql",
			  l->ops->name, rt_share_dir())
		    : 0;
	for (; v < RT_LEDGER_SCHEMA; v++) {
		snprintf(name, sizeof(name), "migrate-%d.sql", v);
		if ((st = run_file(l, name, why, whysz)) == 1)
			return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG,
			    "%s: schema version %d has no migration to %d (%s)", l->where, v, v + 1, name);
		if (st != 0)
			return st;
	}
	return 0;
}

/* Shows a secret as rt's logs do: "****" and, when long, its last four characters. */
static void
mask(struct rt_buf *b, const char *s, size_t n)
{
	rt_buf_adds(b, "****");
	if (n >= 12)
		rt_buf_add(b, s + n - 4, 4);
}

/* The ledger as messages name it: a URI's password masked (userinfo, or password=). */
static char *
shown(const char *where)
{
	struct rt_buf b = { 0 };
	const char *p = where, *at, *colon, *pw;
	size_t n;

	if (!rt_ledger_is_uri(where))
		return rt_estrdup(where);
	p = strstr(where, "://") + 3;
	n = strcspn(p, "/?");
	at = memchr(p, '@', n);
	colon = at != NULL ? memchr(p, ':', (size_t)(at - p)) : NULL;
	if (colon != NULL) {
		rt_buf_add(&b, where, (size_t)(colon + 1 - where));
		mask(&b, colon + 1, (size_t)(at - colon - 1));
		p = at;
	} else
		p = where;
	while ((pw = strstr(p, "password=")) != NULL && (pw == where || pw[-1] == '?' || pw[-1] == '&')) {
		pw += 9;
		rt_buf_add(&b, p, (size_t)(pw - p));
		n = strcspn(pw, "&");
		mask(&b, pw, n);
		p = pw + n;
	}
	rt_buf_adds(&b, p);
	rt_buf_str(&b); /* NUL-terminated */
	return b.p;
}

int
rt_ledger_open(struct rt_ledger **lp, const char *where, enum rt_ledger_mode mode, int wait_seconds,
    char *why, size_t whysz)
{
	struct rt_ledger *l = rt_ecalloc(1, sizeof(*l));
	int st, v;

	l->ops = rt_ledger_is_uri(where) ? &rt_ledger_pg : &rt_ledger_sqlite;
	l->mode = mode;
	l->wait = wait_seconds;
	l->where = shown(where);
	rt_record_init(&l->rec);
	*lp = NULL;
	if ((st = l->ops->open(l, where, why, whysz)) == 0 &&
	    (st = l->ops->version(l, &v, why, whysz)) == 0 && (st = judge_version(l, v, why, whysz)) == 0 &&
	    (mode == RT_LEDGER_READ || (st = l->ops->prepare(l, why, whysz)) == 0)) {
		*lp = l;
		return 0;
	}
	rt_ledger_close(l);
	return st;
}

void
rt_ledger_close(struct rt_ledger *l)
{
	if (l == NULL)
		return;
	if (l->in_transaction)
		l->ops->rollback(l);
	l->ops->close(l);
	rt_buf_free(&l->buf);
	rt_buf_free(&l->line);
	rt_record_free(&l->rec);
	free(l->where);
	free(l);
}

/* ---------------------------------------------------------------- loading */

int
rt_ledger_begin(struct rt_ledger *l, struct rt_ledger_load *load, char *why, size_t whysz)
{
	int st;

	load->records = load->inserted = load->changed = load->unchanged = 0;
	load->restored = load->retracted = load->window = 0;
	load->load_id = 0;
	if (load->replace != NULL && !rt_source_valid(load->replace, strlen(load->replace)))
		return rt_ledger_fail(
		    why, whysz, RT_LEDGER_CONFIG, "the source \"%s\" is not [a-z0-9_-]+", load->replace);
	if ((st = l->ops->begin(l, why, whysz)) != 0)
		return st;
	l->in_transaction = 1;
	l->staged = 0;
	l->replace = load->replace;
	if ((st = ensure_schema(l, why, whysz)) != 0 || (st = l->ops->stage_open(l, why, whysz)) != 0) {
		rt_ledger_rollback(l);
		return st;
	}
	return 0;
}

/*
 * Stages one checked record.  A replacement refuses a record of another
 * source (RT_LEDGER_REFUSED): it would retract what it was not asked to.
 */
int
rt_ledger_add(struct rt_ledger *l, const struct rt_record *r, char *why, size_t whysz)
{
	const struct rt_value *v;
	int i;

	v = &r->f[RT_F_SOURCE];
	if (l->replace != NULL && (v->n != strlen(l->replace) || memcmp(v->p, l->replace, v->n) != 0))
		return rt_ledger_fail(why, whysz, RT_LEDGER_REFUSED,
		    "source \"%.*s\" in a replacement of \"%s\": a replacement holds one source", (int)v->n,
		    v->p, l->replace);
	/* PostgreSQL's text holds no NUL, and C strings end there: refused in both, alike. */
	for (i = 0; i < RT_NFIELDS; i++)
		if (r->f[i].type == RT_V_STRING && memchr(r->f[i].p, '\0', r->f[i].n) != NULL)
			return rt_ledger_fail(why, whysz, RT_LEDGER_REFUSED,
			    "\"%s\" holds a NUL character (\\u0000), which the ledger cannot keep",
			    rt_field_names[i]);
	l->staged++;
	return l->ops->stage(l, r, why, whysz);
}

/* The replacement's window as a condition on revenue_events AS e. */
static void
window_cond(struct rt_buf *b, const struct rt_ledger_load *load)
{
	rt_buf_adds(b, "e.retracted_at IS NULL AND e.source = ");
	sql_string(b, load->replace);
	if (load->since != RT_LEDGER_NODAY) {
		rt_buf_adds(b, " AND e.date >= ");
		sql_day(b, load->since);
	}
	if (load->until != RT_LEDGER_NODAY) {
		rt_buf_adds(b, " AND e.date <= ");
		sql_day(b, load->until);
	}
}

/* A row of revenue_events AS e that the batch does not hold. */
#define GONE "NOT EXISTS (SELECT 1 FROM rt_batch AS b WHERE b.id = e.id)"

static int
two_ints(void *arg, const char *const *v, const size_t *n, int ncols)
{
	long long *out = arg;

	out[0] = ncols > 0 && v[0] != NULL ? strtoll(v[0], NULL, 10) : 0;
	out[1] = ncols > 1 && v[1] != NULL ? strtoll(v[1], NULL, 10) : 0;
	return 0;
}

/* A redelivery that differs from the row in revenue_events AS e, or brings a retracted one back. */
static void
differs(struct rt_buf *b)
{
	size_t i;

	rt_buf_adds(b, "(e.retracted_at IS NOT NULL");
	for (i = 0; i < NCONTENT; i++)
		rt_buf_addf(b, " OR e.%s IS DISTINCT FROM b.%s", content[i], content[i]);
	rt_buf_addc(b, ')');
}

/* Keeps the rows of revenue_events AS e that match cond as history, for load L. */
static int
keep_history(struct rt_ledger *l, long long L, const char *now, const char *change, const char *from,
    const char *cond, char *why, size_t whysz)
{
	struct rt_buf *b = &l->buf;

	rt_buf_addf(b,
	    "INSERT INTO revenue_history (" RT_LEDGER_COLUMNS ", first_seen, last_seen, retracted_at, "
	    "changed_at, change, load_id) SELECT e.id");
	for (size_t i = 0; i < NCONTENT; i++)
		rt_buf_addf(b, ", e.%s", content[i]);
	rt_buf_addf(b, ", e.first_seen, e.last_seen, e.retracted_at, '%s', %s, %lld FROM %s WHERE %s", now,
	    change, L, from, cond);
	return exec(l, b, NULL, why, whysz);
}

/* The checks of a replacement, before anything changes: how many it would retract, and may it. */
static int
check_replacement(struct rt_ledger *l, struct rt_ledger_load *load, char *why, size_t whysz)
{
	struct rt_buf *b = &l->buf, cond = { 0 };
	char a[RT_DATE_BUFSZ], z[RT_DATE_BUFSZ];
	long long window, retract, counts[2] = { 0, 0 };
	int st;

	/* One pass over the window: its current records, and those the batch no longer holds. */
	window_cond(&cond, load);
	rt_buf_addf(b, "SELECT count(*), count(*) FILTER (WHERE " GONE ") FROM revenue_events AS e WHERE %s",
	    rt_buf_str(&cond));
	st = l->ops->query(l, rt_buf_str(b), two_ints, counts, why, whysz);
	rt_buf_reset(b);
	if (st != 0)
		goto out;
	window = counts[0];
	retract = counts[1];
	/* What goes is kept aside, so that its history and its retraction find it by id. */
	if (retract > 0 && retract * 100 <= (long long)load->max_retract * window) {
		rt_buf_addf(b,
		    "DROP TABLE IF EXISTS %s.rt_gone; CREATE TEMP TABLE rt_gone AS SELECT e.id FROM "
		    "revenue_events AS e WHERE %s AND " GONE,
		    l->ops->temp, rt_buf_str(&cond));
		if ((st = exec(l, b, NULL, why, whysz)) != 0)
			goto out;
	}
	load->window = (unsigned long)window;
	load->retracted = (unsigned long)retract;
	if (retract * 100 > (long long)load->max_retract * window)
		st = rt_ledger_fail(why, whysz, RT_LEDGER_REFUSED,
		    "replacing %s %s%s%s would retract %lld of its %lld records (%lld%%), more than "
		    "--max-retract %d%% allows; nothing loaded",
		    load->replace, load->since == RT_LEDGER_NODAY ? "" : rt_date_format(load->since, a),
		    load->since == RT_LEDGER_NODAY && load->until == RT_LEDGER_NODAY ? "(the whole source)"
										     : "..",
		    load->until == RT_LEDGER_NODAY ? "" : rt_date_format(load->until, z), retract, window,
		    (retract * 100 + window / 2) / window, load->max_retract);
out:
	rt_buf_free(&cond);
	return st;
}

/* Counts what the load did, from its history, into its revenue_loads row. */
static int
count_changes(void *arg, const char *const *v, const size_t *n, int ncols)
{
	struct rt_ledger_load *load = arg;
	unsigned long c = v[1] != NULL ? strtoul(v[1], NULL, 10) : 0;

	if (v[0] != NULL && strcmp(v[0], "changed") == 0)
		load->changed = c;
	else if (v[0] != NULL && strcmp(v[0], "restored") == 0)
		load->restored = c;
	return 0;
}

/*
 * The batch's ids the ledger has: earlier versions into the history, every
 * last_seen moved on, changed and retracted rows made the batch's.  The
 * statements go from the batch to the ledger by id (SQLite keeps CROSS
 * JOIN's order; IN lists use the id index): the other way round, SQLite
 * would read the whole ledger for a small batch.
 */
static int
update_known(struct rt_ledger *l, long long L, const char *now, long long *matched, char *why, size_t whysz)
{
	struct rt_buf *b = &l->buf, cond = { 0 };
	int st;

	rt_buf_adds(&cond, "e.id = b.id AND ");
	differs(&cond);
	st = keep_history(l, L, now, "CASE WHEN e.retracted_at IS NULL THEN 'changed' ELSE 'restored' END",
	    "rt_batch AS b CROSS JOIN revenue_events AS e", rt_buf_str(&cond), why, whysz);
	rt_buf_free(&cond);
	if (st != 0)
		return st;
	rt_buf_addf(b,
	    "UPDATE revenue_events AS e SET last_seen = '%s' WHERE e.id IN (SELECT id FROM rt_batch)", now);
	if ((st = exec(l, b, matched, why, whysz)) != 0)
		return st;
	rt_buf_adds(b, "UPDATE revenue_events AS e SET ");
	for (size_t i = 0; i < NCONTENT; i++)
		rt_buf_addf(b, "%s = b.%s, ", content[i], content[i]);
	rt_buf_addf(b,
	    "retracted_at = NULL FROM rt_batch AS b WHERE b.id = e.id AND e.id IN (SELECT id FROM "
	    "revenue_history WHERE load_id = %lld AND change <> 'retracted')",
	    L);
	return exec(l, b, NULL, why, whysz);
}

/* The merge itself: history, redeliveries, new records, retractions, the load's row. */
static int
merge(struct rt_ledger *l, struct rt_ledger_load *load, const char *now, char *why, size_t whysz)
{
	struct rt_buf *b = &l->buf;
	long long L, any, matched = 0, inserted;
	int st;

	rt_buf_adds(b, "INSERT INTO revenue_loads (loaded_at, replace_source, since, until) VALUES (");
	sql_string(b, now);
	rt_buf_adds(b, ", ");
	sql_string(b, load->replace);
	rt_buf_adds(b, ", ");
	sql_day(b, load->replace != NULL ? load->since : RT_LEDGER_NODAY);
	rt_buf_adds(b, ", ");
	sql_day(b, load->replace != NULL ? load->until : RT_LEDGER_NODAY);
	rt_buf_adds(b, ") RETURNING load_id");
	if ((st = query_int(l, b, &L, why, whysz)) != 0)
		return st;
	load->load_id = L;
	rt_buf_adds(b, "SELECT count(*) FROM (SELECT 1 FROM revenue_events LIMIT 1) AS x");
	if ((st = query_int(l, b, &any, why, whysz)) != 0)
		return st;
	/* A new ledger has nothing to compare: the first load only inserts. */
	if (any && (st = update_known(l, L, now, &matched, why, whysz)) != 0)
		goto out;
	/* New rows go in by source and date, so that a window's rows lie together for the next replacement. */
	rt_buf_addf(b,
	    "INSERT INTO revenue_events (" RT_LEDGER_COLUMNS
	    ", first_seen, last_seen) SELECT " RT_LEDGER_COLUMNS
	    ", '%s', '%s' FROM rt_batch AS b WHERE NOT EXISTS "
	    "(SELECT 1 FROM revenue_events AS e WHERE e.id = b.id) ORDER BY source, date, id",
	    now, now);
	if ((st = exec(l, b, &inserted, why, whysz)) != 0)
		goto out;
	if (load->replace != NULL && load->retracted > 0) {
		if ((st = keep_history(l, L, now, "'retracted'", "revenue_events AS e",
			 "e.id IN (SELECT id FROM rt_gone)", why, whysz)) != 0)
			goto out;
		rt_buf_addf(b,
		    "UPDATE revenue_events AS e SET retracted_at = '%s' WHERE e.id IN (SELECT id FROM "
		    "rt_gone)",
		    now);
		if ((st = exec(l, b, NULL, why, whysz)) != 0)
			goto out;
	}
	rt_buf_addf(b,
	    "SELECT change, count(*) FROM revenue_history WHERE load_id = %lld AND change <> 'retracted' "
	    "GROUP BY change",
	    L);
	if ((st = l->ops->query(l, rt_buf_str(b), count_changes, load, why, whysz)) != 0)
		goto out;
	rt_buf_reset(b);
	load->inserted = (unsigned long)inserted;
	load->unchanged = (unsigned long)matched - load->changed - load->restored;
	rt_buf_addf(b,
	    "UPDATE revenue_loads SET records = %lu, inserted = %lu, changed = %lu, unchanged = %lu, "
	    "restored = %lu, retracted = %lu WHERE load_id = %lld",
	    load->records, load->inserted, load->changed, load->unchanged, load->restored, load->retracted,
	    L);
	st = exec(l, b, NULL, why, whysz);
out:
	rt_buf_reset(b);
	return st;
}

/*
 * Merges the staged batch and commits.  RT_LEDGER_REFUSED when a
 * replacement would retract more than load->max_retract percent of its
 * window; the transaction is then rolled back, as on any failure.
 */
int
rt_ledger_commit(struct rt_ledger *l, struct rt_ledger_load *load, char *why, size_t whysz)
{
	char now[RT_INSTANT_BUFSZ];
	long long n;
	int st;

	rt_instant_format(rt_now(), now);
	if ((st = l->ops->stage_close(l, why, whysz)) != 0)
		goto fail;
	rt_buf_adds(&l->buf, "SELECT count(*) FROM rt_batch");
	if ((st = query_int(l, &l->buf, &n, why, whysz)) != 0)
		goto fail;
	load->records = (unsigned long)n;
	if (load->replace != NULL && (st = check_replacement(l, load, why, whysz)) != 0)
		goto fail;
	if ((st = merge(l, load, now, why, whysz)) != 0 || (st = l->ops->commit(l, why, whysz)) != 0)
		goto fail;
	l->in_transaction = 0;
	return 0;
fail:
	rt_ledger_rollback(l);
	return st;
}

void
rt_ledger_rollback(struct rt_ledger *l)
{
	if (l->in_transaction)
		l->ops->rollback(l);
	l->in_transaction = 0;
	rt_buf_reset(&l->buf);
}

/* ---------------------------------------------------------------- reading */

struct reading {
	struct rt_ledger *l;
	rt_ledger_fn fn;
	void *arg;
	char *why;
	size_t whysz;
	int status;
};

/* One row of revenue_events as its canonical line, then parsed and checked as a record. */
static int
record_row(void *arg, const char *const *v, const size_t *n, int ncols)
{
	struct reading *rd = arg;
	struct rt_buf *b = &rd->l->line;
	char why[256];
	int i, first = 1;

	rt_buf_reset(b);
	rt_buf_addc(b, '{');
	for (i = 0; i < RT_NFIELDS && i < ncols; i++) {
		if (v[i] == NULL)
			continue;
		if (!first)
			rt_buf_addc(b, ',');
		first = 0;
		rt_buf_addf(b, "\"%s\":", rt_field_names[i]);
		if (i == RT_F_AMOUNT_MINOR || i == RT_F_RAW)
			rt_buf_add(b, v[i], n[i]);
		else
			rt_json_add_string(b, v[i], n[i]);
	}
	rt_buf_addc(b, '}');
	if (rt_record_parse(&rd->l->rec, b->p, b->len, why, sizeof(why)) == -1 ||
	    rt_record_check(&rd->l->rec, why, sizeof(why)) == -1) {
		rd->status = rt_ledger_fail(rd->why, rd->whysz, RT_LEDGER_CONFIG,
		    "%s: the record %s in the ledger is not canonical: %s", rd->l->where, v[0], why);
		return rd->status;
	}
	rd->l->rec.line = b->p;
	rd->l->rec.len = b->len;
	return rd->status = rd->fn(rd->arg, &rd->l->rec);
}

int
rt_ledger_records(struct rt_ledger *l, const struct rt_ledger_filter *f, rt_ledger_fn fn, void *arg,
    char *why, size_t whysz)
{
	struct reading rd = { l, fn, arg, why, whysz, 0 };
	struct rt_buf sql = { 0 };
	int st;

	rt_buf_adds(&sql, "SELECT " RT_LEDGER_COLUMNS " FROM revenue_events WHERE retracted_at IS NULL");
	if (f != NULL && f->source != NULL) {
		rt_buf_adds(&sql, " AND source = ");
		sql_string(&sql, f->source);
	}
	if (f != NULL && f->since != RT_LEDGER_NODAY) {
		rt_buf_adds(&sql, " AND date >= ");
		sql_day(&sql, f->since);
	}
	if (f != NULL && f->until != RT_LEDGER_NODAY) {
		rt_buf_adds(&sql, " AND date <= ");
		sql_day(&sql, f->until);
	}
	rt_buf_adds(&sql, " ORDER BY date, id");
	st = l->ops->query(l, rt_buf_str(&sql), record_row, &rd, why, whysz);
	rt_buf_free(&sql);
	/* A stop asked by fn is fn's status, not a failure of the ledger. */
	return rd.status != 0 ? rd.status : st;
}

/* ---------------------------------------------------------------- alerts */

static void
sql_int(struct rt_buf *b, const int64_t *v)
{
	if (v == NULL)
		rt_buf_adds(b, "NULL");
	else
		rt_buf_addi64(b, *v);
}

/* Records an alert (an alert with the same id is replaced), in a transaction of its own. */
int
rt_ledger_alert(struct rt_ledger *l, const struct rt_ledger_alert *a, char *why, size_t whysz)
{
	const char *cols[] = { "rule", "severity", "source", "date", "value", "expected", "message",
		"fired_at" };
	struct rt_buf *b = &l->buf;
	char now[RT_INSTANT_BUFSZ];
	const char *text[] = { a->id, a->rule, a->severity, a->source, a->date, NULL, NULL, a->message, now };
	rt_day d;
	size_t i;
	int st;

	if (a->id == NULL || a->rule == NULL || a->severity == NULL || a->message == NULL)
		return rt_ledger_fail(
		    why, whysz, RT_LEDGER_CONFIG, "an alert needs an id, a rule, a severity and a message");
	if (a->date != NULL && rt_date_parse(a->date, strlen(a->date), &d) == -1)
		return rt_ledger_fail(
		    why, whysz, RT_LEDGER_CONFIG, "alert %s: date \"%s\" is not YYYY-MM-DD", a->id, a->date);
	if ((st = l->ops->begin(l, why, whysz)) != 0)
		return st;
	l->in_transaction = 1;
	if ((st = ensure_schema(l, why, whysz)) != 0)
		goto fail;
	rt_instant_format(rt_now(), now);
	rt_buf_adds(b, "INSERT INTO revenue_alerts (id");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		rt_buf_addf(b, ", %s", cols[i]);
	rt_buf_adds(b, ") VALUES (");
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		if (i > 0)
			rt_buf_adds(b, ", ");
		if (i == 5 || i == 6) /* value, expected */
			sql_int(b, i == 5 ? a->value : a->expected);
		else
			sql_string(b, text[i]);
	}
	rt_buf_adds(b, ") ON CONFLICT (id) DO UPDATE SET ");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		rt_buf_addf(b, "%s%s = excluded.%s", i > 0 ? ", " : "", cols[i], cols[i]);
	if ((st = exec(l, b, NULL, why, whysz)) != 0 || (st = l->ops->commit(l, why, whysz)) != 0)
		goto fail;
	l->in_transaction = 0;
	return 0;
fail:
	rt_ledger_rollback(l);
	return st;
}

struct alerting {
	rt_ledger_alert_fn fn;
	void *arg;
	int status;
};

static int
alert_row(void *arg, const char *const *v, const size_t *n, int ncols)
{
	struct alerting *al = arg;
	struct rt_ledger_alert a = { v[0], v[1], v[2], v[3], v[4], v[7], NULL, NULL, v[8] };
	int64_t value, expected;

	if (v[5] != NULL && rt_money_parse_minor(v[5], n[5], &value) == RT_MONEY_OK)
		a.value = &value;
	if (v[6] != NULL && rt_money_parse_minor(v[6], n[6], &expected) == RT_MONEY_OK)
		a.expected = &expected;
	return al->status = al->fn(al->arg, &a);
}

/* Calls fn for each alert fired since the instant given (NULL: all), oldest first. */
int
rt_ledger_alerts(
    struct rt_ledger *l, const char *since, rt_ledger_alert_fn fn, void *arg, char *why, size_t whysz)
{
	struct alerting al = { fn, arg, 0 };
	struct rt_buf sql = { 0 };
	int st;

	rt_buf_adds(&sql, "SELECT id, rule, severity, source, date, value, expected, message, ");
	rt_buf_addf(&sql, l->ops->instant, "fired_at");
	rt_buf_adds(&sql, " FROM revenue_alerts");
	if (since != NULL) {
		rt_buf_adds(&sql, " WHERE fired_at >= ");
		sql_string(&sql, since);
	}
	rt_buf_adds(&sql, " ORDER BY fired_at, id");
	st = l->ops->query(l, rt_buf_str(&sql), alert_row, &al, why, whysz);
	rt_buf_free(&sql);
	return al.status != 0 ? al.status : st;
}
