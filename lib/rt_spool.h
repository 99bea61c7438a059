/*
 * The webhook spool: verified deliveries appended to an NDJSON file under
 * flock, each line ending with its delivery's key, the keys of every
 * delivery received kept beside it, and a batch taken out for loading.
 */
#ifndef RT_SPOOL_H
#define RT_SPOOL_H

#include <stddef.h>

#include "rt_buf.h"

#define RT_SPOOL_KEYMAX 200 /* the longest key */
#define RT_SPOOL_IDS_MAX 50000 /* keys kept; past this the oldest half goes */

enum { RT_SPOOL_ADDED = 0, RT_SPOOL_DUPLICATE = 1 };

struct rt_spool {
	char *path; /* the spool */
	char *ids; /* path.ids: the key of every delivery received */
	char *taken; /* path.taken: the batch being loaded; its lock is the drain's */
	char *rejected; /* path.rejected: deliveries the maps refused */
	int takenfd;
};

int rt_spool_key_valid(const char *, size_t);
void rt_spool_init(struct rt_spool *, const char *);
void rt_spool_free(struct rt_spool *);
int rt_spool_add(struct rt_spool *, const char *, const char *, size_t, char *, size_t);
int rt_spool_take(struct rt_spool *, char *, size_t);
int rt_spool_done(struct rt_spool *, const char *, size_t, char *, size_t);
int rt_spool_batch(struct rt_spool *, struct rt_buf *, char *, size_t);
void rt_spool_release(struct rt_spool *);
const char *rt_spool_line_key(const char *, size_t, size_t *);

#endif
