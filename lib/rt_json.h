/*
 * JSON for everything but the record hot path: a parser to jq's jv that keeps
 * money exact, and string escaping.  Both readers share rt_jsonlex.
 *
 * Ownership of jv values, for all of rt: a function that takes a jv
 * consumes it (jq's own rule: the callee frees it, so pass jv_copy(v) to keep
 * v), except the rt_jv_* helpers, which only borrow (look at v and leave it
 * to the caller).  A jv that a function returns belongs to the caller.
 */
#ifndef RT_JSON_H
#define RT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jv.h>

#include "rt_buf.h"
#include "rt_jsonlex.h"

struct rt_json_error {
	size_t offset; /* byte offset of the problem */
	char msg[160];
};

jv rt_json_parse(const char *s, size_t n, struct rt_json_error *err);
void rt_json_add_string(struct rt_buf *b, const char *s, size_t n);
void rt_json_add_jv(struct rt_buf *b, jv v);

/* Borrowed views: they never consume v. */
const char *rt_jv_string(jv v, const char *def);
int rt_jv_is(jv v, jv_kind kind);

#endif
