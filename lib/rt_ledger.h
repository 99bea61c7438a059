/*
 * The ledger (SPEC section 7a): the database of canonical records that
 * rt-load writes and that any program may read, a SQLite file or a
 * PostgreSQL database (a postgresql:// URI), behind one interface.
 *
 * Reading, for a program that takes --ledger LEDGER:
 *
 *	struct rt_ledger *l;
 *	struct rt_ledger_filter f = { "close", RT_LEDGER_NODAY, RT_LEDGER_NODAY };
 *
 *	if ((st = rt_ledger_open(&l, path, RT_LEDGER_READ, RT_LEDGER_WAIT, why, sizeof(why))) != 0)
 *		rt_errx(st, "%s", why);
 *	if ((st = rt_ledger_records(l, &f, each, &state, why, sizeof(why))) != 0)
 *		rt_errx(st, "%s", why);
 *	rt_ledger_close(l);
 *
 * each() gets every current record (not retracted; reversed ones included,
 * as they are records) parsed and checked, as rt_record_next would give it
 * from a file: the typed fields set, and r->line, r->len the canonical line
 * (without its newline) exactly as rt-normalize writes it.  Records come in
 * order of date, then id.  A nonzero return from each() stops the reading
 * and is returned.
 *
 * Writing a batch (rt-load): rt_ledger_open(RT_LEDGER_WRITE), then
 * rt_ledger_begin, rt_ledger_add for each checked record, rt_ledger_commit
 * (or rt_ledger_rollback).  The batch is one transaction: a failure or a
 * kill before the commit leaves the ledger as it was.
 *
 * Every function that can fail returns 0 or an enum rt_ledger_status, whose
 * values are the exit statuses of SPEC section 4, with the reason in why;
 * the library never exits.
 */
#ifndef RT_LEDGER_H
#define RT_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "rt_date.h"
#include "rt_record.h"

enum rt_ledger_status {
	RT_LEDGER_OK = 0,
	RT_LEDGER_REFUSED =
	    1, /* a record the ledger cannot take, a replacement that would retract too much */
	RT_LEDGER_CONFIG = 2, /* not a database, a newer schema, no ledger there to read */
	RT_LEDGER_UNREACHABLE = 3, /* the PostgreSQL server could not be reached or failed */
	RT_LEDGER_IO = 4 /* locked past the wait, a full disk, a failed write */
};

enum rt_ledger_mode {
	RT_LEDGER_READ, /* the ledger must exist, with this schema version */
	RT_LEDGER_WRITE /* created with its schema when new; an older schema is migrated */
};

#define RT_LEDGER_WAIT 30 /* seconds to wait for another writer, by default */
#define RT_LEDGER_NODAY INT32_MIN /* an open end of a date range */
#define RT_LEDGER_SCHEMA 1 /* the schema version this rt reads and writes */

struct rt_ledger;

/* Which records a reader wants: a source (NULL: all), and dates since..until inclusive. */
struct rt_ledger_filter {
	const char *source;
	rt_day since, until; /* RT_LEDGER_NODAY: open */
};

typedef int (*rt_ledger_fn)(void *arg, const struct rt_record *r);

/* A batch: what it replaces, and after rt_ledger_commit what it did. */
struct rt_ledger_load {
	const char *replace; /* the source whose window the batch is the whole truth of; NULL: upsert only */
	rt_day since, until; /* the window of the replacement; RT_LEDGER_NODAY: open */
	int max_retract; /* percent of the window's current records a replacement may retract */

	unsigned long records; /* distinct ids in the batch */
	unsigned long inserted, changed, unchanged, restored, retracted;
	unsigned long window; /* current records of the window before the load */
	long long load_id; /* the row of revenue_loads that tells of this load */
};

/* An alert, as rt-alert records it in revenue_alerts (strings NULL when none). */
struct rt_ledger_alert {
	const char *id; /* an alert fired again with the same id replaces the earlier row */
	const char *rule, *severity, *source, *date, *message;
	const int64_t *value, *expected; /* NULL when none */
	const char *fired_at; /* RFC 3339; filled by rt_ledger_alerts, ignored (RT_NOW) when recording */
};

typedef int (*rt_ledger_alert_fn)(void *arg, const struct rt_ledger_alert *a);

int rt_ledger_is_uri(const char *where);
int rt_ledger_open(struct rt_ledger **lp, const char *where, enum rt_ledger_mode mode, int wait_seconds,
    char *why, size_t whysz);
void rt_ledger_close(struct rt_ledger *l);
const char *rt_ledger_backend(const struct rt_ledger *l); /* "sqlite" or "postgresql" */

int rt_ledger_records(struct rt_ledger *l, const struct rt_ledger_filter *f, rt_ledger_fn fn, void *arg,
    char *why, size_t whysz);

int rt_ledger_begin(struct rt_ledger *l, struct rt_ledger_load *load, char *why, size_t whysz);
int rt_ledger_add(struct rt_ledger *l, const struct rt_record *r, char *why, size_t whysz);
int rt_ledger_commit(struct rt_ledger *l, struct rt_ledger_load *load, char *why, size_t whysz);
void rt_ledger_rollback(struct rt_ledger *l);

int rt_ledger_alert(struct rt_ledger *l, const struct rt_ledger_alert *a, char *why, size_t whysz);
int rt_ledger_alerts(
    struct rt_ledger *l, const char *since, rt_ledger_alert_fn fn, void *arg, char *why, size_t whysz);

#endif
