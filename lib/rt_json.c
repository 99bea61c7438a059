/*
 * A strict JSON parser that builds jq's jv values.  It exists for one rule
 * that jq's own parser cannot keep: a number with a fraction or an exponent,
 * or an integer beyond 2^53, reaches the jq map as a string holding its exact
 * literal, so that no amount ever passes through a binary float.
 */
#include <string.h>

#include "rt_err.h"
#include "rt_json.h"

struct parser {
	const char *s, *p, *end;
	struct rt_json_error *err;
	struct rt_buf tmp;
	int depth;
};

static jv value(struct parser *);

static jv
fail(struct parser *ps, const char *p, const char *msg)
{
	if (ps->err != NULL && ps->err->msg[0] == '\0') {
		ps->err->offset = (size_t)(p - ps->s);
		snprintf(ps->err->msg, sizeof(ps->err->msg), "%s", msg);
	}
	return jv_invalid();
}

static void
skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

/* Length of the valid UTF-8 prefix of s (n when all of it is valid). */
size_t
rt_utf8_check(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n, *start = p;
	unsigned c;

	while (p < e) {
		c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			if (e - p < 2 || (p[1] & 0xc0) != 0x80)
				break;
			p += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			if (e - p < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
			    (c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
				break;
			p += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			if (e - p < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
			    (p[3] & 0xc0) != 0x80 || (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
				break;
			p += 4;
		} else
			break;
	}
	return (size_t)(p - start);
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			v |= (unsigned)(p[i] - '0');
		else if (p[i] >= 'a' && p[i] <= 'f')
			v |= (unsigned)(p[i] - 'a' + 10);
		else if (p[i] >= 'A' && p[i] <= 'F')
			v |= (unsigned)(p[i] - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
add_utf8(struct rt_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	rt_buf_add(b, u, n);
}

/*
 * Decodes the body of a JSON string (between the quotes, already checked to
 * hold no raw control characters) into out.  On a bad escape, returns -1 and
 * points *bad at it.
 */
int
rt_json_unescape(const char *s, size_t n, struct rt_buf *out, const char **bad)
{
	const char *p = s, *e = s + n, *q;
	unsigned cp, lo;

	while (p < e) {
		if ((q = memchr(p, '\\', (size_t)(e - p))) == NULL) {
			rt_buf_add(out, p, (size_t)(e - p));
			break;
		}
		rt_buf_add(out, p, (size_t)(q - p));
		p = q;
		if (e - p < 2)
			goto bad;
		switch (p[1]) {
		case '"':
		case '\\':
		case '/':
			rt_buf_addc(out, p[1]);
			p += 2;
			break;
		case 'b':
			rt_buf_addc(out, '\b');
			p += 2;
			break;
		case 'f':
			rt_buf_addc(out, '\f');
			p += 2;
			break;
		case 'n':
			rt_buf_addc(out, '\n');
			p += 2;
			break;
		case 'r':
			rt_buf_addc(out, '\r');
			p += 2;
			break;
		case 't':
			rt_buf_addc(out, '\t');
			p += 2;
			break;
		case 'u':
			if (e - p < 6 || hex4(p + 2, &cp) == -1)
				goto bad;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				goto bad;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (e - p < 12 || p[6] != '\\' || p[7] != 'u' || hex4(p + 8, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			add_utf8(out, cp);
			p += 6;
			break;
		default:
			goto bad;
		}
	}
	return 0;
bad:
	if (bad != NULL)
		*bad = p;
	return -1;
}

/* Scans a string starting at the opening quote; leaves p after the closing quote. */
static jv
string(struct parser *ps)
{
	const char *start = ++ps->p, *bad;
	size_t ok;
	int escaped = 0;

	for (;;) {
		if (ps->p >= ps->end)
			return fail(ps, start - 1, "unterminated string");
		if (*ps->p == '"')
			break;
		if ((unsigned char)*ps->p < 0x20)
			return fail(ps, ps->p, "control character in string");
		if (*ps->p == '\\') {
			escaped = 1;
			if (ps->p + 1 < ps->end)
				ps->p++;
		}
		ps->p++;
	}
	ok = rt_utf8_check(start, (size_t)(ps->p - start));
	if (ok != (size_t)(ps->p - start))
		return fail(ps, start + ok, "invalid UTF-8 in string");
	ps->p++;
	if (!escaped)
		return jv_string_sized(start, (int)(ps->p - 1 - start));
	rt_buf_reset(&ps->tmp);
	if (rt_json_unescape(start, (size_t)(ps->p - 1 - start), &ps->tmp, &bad) == -1)
		return fail(ps, bad, "invalid escape in string");
	return jv_string_sized(ps->tmp.p, (int)ps->tmp.len);
}

static jv
number(struct parser *ps)
{
	const char *start = ps->p, *p = ps->p, *e = ps->end;
	int exact = 1, ndigits = 0;
	int64_t v = 0;

	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++, ndigits = 1;
	else if (p < e && *p >= '1' && *p <= '9')
		for (; p < e && *p >= '0' && *p <= '9'; p++, ndigits++)
			if (ndigits < 18)
				v = v * 10 + (*p - '0');
	if (ndigits == 0)
		return fail(ps, start, "invalid number");
	if (ndigits > 16 || v > (INT64_C(1) << 53))
		exact = 0;
	if (p < e && *p == '.') {
		exact = 0;
		p++;
		if (p >= e || *p < '0' || *p > '9')
			return fail(ps, p, "invalid number");
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		exact = 0;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || *p < '0' || *p > '9')
			return fail(ps, p, "invalid number");
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	ps->p = p;
	if (exact)
		return jv_number((double)(*start == '-' ? -v : v));
	return jv_string_sized(start, (int)(p - start));
}

static int
literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return -1;
	ps->p += n;
	return 0;
}

static jv
object(struct parser *ps)
{
	jv obj = jv_object(), key, val;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"') {
			jv_free(obj);
			return fail(ps, ps->p,
			    ps->p >= ps->end ? "unexpected end of input" : "expected a string key");
		}
		key = string(ps);
		if (!jv_is_valid(key)) {
			jv_free(obj);
			return key;
		}
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			jv_free(obj);
			jv_free(key);
			return fail(ps, ps->p, ps->p >= ps->end ? "unexpected end of input" : "expected ':'");
		}
		ps->p++;
		val = value(ps);
		if (!jv_is_valid(val)) {
			jv_free(obj);
			jv_free(key);
			return val;
		}
		obj = jv_object_set(obj, key, val);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		jv_free(obj);
		return fail(ps, ps->p, ps->p >= ps->end ? "unexpected end of input" : "expected ',' or '}'");
	}
}

static jv
array(struct parser *ps)
{
	jv arr = jv_array(), val;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		val = value(ps);
		if (!jv_is_valid(val)) {
			jv_free(arr);
			return val;
		}
		arr = jv_array_append(arr, val);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		jv_free(arr);
		return fail(ps, ps->p, ps->p >= ps->end ? "unexpected end of input" : "expected ',' or ']'");
	}
}

static jv
value(struct parser *ps)
{
	jv v;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, ps->p, "unexpected end of input");
	switch (*ps->p) {
	case '{':
	case '[':
		if (++ps->depth > RT_JSON_MAXDEPTH)
			return fail(ps, ps->p, "nested too deeply");
		v = *ps->p == '{' ? object(ps) : array(ps);
		ps->depth--;
		return v;
	case '"':
		return string(ps);
	case 't':
		if (literal(ps, "true") == 0)
			return jv_true();
		break;
	case 'f':
		if (literal(ps, "false") == 0)
			return jv_false();
		break;
	case 'n':
		if (literal(ps, "null") == 0)
			return jv_null();
		break;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return number(ps);
	}
	return fail(ps, ps->p, "unexpected character");
}

/* Parses exactly one JSON value filling s..s+n (surrounding white space allowed). */
jv
rt_json_parse(const char *s, size_t n, struct rt_json_error *err)
{
	struct parser ps;
	jv v;

	memset(&ps, 0, sizeof(ps));
	ps.s = ps.p = s;
	ps.end = s + n;
	ps.err = err;
	if (err != NULL)
		err->msg[0] = '\0';
	v = value(&ps);
	if (jv_is_valid(v)) {
		skip_ws(&ps);
		if (ps.p != ps.end) {
			jv_free(v);
			v = fail(&ps, ps.p, "unexpected data after the JSON value");
		}
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
