/*
 * Inside the ledger: what each database back end (rt_ledger_sqlite.c,
 * rt_ledger_pg.c) gives the shared logic of rt_ledger.c.  Not for programs:
 * they use rt_ledger.h.
 */
#ifndef RT_LEDGER_DB_H
#define RT_LEDGER_DB_H

#include "rt_buf.h"
#include "rt_ledger.h"

/* A row of a query: each column's text, NULL for SQL NULL. */
typedef int (*rt_ledger_row_fn)(void *arg, const char *const *v, const size_t *n, int ncols);

struct rt_ledger_ops {
	const char *name; /* "sqlite", "postgresql": also the directory of its SQL in share/rt/sql */
	const char *instant; /* an instant column (%s) as RFC 3339 UTC text */
	const char *temp; /* the schema of the session's temporary tables */
	int (*open)(struct rt_ledger *, const char *where, char *why, size_t whysz);
	void (*close)(struct rt_ledger *);
	/* The schema version, 0 when the database holds no ledger yet. */
	int (*version)(struct rt_ledger *, int *version, char *why, size_t whysz);
	/* Readies a writer before its first transaction (SQLite: WAL mode). */
	int (*prepare)(struct rt_ledger *, char *why, size_t whysz);
	/* Takes the ledger's write lock, waiting up to l->wait seconds, in a new transaction. */
	int (*begin)(struct rt_ledger *, char *why, size_t whysz);
	int (*commit)(struct rt_ledger *, char *why, size_t whysz);
	void (*rollback)(struct rt_ledger *);
	/* Statements without results, several separated by semicolons; *rows: rows the last changed. */
	int (*exec)(struct rt_ledger *, const char *sql, long long *rows, char *why, size_t whysz);
	/* A query, fn called for each row; a nonzero return from fn stops it (and query returns 0). */
	int (*query)(
	    struct rt_ledger *, const char *sql, rt_ledger_row_fn fn, void *arg, char *why, size_t whysz);
	/* The batch: a temporary table rt_batch, one row per id, the last delivery of each. */
	int (*stage_open)(struct rt_ledger *, char *why, size_t whysz);
	int (*stage)(struct rt_ledger *, const struct rt_record *, char *why, size_t whysz);
	int (*stage_close)(struct rt_ledger *, char *why, size_t whysz);
};

struct rt_ledger {
	const struct rt_ledger_ops *ops;
	enum rt_ledger_mode mode;
	int wait; /* seconds */
	int in_transaction;
	char *where; /* as given, for messages */
	const char *replace; /* the source a batch replaces, or NULL */
	void *db; /* the back end's handle */
	void *stmt; /* SQLite: the staging statement */
	unsigned long staged;
	struct rt_buf buf; /* the back end's scratch */
	struct rt_buf line; /* a record read back, for rt_ledger_records */
	struct rt_record rec;
};

extern const struct rt_ledger_ops rt_ledger_sqlite;
extern const struct rt_ledger_ops rt_ledger_pg;

/* The canonical fields as columns, in SPEC order: raw's JSON is text. */
#define RT_LEDGER_COLUMNS \
	"id, source, date, end_date, amount_minor, currency, kind, status, client, description, ts, ref, " \
	"entity, raw"

int rt_ledger_fail(char *why, size_t whysz, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
