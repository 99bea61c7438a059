/* Running jq programs through libjq: the source maps and the body templates. */
#ifndef RT_JQ_H
#define RT_JQ_H

#include <jq.h>

#include "rt_buf.h"

#define RT_JQ_PROGRAM_MAX (1024 * 1024) /* bytes a map or template file may have */

struct rt_jq {
	jq_state *jq;
	struct rt_buf err; /* the last error jq reported */
};

int rt_jq_compile(struct rt_jq *j, const char *program, jv args);
int rt_jq_load(struct rt_jq *j, const char *path, jv args);
void rt_jq_start(struct rt_jq *j, jv input);
int rt_jq_next(struct rt_jq *j, jv *out);
void rt_jq_free(struct rt_jq *j);

#endif
