/*
 * Checks that rt_json_parse survives any bytes and reports where it stopped,
 * that a value it accepts is written by rt_json_add_jv as JSON that parses
 * back to an equal value, that rt_json_add_string writes any valid UTF-8 as a
 * string that reads back whole, and that rt_utf8_check agrees with the C
 * library's UTF-8 decoder.
 */
#include <locale.h>
#include <string.h>
#include <wchar.h>

#include "fuzz.h"
#include "rt_json.h"

int LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FUZZ_CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "no C.UTF-8 locale");
	return 0;
}

/*
 * The valid UTF-8 prefix by glibc's decoder, which refuses overlong forms
 * but not surrogates or code points beyond U+10FFFF.
 */
static size_t
utf8_prefix(const char *s, size_t n)
{
	mbstate_t st;
	size_t off = 0, k;
	wchar_t wc;

	memset(&st, 0, sizeof(st));
	while (off < n) {
		k = mbrtowc(&wc, s + off, n - off, &st);
		if (k == (size_t)-1 || k == (size_t)-2)
			break;
		if (k == 0)
			k = 1; /* a NUL byte */
		if ((wc >= 0xd800 && wc <= 0xdfff) || wc > 0x10ffff)
			break;
		off += k;
	}
	return off;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct rt_json_error err, err2;
	struct rt_buf out = { 0 };
	size_t ok;
	jv v, w;

	ok = rt_utf8_check(s, size);
	FUZZ_CHECK(ok == utf8_prefix(s, size), "rt_utf8_check says %zu valid bytes, glibc %zu", ok,
	    utf8_prefix(s, size));

	/* Any valid text goes out as a string that reads back the same. */
	if (ok == size) {
		rt_json_add_string(&out, s, size);
		w = rt_json_parse(out.p, out.len, &err2);
		FUZZ_CHECK(jv_is_valid(w), "a written string does not parse: %s", err2.msg);
		FUZZ_CHECK(jv_get_kind(w) == JV_KIND_STRING &&
			(size_t)jv_string_length_bytes(jv_copy(w)) == size &&
			memcmp(jv_string_value(w), s, size) == 0,
		    "a written string reads back changed");
		jv_free(w);
		rt_buf_reset(&out);
	}

	v = rt_json_parse(s, size, &err);
	if (!jv_is_valid(v)) {
		FUZZ_CHECK(err.msg[0] != '\0' && err.offset <= size, "error \"%s\" at %zu of %zu", err.msg,
		    err.offset, size);
		jv_free(v);
		rt_buf_free(&out);
		return 0;
	}
	rt_json_add_jv(&out, jv_copy(v));
	w = rt_json_parse(out.p, out.len, &err2);
	FUZZ_CHECK(jv_is_valid(w), "written JSON does not parse: %s at %zu: %.*s", err2.msg, err2.offset,
	    (int)out.len, out.p);
	FUZZ_CHECK(
	    jv_equal(jv_copy(v), jv_copy(w)), "written JSON reads back different: %.*s", (int)out.len, out.p);
	jv_free(v);
	jv_free(w);
	rt_buf_free(&out);
	return 0;
}
