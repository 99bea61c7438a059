/*
 * The ledger in a SQLite file: WAL mode, so that readers (the sqlite3 CLI,
 * an export) never wait for a load; a writer takes the write lock when its
 * transaction begins (BEGIN IMMEDIATE) and waits for another up to the busy
 * timeout.  The schema version is PRAGMA user_version.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rt_err.h"
#include "rt_ledger_db.h"

#define DB(l) ((sqlite3 *)(l)->db)

/* What a SQLite failure calls for, with its message. */
static int
failure(struct rt_ledger *l, int rc, const char *msg, char *why, size_t whysz)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return rt_ledger_fail(why, whysz, RT_LEDGER_IO,
		    "%s: the ledger is locked by another writer (waited %d s)", l->where, l->wait);
	case SQLITE_NOTADB:
		return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG, "%s: not an SQLite database", l->where);
	case SQLITE_CORRUPT:
	case SQLITE_ERROR:
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
		return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG, "%s: %s", l->where, msg);
	}
	return rt_ledger_fail(why, whysz, RT_LEDGER_IO, "%s: %s", l->where, msg);
}

static int
sq_exec(struct rt_ledger *l, const char *sql, long long *rows, char *why, size_t whysz)
{
	char *msg = NULL;
	int rc, st;

	if ((rc = sqlite3_exec(DB(l), sql, NULL, NULL, &msg)) != SQLITE_OK) {
		st = failure(
		    l, sqlite3_extended_errcode(DB(l)), msg != NULL ? msg : sqlite3_errstr(rc), why, whysz);
		sqlite3_free(msg);
		return st;
	}
	if (rows != NULL)
		*rows = (long long)sqlite3_changes64(DB(l));
	return 0;
}

static int
sq_query(struct rt_ledger *l, const char *sql, rt_ledger_row_fn fn, void *arg, char *why, size_t whysz)
{
	const char *v[32];
	size_t n[32];
	sqlite3_stmt *st;
	int rc, i, ncols;

	if ((rc = sqlite3_prepare_v2(DB(l), sql, -1, &st, NULL)) != SQLITE_OK)
		return failure(l, rc, sqlite3_errmsg(DB(l)), why, whysz);
	ncols = sqlite3_column_count(st);
	if (ncols > 32)
		ncols = 32;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			v[i] = (const char *)sqlite3_column_text(st, i);
			n[i] = (size_t)sqlite3_column_bytes(st, i);
		}
		if (fn(arg, v, n, ncols) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = failure(l, sqlite3_extended_errcode(DB(l)), sqlite3_errmsg(DB(l)), why, whysz);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	return 0;
}

static int
sq_open(struct rt_ledger *l, const char *where, char *why, size_t whysz)
{
	struct stat sb;
	sqlite3 *db = NULL;
	int rc, flags = SQLITE_OPEN_READWRITE;

	if (l->mode == RT_LEDGER_READ && stat(where, &sb) == -1)
		return rt_ledger_fail(why, whysz, errno == ENOENT ? RT_LEDGER_CONFIG : RT_LEDGER_IO, "%s: %s",
		    where, strerror(errno));
	if (l->mode == RT_LEDGER_WRITE)
		flags |= SQLITE_OPEN_CREATE;
	if ((rc = sqlite3_open_v2(where, &db, flags, NULL)) != SQLITE_OK) {
		rc = rt_ledger_fail(why, whysz, RT_LEDGER_IO, "%s: %s", where,
		    db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return rc;
	}
	l->db = db;
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, l->wait > 0 ? l->wait * 1000 : 1);
	return 0;
}

static void
sq_close(struct rt_ledger *l)
{
	if (l->stmt != NULL)
		sqlite3_finalize(l->stmt);
	l->stmt = NULL;
	sqlite3_close(DB(l));
	l->db = NULL;
}

static int
store_int(void *arg, const char *const *v, const size_t *n, int ncols)
{
	*(long long *)arg = v[0] != NULL ? strtoll(v[0], NULL, 10) : 0;
	return 0;
}

