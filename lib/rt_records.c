/*
 * The reading loop of the views: file operands (or stdin) through
 * rt_record_next, each record checked against SPEC section 2, a bad line
 * reported with its place and counted, every good one handed to the
 * program's callback.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rt_err.h"
#include "rt_records.h"

/* Checks that every operand can be opened, before anything is read or written. */
int
rt_records_open(struct rt_records *feed, int nfiles, char **files)
{
	const char *bad;

	memset(feed, 0, sizeof(*feed));
	if (rt_input_open(&feed->in, nfiles, files, &bad) == -1) {
		feed->status = RT_EXIT_USAGE;
		snprintf(feed->why, sizeof(feed->why), "%s: %s", bad, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The current records of a ledger instead of files (rt_ledger_open's
 * statuses: 2 for no ledger there, 3 for a server out of reach).  File
 * operands as well are a misuse: which would be the truth?
 */
int
rt_records_open_ledger(struct rt_records *feed, const char *where, int nfiles)
{
	int st;

	memset(feed, 0, sizeof(*feed));
	if (nfiles > 0) {
		feed->status = RT_EXIT_USAGE;
		snprintf(feed->why, sizeof(feed->why), "--ledger reads the ledger: give no files as well");
		return -1;
	}
	if ((st = rt_ledger_open(
		 &feed->ledger, where, RT_LEDGER_READ, RT_LEDGER_WAIT, feed->why, sizeof(feed->why))) != 0) {
		feed->status = st;
		feed->ledger = NULL;
		return -1;
	}
	return 0;
}

/* The ledger when --ledger named one, else the file operands. */
int
rt_records_start(struct rt_records *feed, const char *ledger, int nfiles, char **files)
{
	if (ledger != NULL)
		return rt_records_open_ledger(feed, ledger, nfiles);
	return rt_records_open(feed, nfiles, files);
}

struct from_ledger {
	rt_records_fn fn;
	void *arg;
	char why[400];
};

static int
from_ledger(void *arg, const struct rt_record *rec)
{
	struct from_ledger *fl = arg;

	return fl->fn(fl->arg, rec, fl->why, sizeof(fl->why)) == -1 ? -1 : 0;
}

/* The ledger's records through fn; -1 with status and why when the ledger fails or fn refuses. */
static int
each_in_ledger(struct rt_records *feed, rt_records_fn fn, void *arg)
{
	struct from_ledger fl = { fn, arg, "" };
	int st;

	if ((st = rt_ledger_records(feed->ledger, NULL, from_ledger, &fl, feed->why, sizeof(feed->why))) == 0)
		return 0;
	if (st == -1) {
		feed->status = RT_EXIT_BADINPUT;
		snprintf(feed->why, sizeof(feed->why), "the ledger: %s; nothing written", fl.why);
	} else
		feed->status = st;
	return -1;
}

void
rt_records_close(struct rt_records *feed)
{
	if (feed->ledger != NULL)
		rt_ledger_close(feed->ledger);
	feed->ledger = NULL;
}

/*
 * Hands every good record of every operand to fn.  -1 when an input cannot
 * be read (status 4) or fn refuses a record (status 1); the why says where.
 */
int
rt_records_each(struct rt_records *feed, rt_records_fn fn, void *arg)
{
	struct rt_record rec;
	char why[400];
	int rc, result = 0;

	if (feed->ledger != NULL)
		return each_in_ledger(feed, fn, arg);
	rt_record_init(&rec);
	while ((rc = rt_record_next(&feed->in, &rec, 1)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR) {
			feed->status = RT_EXIT_IO;
			snprintf(feed->why, sizeof(feed->why), "%s: %s", rt_input_name(&feed->in),
			    strerror(errno));
			result = -1;
			break;
		}
		if (rc == RT_RECORD_BAD) {
			feed->rejected++;
			continue;
		}
		if (fn(arg, &rec, why, sizeof(why)) == -1) {
			feed->status = RT_EXIT_BADINPUT;
			snprintf(feed->why, sizeof(feed->why), "%s:%lu: %s; nothing written",
			    rt_input_name(&feed->in), rt_input_line(&feed->in), why);
			result = -1;
			break;
		}
	}
	rt_record_free(&rec);
	return result;
}
