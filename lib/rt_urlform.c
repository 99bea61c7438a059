/*
 * Form-encoded text as HTML forms, Gumroad's pings and URL queries write it:
 * name=value pairs joined by '&', '+' for a space and %XX for any byte.
 * The decoder is strict where a lenient one would guess: a '%' that is not
 * followed by two hex digits, a NUL, text that is not UTF-8 once decoded, or
 * a value without a name is an error, so that a form is read as its sender
 * meant it or not at all.  It lives apart from rt_form (which signs in
 * through forms over libcurl) so that a program that only reads forms, such
 * as a CGI receiver started once per request, does not load libcurl.
 */
#include <stdio.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_json.h"
#include "rt_urlform.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one name or value into out; -1 with why when it is malformed. */
static int
unescape(const char *s, size_t n, struct rt_buf *out, const char *what, char *why, size_t whysz)
{
	size_t i;
	int hi, lo;

	rt_buf_reset(out);
	rt_buf_grow(out, n); /* never NULL, even for an empty value */
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			rt_buf_addc(out, ' ');
		else if (s[i] != '%')
			rt_buf_addc(out, s[i]);
		else if (n - i >= 3 && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			rt_buf_addc(out, hi << 4 | lo);
			i += 2;
		} else {
			snprintf(why, whysz, "a %s has a %% not followed by two hex digits", what);
			return -1;
		}
	}
	if (memchr(out->p, '\0', out->len) != NULL) {
		snprintf(why, whysz, "a %s holds a NUL byte", what);
		return -1;
	}
	if (rt_utf8_check(out->p, out->len) != out->len) {
		snprintf(why, whysz, "a %s is not UTF-8 once decoded", what);
		return -1;
	}
	return 0;
}

/*
 * The pairs of s as a JSON object of strings; a name given twice keeps its
 * last value, a pair without '=' has the empty value, and empty pairs
 * ("a=1&&b=2", a trailing '&') are skipped.  Names are kept as written,
 * brackets included ("card[visual]").  An invalid value (why set) when the
 * text is malformed.
 */
jv
rt_urlform_decode(const char *s, size_t n, char *why, size_t whysz)
{
	struct rt_buf name = { 0 }, value = { 0 };
	const char *pair, *end, *eq, *e = s + n;
	jv form = jv_object();

	for (pair = s; pair < e; pair = end + 1) {
		if ((end = memchr(pair, '&', (size_t)(e - pair))) == NULL)
			end = e;
		if (end == pair)
			continue;
		if ((eq = memchr(pair, '=', (size_t)(end - pair))) == NULL)
			eq = end;
		if (eq == pair) {
			snprintf(why, whysz, "a value without a name");
			goto bad;
		}
		if (unescape(pair, (size_t)(eq - pair), &name, "name", why, whysz) == -1 ||
		    unescape(eq + (eq < end), (size_t)(end - eq - (eq < end)), &value, "value", why, whysz) ==
			-1)
			goto bad;
		form = jv_object_set(
		    form, jv_string_sized(name.p, (int)name.len), jv_string_sized(value.p, (int)value.len));
		if (end == e)
			break;
	}
	rt_buf_free(&name);
	rt_buf_free(&value);
	return form;
bad:
	rt_buf_free(&name);
	rt_buf_free(&value);
	jv_free(form);
	return jv_invalid();
}