/* Reading the version reads the file's header: a file that is no database is told here, untouched. */
static int
sq_version(struct rt_ledger *l, int *version, char *why, size_t whysz)
{
	long long v = 0, tables = 0;
	int st;

	if ((st = sq_query(l, "PRAGMA user_version", store_int, &v, why, whysz)) != 0)
		return st;
	if (v == 0 &&
	    (st = sq_query(l,
		 "SELECT count(*) FROM sqlite_master WHERE name IN ('revenue_events', "
		 "'revenue_history', 'revenue_summaries')",
		 store_int, &tables, why, whysz)) != 0)
		return st;
	if (v == 0 && tables > 0)
		return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG,
		    "%s: has rt's tables but no schema version (PRAGMA user_version is 0)", l->where);
	*version = (int)v;
	return 0;
}

static int
sq_prepare(struct rt_ledger *l, char *why, size_t whysz)
{
	/* A big page cache: a load touches the id and date indexes all over. */
	return sq_exec(l, "PRAGMA journal_mode = WAL; PRAGMA cache_size = -65536", NULL, why, whysz);
}

static int
sq_begin(struct rt_ledger *l, char *why, size_t whysz)
{
	return sq_exec(l, "BEGIN IMMEDIATE", NULL, why, whysz);
}

static int
sq_commit(struct rt_ledger *l, char *why, size_t whysz)
{
	return sq_exec(l, "COMMIT", NULL, why, whysz);
}

static void
sq_rollback(struct rt_ledger *l)
{
	char why[256];

	if (l->stmt != NULL)
		sqlite3_finalize(l->stmt);
	l->stmt = NULL;
	if (sqlite3_get_autocommit(DB(l)) == 0)
		sq_exec(l, "ROLLBACK", NULL, why, sizeof(why));
}

/* The batch is a temporary table keyed by id: INSERT OR REPLACE keeps the last delivery of an id. */
static int
sq_stage_open(struct rt_ledger *l, char *why, size_t whysz)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sq_exec(l,
		 "DROP TABLE IF EXISTS temp.rt_batch; CREATE TEMP TABLE rt_batch (id TEXT NOT NULL PRIMARY "
		 "KEY, source TEXT NOT NULL, date TEXT NOT NULL, end_date TEXT, amount_minor INTEGER NOT "
		 "NULL, currency TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, client TEXT, "
		 "description TEXT, ts TEXT, ref TEXT, entity TEXT, raw TEXT) WITHOUT ROWID; "
		 "PRAGMA temp.cache_size = -65536",
		 NULL, why, whysz)) != 0)
		return rc;
	if ((rc = sqlite3_prepare_v2(DB(l),
		 "INSERT OR REPLACE INTO temp.rt_batch (" RT_LEDGER_COLUMNS
		 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		 -1, &st, NULL)) != SQLITE_OK)
		return failure(l, rc, sqlite3_errmsg(DB(l)), why, whysz);
	l->stmt = st;
	return 0;
}

static int
sq_stage(struct rt_ledger *l, const struct rt_record *r, char *why, size_t whysz)
{
	sqlite3_stmt *st = l->stmt;
	const struct rt_value *v;
	int i, rc;

	for (i = 0; i < RT_NFIELDS; i++) {
		v = &r->f[i];
		if (i == RT_F_AMOUNT_MINOR)
			rc = sqlite3_bind_int64(st, i + 1, r->amount_minor);
		else if (v->type == RT_V_NONE || v->type == RT_V_NULL)
			rc = sqlite3_bind_null(st, i + 1);
		else
			rc = sqlite3_bind_text(st, i + 1, v->p, (int)v->n, SQLITE_STATIC);
		if (rc != SQLITE_OK)
			return failure(l, rc, sqlite3_errmsg(DB(l)), why, whysz);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return failure(l, sqlite3_extended_errcode(DB(l)), sqlite3_errmsg(DB(l)), why, whysz);
	return 0;
}

static int
sq_stage_close(struct rt_ledger *l, char *why, size_t whysz)
{
	if (l->stmt != NULL)
		sqlite3_finalize(l->stmt);
	l->stmt = NULL;
	return 0;
}

const struct rt_ledger_ops rt_ledger_sqlite = {
	"sqlite",
	"%s",
	"temp",
	sq_open,
	sq_close,
	sq_version,
	sq_prepare,
	sq_begin,
	sq_commit,
	sq_rollback,
	sq_exec,
	sq_query,
	sq_stage_open,
	sq_stage,
	sq_stage_close,
};
