/*
 * The ledger in PostgreSQL, through libpq: a team's shared ledger.  Writers
 * serialize on a transaction-scoped advisory lock (readers never wait),
 * waiting up to lock_timeout; a batch goes to the server with COPY and is
 * merged there.  The schema version is in the table rt_schema.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_ledger_db.h"

#define CONN(l) ((PGconn *)(l)->db)
#define LOCK_KEY "7461820196" /* the advisory lock every rt writer takes */
#define COPY_CHUNK (256 * 1024)

/* The first line of a libpq message, without its "ERROR:  " and newline. */
static void
message(const char *msg, char *out, size_t outsz)
{
	size_t n;

	if (msg == NULL)
		msg = "unknown error";
	if (strncmp(msg, "ERROR:  ", 8) == 0)
		msg += 8;
	n = strcspn(msg, "\n");
	snprintf(out, outsz, "%.*s", (int)n, msg);
}

/*
 * What a failure calls for: a lock not had in time is a local matter (exit
 * 4, like SQLite's busy ledger), a statement the schema refuses is the
 * ledger's (2), and anything else is the server's (3).
 */
static int
failure(struct rt_ledger *l, PGresult *res, char *why, size_t whysz)
{
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[512];

	message(res != NULL && PQresultErrorMessage(res)[0] != '\0' ? PQresultErrorMessage(res)
								    : PQerrorMessage(CONN(l)),
	    msg, sizeof(msg));
	if (PQstatus(CONN(l)) == CONNECTION_BAD || state == NULL)
		return rt_ledger_fail(why, whysz, RT_LEDGER_UNREACHABLE, "%s: %s", l->where, msg);
	if (strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
		return rt_ledger_fail(why, whysz, RT_LEDGER_IO,
		    "%s: the ledger is locked by another writer (waited %d s)", l->where, l->wait);
	if (strncmp(state, "42", 2) == 0 || strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
		return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG, "%s: %s", l->where, msg);
	return rt_ledger_fail(why, whysz, RT_LEDGER_UNREACHABLE, "%s: %s", l->where, msg);
}

static int
pg_exec(struct rt_ledger *l, const char *sql, long long *rows, char *why, size_t whysz)
{
	PGresult *res = PQexec(CONN(l), sql);
	ExecStatusType s = PQresultStatus(res);
	int st = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		st = failure(l, res, why, whysz);
	else if (rows != NULL)
		*rows = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return st;
}

/* Drains what is left of a query, after fn asked to stop: cancelled, so that a big export ends now. */
static void
drain(struct rt_ledger *l)
{
	PGcancel *c = PQgetCancel(CONN(l));
	char buf[256];
	PGresult *res;

	if (c != NULL) {
		PQcancel(c, buf, sizeof(buf));
		PQfreeCancel(c);
	}
	while ((res = PQgetResult(CONN(l))) != NULL)
		PQclear(res);
}

/* Rows one at a time (single-row mode), so that an export of a big ledger streams. */
static int
pg_query(struct rt_ledger *l, const char *sql, rt_ledger_row_fn fn, void *arg, char *why, size_t whysz)
{
	const char *v[32];
	size_t n[32];
	PGresult *res;
	ExecStatusType s;
	int i, ncols, st = 0, stopped = 0;

	if (!PQsendQuery(CONN(l), sql))
		return failure(l, NULL, why, whysz);
	PQsetSingleRowMode(CONN(l));
	while ((res = PQgetResult(CONN(l))) != NULL) {
		s = PQresultStatus(res);
		if (s == PGRES_SINGLE_TUPLE && !stopped && st == 0) {
			ncols = PQnfields(res) < 32 ? PQnfields(res) : 32;
			for (i = 0; i < ncols; i++) {
				v[i] = PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
				n[i] = (size_t)PQgetlength(res, 0, i);
			}
			if (fn(arg, v, n, ncols) != 0) {
				PQclear(res);
				drain(l);
				return 0;
			}
		} else if (s != PGRES_SINGLE_TUPLE && s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK &&
		    st == 0)
			st = failure(l, res, why, whysz);
		PQclear(res);
	}
	return st;
}

static int
pg_open(struct rt_ledger *l, const char *where, char *why, size_t whysz)
{
	char msg[512], sql[256];

	l->db = PQconnectdb(where);
	if (l->db == NULL)
		return rt_ledger_fail(why, whysz, RT_LEDGER_IO, "%s: out of memory", where);
	if (PQstatus(CONN(l)) != CONNECTION_OK) {
		message(PQerrorMessage(CONN(l)), msg, sizeof(msg));
		return rt_ledger_fail(
		    why, whysz, RT_LEDGER_UNREACHABLE, "%s: cannot reach the ledger: %s", l->where, msg);
	}
	/* Dates as YYYY-MM-DD and instants in UTC, whatever the server or the role prefer. */
	snprintf(sql, sizeof(sql),
	    "SET client_encoding = 'UTF8'; SET client_min_messages = warning; SET datestyle = ISO; "
	    "SET TIME ZONE 'UTC'; SET lock_timeout = '%dms'",
	    l->wait > 0 ? l->wait * 1000 : 1);
	return pg_exec(l, sql, NULL, why, whysz);
}

static void
pg_close(struct rt_ledger *l)
{
	PQfinish(CONN(l));
	l->db = NULL;
}

static int
store_int(void *arg, const char *const *v, const size_t *n, int ncols)
{
	long long *out = arg;
	int i;

	for (i = 0; i < ncols; i++)
		out[i] = v[i] != NULL ? strtoll(v[i], NULL, 10) : 0;
	return 0;
}

static int
pg_version(struct rt_ledger *l, int *version, char *why, size_t whysz)
{
	long long have[2] = { 0, 0 }, v = 0;
	int st;

	if ((st = pg_query(l,
		 "SELECT (to_regclass('rt_schema') IS NOT NULL)::int, "
		 "(to_regclass('revenue_events') IS NOT NULL)::int",
		 store_int, have, why, whysz)) != 0)
		return st;
	if (!have[0] && have[1])
		return rt_ledger_fail(why, whysz, RT_LEDGER_CONFIG,
		    "%s: has a revenue_events table but no rt_schema version", l->where);
	if (have[0] &&
	    (st = pg_query(l, "SELECT max(version) FROM rt_schema", store_int, &v, why, whysz)) != 0)
		return st;
	*version = (int)v;
	return 0;
}

static int
pg_prepare(struct rt_ledger *l, char *why, size_t whysz)
{
	return 0;
}

static void pg_rollback(struct rt_ledger *);

static int
pg_begin(struct rt_ledger *l, char *why, size_t whysz)
{
	int st;

	if ((st = pg_exec(l, "BEGIN", NULL, why, whysz)) != 0)
		return st;
	if ((st = pg_exec(l, "SELECT pg_advisory_xact_lock(" LOCK_KEY ")", NULL, why, whysz)) != 0)
		pg_rollback(l);
	return st;
}

static int
pg_commit(struct rt_ledger *l, char *why, size_t whysz)
{
	return pg_exec(l, "COMMIT", NULL, why, whysz);
}

static void
pg_rollback(struct rt_ledger *l)
{
	char why[256];

	if (PQtransactionStatus(CONN(l)) == PQTRANS_ACTIVE) {
		PQputCopyEnd(CONN(l), "rolled back");
		drain(l);
	}
	if (PQtransactionStatus(CONN(l)) != PQTRANS_IDLE)
		pg_exec(l, "ROLLBACK", NULL, why, sizeof(why));
}

/* The batch comes in with COPY to rt_stage, in delivery order; rt_batch keeps the last of each id. */
static int
pg_stage_open(struct rt_ledger *l, char *why, size_t whysz)
{
	PGresult *res;
	int st;

	if ((st = pg_exec(l,
		 "CREATE TEMP TABLE rt_stage (seq bigint, id text, source text, date date, end_date date, "
		 "amount_minor bigint, currency text, kind text, status text, client text, description "
		 "text, ts text, ref text, entity text, raw text) ON COMMIT DROP",
		 NULL, why, whysz)) != 0)
		return st;
	res = PQexec(CONN(l), "COPY rt_stage FROM STDIN");
	st = PQresultStatus(res) == PGRES_COPY_IN ? 0 : failure(l, res, why, whysz);
	PQclear(res);
	rt_buf_reset(&l->buf);
	return st;
}

/* COPY's text format: tab between fields, \N for NULL, backslash escapes. */
static void
copy_field(struct rt_buf *b, const char *p, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *esc = p[i] == '\\' ? "\\\\"
		    : p[i] == '\t'	       ? "\\t"
		    : p[i] == '\n'	       ? "\\n"
		    : p[i] == '\r'	       ? "\\r"
					       : NULL;

		if (esc == NULL)
			continue;
		rt_buf_add(b, p + start, i - start);
		rt_buf_add(b, esc, 2);
		start = i + 1;
	}
	rt_buf_add(b, p + start, n - start);
}

