/* Turning what a jq map emits into checked canonical records (SPEC section 2). */
#ifndef RT_CANON_H
#define RT_CANON_H

#include <jv.h>

#include "rt_buf.h"
#include "rt_map.h"
#include "rt_record.h"

struct rt_canon {
	const char *source; /* --source, when the map does not say */
	int keep_raw;
	int defer; /* leave content-derived ids unnumbered, for rt_canon_number */
	struct rt_map derived; /* content ids handed out so far */
	struct rt_record rec;
	struct rt_buf id, text;
};

void rt_canon_init(struct rt_canon *, const char *, int);
void rt_canon_free(struct rt_canon *);
int rt_canon_build(struct rt_canon *, jv, const char *, size_t, struct rt_buf *, char *, size_t);
void rt_canon_number(struct rt_canon *, const char *, size_t, struct rt_buf *);

#endif
