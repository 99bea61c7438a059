/*
 * The markdown tracker (SPEC section 8): finding the regions rt owns, adopting
 * a hand-kept file that has none, reading the transaction log, and writing the
 * file back with every byte outside the regions as it was.
 */
#ifndef RT_TRACKER_H
#define RT_TRACKER_H

#include <stddef.h>

#include "rt_buf.h"
#include "rt_map.h"
#include "rt_sources.h"
#include "rt_table.h"

enum rt_region_id { RT_REGION_UPDATED, RT_REGION_YTD, RT_REGION_MONTHLY, RT_REGION_LOG, RT_NREGIONS };

enum rt_region_how {
	RT_REGION_FOUND, /* between its markers; from..to is the content */
	RT_REGION_ADOPT, /* a hand-kept line or table at from..to gets markers */
	RT_REGION_INSERT /* nothing yet: it goes in at from, with a heading when needed */
};

struct rt_region {
	enum rt_region_how how;
	size_t from, to;
	size_t outer_from, outer_to; /* FOUND: from the first marker to the end of the last */
	int heading; /* INSERT: write the section heading too */
	unsigned long line;
};

struct rt_tracker {
	const char *text;
	size_t len;
	struct rt_region r[RT_NREGIONS];
};

/* The columns of a transaction log table, as rt_tracker_log_read finds them. */
enum rt_tracklog_col {
	RT_COL_OTHER,
	RT_COL_DATE,
	RT_COL_ID,
	RT_COL_SOURCE,
	RT_COL_CLIENT,
	RT_COL_DESCRIPTION,
	RT_COL_AMOUNT,
	RT_COL_CURRENCY,
	RT_COL_KIND,
	RT_COL_STATUS
};

struct rt_tracklog {
	enum rt_tracklog_col *cols; /* the header's columns, or rt's own when there is no table */
	size_t ncols;
	size_t append_at; /* offset in the region's content after the last table row */
	int has_table;
	struct rt_map ids; /* every ID in the log: its row's line in the region, 0 for one rt adds */
};

/* A record as the log shows it. */
struct rt_tracklog_entry {
	const char *date, *id, *source, *client, *description, *currency, *kind, *status;
	int64_t amount;
};

/*
 * What rt_tracker_log_merge does to the rows already in the log: the
 * records of this run (each id once, the last delivery), which of them
 * belong in the log (completed, dated by the as-of date), and whether the
 * input is the whole ledger (prune).
 */
struct rt_log_merge {
	const struct rt_tracklog_entry *entries;
	const unsigned char *shown;
	size_t n;
	int prune; /* rows of rt's ids (source:...) of the input's sources that it no longer holds go */
	size_t updated, removed; /* set by rt_tracker_log_merge */
};

extern const char *const rt_region_names[RT_NREGIONS];
extern const char rt_tracker_template[];

int rt_tracker_scan(struct rt_tracker *t, const char *text, size_t len, char *why, size_t whysz);
void rt_tracker_old(const struct rt_tracker *t, enum rt_region_id id, const char **p, size_t *n);
void rt_tracker_lines(const struct rt_tracker *t, enum rt_region_id id, struct rt_buf *out);
void rt_tracker_apply(const struct rt_tracker *t, struct rt_buf *const *content, struct rt_buf *out);
int rt_tracker_log_read(struct rt_tracklog *log, const char *p, size_t n);
void rt_tracker_log_free(struct rt_tracklog *log);
int rt_tracker_log_has(struct rt_tracklog *log, const char *id);
void rt_tracker_log_key(const char *id, struct rt_buf *key);
void rt_tracker_log_merge(
    struct rt_buf *out, const char *p, size_t n, const struct rt_tracklog *log, struct rt_log_merge *m);

#endif
