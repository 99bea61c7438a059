/*
 * The one JSON lexer: white space, strings, numbers, literals and the
 * skipping of a whole value, with the nesting limit.  rt_json builds jv
 * values from its tokens; rt_record slices a line with it.
 */
#ifndef RT_JSONLEX_H
#define RT_JSONLEX_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"

/*
 * jq writes a value nested deeper than 257 levels as a "<stripped: ...>"
 * placeholder, which is not JSON; rt reads no deeper than it can write.
 */
#define RT_JSON_MAXDEPTH 256

struct rt_jlex {
	const char *s, *p, *e; /* the text, where the lexer is, its end */
	struct rt_buf *dec; /* strings with escapes are decoded onto its end */
	const char *eof; /* what running out of text is called */
	const char *errat; /* the first problem: where (NULL: no place) */
	const char *errmsg; /* and what (NULL: none yet) */
	int depth; /* containers open around p */
};

void rt_jlex_init(struct rt_jlex *lx, const char *s, size_t n, struct rt_buf *dec);
int rt_jlex_fail(struct rt_jlex *lx, const char *at, const char *msg);
int rt_jlex_string(struct rt_jlex *lx, const char **text, size_t *len);
int rt_jlex_number(struct rt_jlex *lx, int64_t *exact);
int rt_jlex_word(struct rt_jlex *lx, const char *word, size_t n);
int rt_jlex_enter(struct rt_jlex *lx);
int rt_jlex_skip(struct rt_jlex *lx);
size_t rt_utf8_check(const char *s, size_t n);
int rt_json_unescape(const char *s, size_t n, struct rt_buf *out, const char **bad);

/*
 * Skips white space.  Inline, and the common case (no space) costs one test
 * past the end check, for the record path calls it around every token.
 */
static inline void
rt_jlex_ws(struct rt_jlex *lx)
{
	while (lx->p < lx->e && (unsigned char)*lx->p <= ' ' &&
	    (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r'))
		lx->p++;
}

/* True when the next byte, after white space, is c (consumed then). */
static inline int
rt_jlex_take(struct rt_jlex *lx, char c)
{
	if (lx->p < lx->e && *lx->p == c) {
		lx->p++;
		return 1;
	}
	rt_jlex_ws(lx);
	if (lx->p < lx->e && *lx->p == c) {
		lx->p++;
		return 1;
	}
	return 0;
}

#endif
