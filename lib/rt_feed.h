/*
 * Where the views (rt-dashboard, rt-report, rt-alert) get their canonical
 * records: every record reaches the program through one callback, so that
 * another place to read them from (a ledger) feeds the same callback.
 */
#ifndef RT_FEED_H
#define RT_FEED_H

#include <stddef.h>

#include "rt_io.h"
#include "rt_record.h"

/* Takes one checked record; -1 with why filled stops the reading (a total that would overflow). */
typedef int (*rt_feed_fn)(void *arg, const struct rt_record *rec, char *why, size_t whysz);

struct rt_feed {
	struct rt_input in;
	unsigned long rejected; /* lines reported on stderr and left out */
	int status; /* after -1: the exit status the failure calls for */
	char why[600]; /* after -1: what went wrong, with its place */
};

int rt_feed_open(struct rt_feed *feed, int nfiles, char **files);
int rt_feed_each(struct rt_feed *feed, rt_feed_fn fn, void *arg);

#endif
