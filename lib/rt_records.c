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
 * Hands every good record of every operand to fn.  -1 when an input cannot
 * be read (status 4) or fn refuses a record (status 1); the why says where.
 */
int
rt_records_each(struct rt_records *feed, rt_records_fn fn, void *arg)
{
	struct rt_record rec;
	char why[400];
	int rc, result = 0;

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
