/*
 * Checks that the form decoder survives any bytes; that what it accepts is
 * an object of strings that are UTF-8 without NUL; that the object, written
 * back as a form with every byte but the unreserved ones escaped, reads back
 * equal; and that a form it refuses says why.
 */
#include <string.h>

#include "fuzz.h"
#include "rt_buf.h"
#include "rt_json.h"
#include "rt_urlform.h"

/* Escapes s as a form name or value: unreserved bytes as they are, a blank as '+', the rest %XX. */
static void
escape(struct rt_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~')
			rt_buf_addc(b, c);
		else if (c == ' ')
			rt_buf_addc(b, '+');
		else {
			rt_buf_addc(b, '%');
			rt_buf_addc(b, hex[c >> 4]);
			rt_buf_addc(b, hex[c & 15]);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_buf form = { 0 };
	char why[128] = "";
	const char *s;
	int n;
	jv v, again;

	v = rt_urlform_decode((const char *)data, size, why, sizeof(why));
	if (!jv_is_valid(v)) {
		FUZZ_CHECK(
		    why[0] != '\0' && memchr(why, '\0', sizeof(why)) != NULL, "a refusal without a reason");
		jv_free(v);
		return 0;
	}
	FUZZ_CHECK(jv_get_kind(v) == JV_KIND_OBJECT, "decoded to a %s", jv_kind_name(jv_get_kind(v)));
	jv_object_foreach(v, key, val)
	{
		FUZZ_CHECK(jv_get_kind(val) == JV_KIND_STRING, "a value that is not a string");
		n = jv_string_length_bytes(jv_copy(key));
		s = jv_string_value(key);
		FUZZ_CHECK(
		    n > 0 && rt_utf8_check(s, (size_t)n) == (size_t)n && memchr(s, '\0', (size_t)n) == NULL,
		    "a name that is empty, not UTF-8 or holds a NUL");
		if (form.len > 0)
			rt_buf_addc(&form, '&');
		escape(&form, s, (size_t)n);
		rt_buf_addc(&form, '=');
		n = jv_string_length_bytes(jv_copy(val));
		s = jv_string_value(val);
		FUZZ_CHECK(rt_utf8_check(s, (size_t)n) == (size_t)n && memchr(s, '\0', (size_t)n) == NULL,
		    "a value that is not UTF-8 or holds a NUL");
		escape(&form, s, (size_t)n);
		jv_free(key);
		jv_free(val);
	}
	again = rt_urlform_decode(form.p != NULL ? form.p : "", form.len, why, sizeof(why));
	FUZZ_CHECK(jv_is_valid(again), "the form written back is refused: %s", why);
	FUZZ_CHECK(jv_equal(jv_copy(v), again), "the form written back reads differently");
	jv_free(v);
	rt_buf_free(&form);
	return 0;
}
