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

void rt_canon_init(struct rt_canon *c, const char *source, int keep_raw);
void rt_canon_free(struct rt_canon *c);
int rt_canon_build(
    struct rt_canon *c, jv out, const char *raw, size_t rawlen, struct rt_buf *line, char *why, size_t whysz);
void rt_canon_number(struct rt_canon *c, const char *p, size_t n, struct rt_buf *out);

#endif