static int
flush(struct rt_ledger *l, char *why, size_t whysz)
{
	if (l->buf.len > 0 && PQputCopyData(CONN(l), l->buf.p, (int)l->buf.len) != 1)
		return failure(l, NULL, why, whysz);
	rt_buf_reset(&l->buf);
	return 0;
}

static int
pg_stage(struct rt_ledger *l, const struct rt_record *r, char *why, size_t whysz)
{
	const struct rt_value *v;
	int i;

	rt_buf_addf(&l->buf, "%lu", l->staged);
	for (i = 0; i < RT_NFIELDS; i++) {
		v = &r->f[i];
		rt_buf_addc(&l->buf, '\t');
		if (i == RT_F_AMOUNT_MINOR)
			rt_buf_addi64(&l->buf, r->amount_minor);
		else if (v->type == RT_V_NONE || v->type == RT_V_NULL)
			rt_buf_add(&l->buf, "\\N", 2);
		else
			copy_field(&l->buf, v->p, v->n);
	}
	rt_buf_addc(&l->buf, '\n');
	return l->buf.len >= COPY_CHUNK ? flush(l, why, whysz) : 0;
}

static int
pg_stage_close(struct rt_ledger *l, char *why, size_t whysz)
{
	PGresult *res;
	int st;

	if ((st = flush(l, why, whysz)) != 0)
		return st;
	if (PQputCopyEnd(CONN(l), NULL) != 1)
		return failure(l, NULL, why, whysz);
	while ((res = PQgetResult(CONN(l))) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && st == 0)
			st = failure(l, res, why, whysz);
		PQclear(res);
	}
	if (st != 0)
		return st;
	return pg_exec(l,
	    "CREATE TEMP TABLE rt_batch ON COMMIT DROP AS SELECT DISTINCT ON (id) " RT_LEDGER_COLUMNS
	    " FROM rt_stage ORDER BY id, seq DESC; ALTER TABLE rt_batch ADD PRIMARY KEY (id); ANALYZE "
	    "rt_batch",
	    NULL, why, whysz);
}

const struct rt_ledger_ops rt_ledger_pg = {
	"postgresql",
	"to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	"pg_temp",
	pg_open,
	pg_close,
	pg_version,
	pg_prepare,
	pg_begin,
	pg_commit,
	pg_rollback,
	pg_exec,
	pg_query,
	pg_stage_open,
	pg_stage,
	pg_stage_close,
};
