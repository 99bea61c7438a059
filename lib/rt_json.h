/* JSON for everything but the record hot path: a parser to jq's jv that keeps money exact, and string escaping. */
#ifndef RT_JSON_H
#define RT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jv.h>

#include "rt_buf.h"

/*
 * jq writes a value nested deeper than 257 levels as a "<stripped: ...>"
 * placeholder, which is not JSON; rt reads no deeper than it can write.
 */
#define RT_JSON_MAXDEPTH 256

struct rt_json_error {
	size_t offset; /* byte offset of the problem */
	char msg[160];
};

jv rt_json_parse(const char *, size_t, struct rt_json_error *);
size_t rt_utf8_check(const char *, size_t);
int rt_json_unescape(const char *, size_t, struct rt_buf *, const char **);
void rt_json_add_string(struct rt_buf *, const char *, size_t);
void rt_json_add_jv(struct rt_buf *, jv);

/* jv helpers: borrowed views that do not consume their argument. */
const char *rt_jv_string(jv, const char *);
int rt_jv_is(jv, jv_kind);

#endif
