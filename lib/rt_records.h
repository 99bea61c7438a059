/*
 * Where the views (rt-dashboard, rt-report, rt-alert) get their canonical
 * records: the file operands (or stdin), or with --ledger the current
 * records of a ledger (rt_ledger); every record reaches the program through
 * one callback either way.
 */
#ifndef RT_RECORDS_H
#define RT_RECORDS_H

#include <stddef.h>

#include "rt_cli.h"
#include "rt_io.h"
#include "rt_ledger.h"
#include "rt_record.h"

/* --ledger, for a program's option table. */
#define RT_OPT_LEDGER (RT_OPT_LAYER + 90)
#define RT_RECORDS_LEDGER_OPTION \
	{ \
		"ledger", RT_OPT_LEDGER, "ledger", \
		    "read the ledger's current records (a file or postgresql:// URI) instead of files" \
	}

/* Takes one checked record; -1 with why filled stops the reading (a total that would overflow). */
typedef int (*rt_records_fn)(void *arg, const struct rt_record *rec, char *why, size_t whysz);

struct rt_records {
	struct rt_input in;
	struct rt_ledger *ledger; /* NULL: the file operands */
	unsigned long rejected; /* lines reported on stderr and left out */
	int status; /* after -1: the exit status the failure calls for */
	char why[600]; /* after -1: what went wrong, with its place */
};

int rt_records_open(struct rt_records *feed, int nfiles, char **files);
int rt_records_open_ledger(struct rt_records *feed, const char *where, int nfiles);
int rt_records_start(struct rt_records *feed, const char *ledger, int nfiles, char **files);
int rt_records_each(struct rt_records *feed, rt_records_fn fn, void *arg);
void rt_records_close(struct rt_records *feed);

#endif
