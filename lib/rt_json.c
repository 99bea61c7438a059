/*
 * A strict JSON parser that builds jq's jv values.  It exists for one rule
 * that jq's own parser cannot keep: a number with a fraction or an exponent,
 * or an integer beyond 2^53, reaches the jq map as a string holding its exact
 * literal, so that no amount ever passes through a binary float.
 */
#include <string.h>

#include "rt_err.h"
#include "rt_json.h"
#include "rt_jsonlex.h"

struct parser {
	struct rt_jlex lx;
	struct rt_buf tmp; /* a string's decoded text, until jv copies it */
};

static jv value(struct parser *);

static jv
fail(struct parser *ps, const char *at, const char *msg)
{
	rt_jlex_fail(&ps->lx, at, msg);
	return jv_invalid();
}

/* At the end of the text, the lexer's words for it; else msg. */
static jv
expected(struct parser *ps, const char *msg)
{
	return fail(ps, ps->lx.p, ps->lx.p >= ps->lx.e ? ps->lx.eof : msg);
}

static jv
string(struct parser *ps)
{
	const char *s;
	size_t n;

	rt_buf_reset(&ps->tmp);
	if (rt_jlex_string(&ps->lx, &s, &n) == -1)
		return jv_invalid();
	return jv_string_sized(s, (int)n);
}

static jv
number(struct parser *ps)
{
	const char *start = ps->lx.p;
	int64_t v;

	switch (rt_jlex_number(&ps->lx, &v)) {
	case -1:
		return jv_invalid();
	case 1:
		return jv_number((double)v);
	}
	return jv_string_sized(start, (int)(ps->lx.p - start));
}

static jv
object(struct parser *ps)
{
	jv obj = jv_object(), key, val;

	if (rt_jlex_take(&ps->lx, '}'))
		return obj;
	for (;;) {
		rt_jlex_ws(&ps->lx);
		if (ps->lx.p >= ps->lx.e || *ps->lx.p != '"') {
			jv_free(obj);
			return expected(ps, "expected a string key");
		}
		key = string(ps);
		if (!jv_is_valid(key)) {
			jv_free(obj);
			return key;
		}
		if (!rt_jlex_take(&ps->lx, ':')) {
			jv_free(obj);
			jv_free(key);
			return expected(ps, "expected ':'");
		}
		val = value(ps);
		if (!jv_is_valid(val)) {
			jv_free(obj);
			jv_free(key);
			return val;
		}
		obj = jv_object_set(obj, key, val);
		if (rt_jlex_take(&ps->lx, ','))
			continue;
		if (rt_jlex_take(&ps->lx, '}'))
			return obj;
		jv_free(obj);
		return expected(ps, "expected ',' or '}'");
	}
}

static jv
array(struct parser *ps)
{
	jv arr = jv_array(), val;

	if (rt_jlex_take(&ps->lx, ']'))
		return arr;
	for (;;) {
		val = value(ps);
		if (!jv_is_valid(val)) {
			jv_free(arr);
			return val;
		}
		arr = jv_array_append(arr, val);
		if (rt_jlex_take(&ps->lx, ','))
			continue;
		if (rt_jlex_take(&ps->lx, ']'))
			return arr;
		jv_free(arr);
		return expected(ps, "expected ',' or ']'");
	}
}

static jv
value(struct parser *ps)
{
	struct rt_jlex *lx = &ps->lx;
	jv v;

	rt_jlex_ws(lx);
	if (lx->p >= lx->e)
		return fail(ps, lx->p, lx->eof);
	switch (*lx->p) {
	case '{':
	case '[':
		if (rt_jlex_enter(lx) == -1)
			return jv_invalid();
		v = lx->p[-1] == '{' ? object(ps) : array(ps);
		lx->depth--;
		return v;
	case '"':
		return string(ps);
	case 't':
		return rt_jlex_word(lx, "true", 4) == 0 ? jv_true() : jv_invalid();
	case 'f':
		return rt_jlex_word(lx, "false", 5) == 0 ? jv_false() : jv_invalid();
	case 'n':
		return rt_jlex_word(lx, "null", 4) == 0 ? jv_null() : jv_invalid();
	case '-':
	case '0' ... '9':
		return number(ps);
	}
	return fail(ps, lx->p, "unexpected character");
}

/* Parses exactly one JSON value filling s..s+n (surrounding white space allowed). */
jv
rt_json_parse(const char *s, size_t n, struct rt_json_error *err)
{
	struct parser ps;
	jv v;

	memset(&ps, 0, sizeof(ps));
	rt_jlex_init(&ps.lx, s, n, &ps.tmp);
	v = value(&ps);
	if (jv_is_valid(v)) {
		rt_jlex_ws(&ps.lx);
		if (ps.lx.p != ps.lx.e) {
			jv_free(v);
			v = fail(&ps, ps.lx.p, "unexpected data after the JSON value");
		}
	}
	if (err != NULL) {
		err->offset = ps.lx.errat != NULL ? (size_t)(ps.lx.errat - s) : 0;
		snprintf(err->msg, sizeof(err->msg), "%s", ps.lx.errmsg != NULL ? ps.lx.errmsg : "");
	}
	rt_buf_free(&ps.tmp);
	return v;
}

/* Appends s as a JSON string: quotes, backslashes and control characters escaped, UTF-8 kept. */
void
rt_json_add_string(struct rt_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const char *p = s, *e = s + n, *run = s;
	unsigned char c;

	rt_buf_addc(b, '"');
	for (; p < e; p++) {
		c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rt_buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		switch (c) {
		case '"':
			rt_buf_add(b, "\\\"", 2);
			break;
		case '\\':
			rt_buf_add(b, "\\\\", 2);
			break;
		case '\n':
			rt_buf_add(b, "\\n", 2);
			break;
		case '\r':
			rt_buf_add(b, "\\r", 2);
			break;
		case '\t':
			rt_buf_add(b, "\\t", 2);
			break;
		case '\b':
			rt_buf_add(b, "\\b", 2);
			break;
		case '\f':
			rt_buf_add(b, "\\f", 2);
			break;
		default:
			rt_buf_add(b, "\\u00", 4);
			rt_buf_addc(b, hex[c >> 4]);
			rt_buf_addc(b, hex[c & 15]);
		}
	}
	rt_buf_add(b, run, (size_t)(e - run));
	rt_buf_addc(b, '"');
}

/* Appends v (consumed) as compact JSON. */
void
rt_json_add_jv(struct rt_buf *b, jv v)
{
	jv s = jv_dump_string(v, 0);

	rt_buf_add(b, jv_string_value(s), (size_t)jv_string_length_bytes(jv_copy(s)));
	jv_free(s);
}

/* The string inside v, or def when v is not a string; v is not consumed. */
const char *
rt_jv_string(jv v, const char *def)
{
	return jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : def;
}

int
rt_jv_is(jv v, jv_kind k)
{
	return jv_get_kind(v) == k;
}
