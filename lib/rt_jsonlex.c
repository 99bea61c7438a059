/*
 * The one JSON lexer (RFC 8259), shared by the jv parser (rt_json.c) and the
 * record hot path (rt_record.c).  Strings are scanned four bytes at a time
 * and decoded only when they hold escapes; UTF-8 is checked only when a
 * byte above 0x7f was seen.
 */
#include <stdio.h>
#include <string.h>

#include "rt_jsonlex.h"

void
rt_jlex_init(struct rt_jlex *lx, const char *s, size_t n, struct rt_buf *dec)
{
	memset(lx, 0, sizeof(*lx));
	lx->s = lx->p = s;
	lx->e = s + n;
	lx->dec = dec;
	lx->eof = "unexpected end of input";
}

/* Keeps the first problem (the place NULL when it has none); returns -1. */
int
rt_jlex_fail(struct rt_jlex *lx, const char *at, const char *msg)
{
	if (lx->errmsg == NULL) {
		lx->errat = at;
		lx->errmsg = msg;
	}
	return -1;
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

/* What a byte means inside a JSON string; PLAIN for the bytes that need no thought. */
enum { PLAIN, QUOTE, BACKSLASH, CONTROL, HIGH };
static const unsigned char strclass[256] = {
	[0 ... 0x1f] = CONTROL, ['"'] = QUOTE, ['\\'] = BACKSLASH, [0x80 ... 0xff] = HIGH
};

/*
 * A string at lx->p (its opening quote): *text, *len its decoded text, in
 * the input when it holds no escape, else on the end of lx->dec.  Leaves
 * lx->p after the closing quote.
 */
int
rt_jlex_string(struct rt_jlex *lx, const char **text, size_t *len)
{
	const unsigned char *p = (const unsigned char *)lx->p + 1, *e = (const unsigned char *)lx->e;
	const char *start = lx->p + 1, *bad;
	int esc = 0, high = 0;
	size_t ok, n, off;

	for (;;) {
		while (e - p >= 4 && !(strclass[p[0]] | strclass[p[1]] | strclass[p[2]] | strclass[p[3]]))
			p += 4;
		while (p < e && strclass[*p] == PLAIN)
			p++;
		if (p >= e)
			return rt_jlex_fail(lx, start - 1, "unterminated string");
		switch (strclass[*p]) {
		case QUOTE:
			goto end;
		case BACKSLASH:
			esc = 1;
			if (e - p < 2)
				return rt_jlex_fail(lx, start - 1, "unterminated string");
			p += 2;
			break;
		case CONTROL:
			return rt_jlex_fail(lx, (const char *)p, "control character in string");
		default:
			high = 1;
			p++;
		}
	}
end:
	n = (size_t)((const char *)p - start);
	lx->p = (const char *)p + 1;
	if (high && (ok = rt_utf8_check(start, n)) != n)
		return rt_jlex_fail(lx, start + ok, "invalid UTF-8 in string");
	if (!esc) {
		*text = start;
		*len = n;
		return 0;
	}
	off = lx->dec->len;
	if (rt_json_unescape(start, n, lx->dec, &bad) == -1)
		return rt_jlex_fail(lx, bad, "invalid escape in string");
	*text = lx->dec->p + off;
	*len = lx->dec->len - off;
	return 0;
}

/*
 * A number at lx->p.  Returns 1 and its value in *exact (when not NULL) for
 * an integer a double holds exactly (at most 16 digits, at most 2^53), 0
 * for any other number, -1 for none.
 */
int
rt_jlex_number(struct rt_jlex *lx, int64_t *exact)
{
	const char *start = lx->p, *p = lx->p, *e = lx->e;
	int isint = 1, ndigits = 0;
	int64_t v = 0;

	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++, ndigits = 1;
	else if (p < e && *p >= '1' && *p <= '9' && exact == NULL)
		for (; p < e && *p >= '0' && *p <= '9'; p++)
			ndigits++;
	else if (p < e && *p >= '1' && *p <= '9')
		for (; p < e && *p >= '0' && *p <= '9'; p++, ndigits++)
			if (ndigits < 18)
				v = v * 10 + (*p - '0');
	if (ndigits == 0)
		return rt_jlex_fail(lx, start, "invalid number");
	if (ndigits > 16 || v > (INT64_C(1) << 53))
		isint = 0;
	if (p < e && *p == '.') {
		isint = 0;
		if (++p >= e || *p < '0' || *p > '9')
			return rt_jlex_fail(lx, p, "invalid number");
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		isint = 0;
		if (++p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || *p < '0' || *p > '9')
			return rt_jlex_fail(lx, p, "invalid number");
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	lx->p = p;
	if (isint && exact != NULL)
		*exact = *start == '-' ? -v : v;
	return isint;
}

/* The literal word (true, false, null) at lx->p. */
int
rt_jlex_word(struct rt_jlex *lx, const char *word, size_t n)
{
	if ((size_t)(lx->e - lx->p) < n || memcmp(lx->p, word, n) != 0)
		return rt_jlex_fail(lx, lx->p, "unexpected character");
	lx->p += n;
	return 0;
}

/* Opens a container at lx->p, past the nesting limit a failure; the caller decrements depth. */
int
rt_jlex_enter(struct rt_jlex *lx)
{
	if (++lx->depth > RT_JSON_MAXDEPTH)
		return rt_jlex_fail(lx, lx->p, "nested too deeply");
	lx->p++;
	return 0;
}

static int
skip_container(struct rt_jlex *lx)
{
	char close = *lx->p == '{' ? '}' : ']';
	const char *s;
	size_t n;

	if (rt_jlex_enter(lx) == -1)
		return -1;
	if (rt_jlex_take(lx, close)) {
		lx->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			rt_jlex_ws(lx);
			if (lx->p >= lx->e || *lx->p != '"')
				return rt_jlex_fail(
				    lx, lx->p, lx->p >= lx->e ? lx->eof : "expected a string key");
			if (rt_jlex_string(lx, &s, &n) == -1)
				return -1;
			if (!rt_jlex_take(lx, ':'))
				return rt_jlex_fail(lx, lx->p, lx->p >= lx->e ? lx->eof : "expected ':'");
		}
		if (rt_jlex_skip(lx) == -1)
			return -1;
		if (rt_jlex_take(lx, ','))
			continue;
		if (rt_jlex_take(lx, close)) {
			lx->depth--;
			return 0;
		}
		return rt_jlex_fail(lx, lx->p,
		    lx->p >= lx->e     ? lx->eof
			: close == '}' ? "expected ',' or '}'"
				       : "expected ',' or ']'");
	}
}

/* Checks and skips any JSON value (strings with escapes are decoded onto lx->dec). */
int
rt_jlex_skip(struct rt_jlex *lx)
{
	const char *s;
	size_t n;

	rt_jlex_ws(lx);
	if (lx->p >= lx->e)
		return rt_jlex_fail(lx, lx->p, lx->eof);
	switch (*lx->p) {
	case '"':
		return rt_jlex_string(lx, &s, &n);
	case '{':
	case '[':
		return skip_container(lx);
	case 't':
		return rt_jlex_word(lx, "true", 4);
	case 'f':
		return rt_jlex_word(lx, "false", 5);
	case 'n':
		return rt_jlex_word(lx, "null", 4);
	case '-':
	case '0' ... '9':
		return rt_jlex_number(lx, NULL) == -1 ? -1 : 0;
	}
	return rt_jlex_fail(lx, lx->p, "unexpected character");
}
