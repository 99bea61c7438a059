/*
 * Where the views (rt-dashboard, rt-report, rt-alert) get their canonical
 * records: every record reaches the program through one callback, so that
 * another place to read them from (a ledger) feeds the same callback.
 */
#ifndef RT_RECORDS_H
#define RT_RECORDS_H

#include <stddef.h>

#include "rt_io.h"
#include "rt_record.h"

/* Takes one checked record; -1 with why filled stops the reading (a total that would overflow). */
typedef int (*rt_records_fn)(void *arg, const struct rt_record *rec, char *why, size_t whysz);

struct rt_records {
	struct rt_input in;
	unsigned long rejected; /* lines reported on stderr and left out */
	int status; /* after -1: the exit status the failure calls for */
	char why[600]; /* after -1: what went wrong, with its place */
};

int rt_records_open(struct rt_records *feed, int nfiles, char **files);
int rt_records_each(struct rt_records *feed, rt_records_fn fn, void *arg);

#endif
