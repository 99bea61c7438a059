/*
 * Checks that the exact money parsers survive any bytes without overflow, and
 * that what they accept formats and parses back to the same minor units at
 * every exponent ISO 4217 uses (0 to 4).
 */
#include <string.h>

#include "fuzz.h"
#include "rt_money.h"

static const char *const codes[] = { "USD", "JPY", "BHD", "CLF", "EUR", "XYZ" };

/* The formatted amount without its thousands commas. */
static void
ungroup(const char *s, char *out)
{
	for (; *s != '\0'; s++)
		if (*s != ',')
			*out++ = *s;
	*out = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char buf[RT_MONEY_BUFSZ], grouped[RT_MONEY_BUFSZ], plain[RT_MONEY_BUFSZ], shown[64];
	int64_t v[5], w, sum;
	int rc[5], e, r, i;
	size_t k;

	for (e = 0; e <= 4; e++) {
		rc[e] = rt_money_parse(s, size, e, &v[e]);
		FUZZ_CHECK(rc[e] >= RT_MONEY_OK && rc[e] <= RT_MONEY_OVERFLOW, "code %d", rc[e]);
		FUZZ_CHECK(rt_money_strerror(rc[e]) != NULL, "no message");
		if (rc[e] != RT_MONEY_OK)
			continue;
		rt_money_format(v[e], e, 0, buf, sizeof(buf));
		r = rt_money_parse(buf, strlen(buf), e, &w);
		FUZZ_CHECK(r == RT_MONEY_OK && w == v[e], "\"%s\" at exponent %d does not read back", buf, e);
		rt_money_format(v[e], e, 1, grouped, sizeof(grouped));
		ungroup(grouped, plain);
		FUZZ_CHECK(strcmp(plain, buf) == 0, "grouped \"%s\" is not \"%s\"", grouped, buf);
		/* One more decimal place is ten times as many minor units. */
		if (e > 0 && rc[e - 1] == RT_MONEY_OK)
			FUZZ_CHECK(!__builtin_mul_overflow(v[e - 1], 10, &w) && w == v[e],
			    "exponent %d gives %lld, exponent %d gives %lld", e - 1, (long long)v[e - 1], e,
			    (long long)v[e]);
	}

	r = rt_money_parse_minor(s, size, &w);
	FUZZ_CHECK(r >= RT_MONEY_OK && r <= RT_MONEY_OVERFLOW, "code %d", r);
	if (r == RT_MONEY_OK) {
		FUZZ_CHECK(rc[0] == RT_MONEY_OK && w == v[0], "minor units differ from exponent 0");
		for (k = size > 0 && (s[0] == '-' || s[0] == '+'); k < size; k++)
			FUZZ_CHECK(s[k] >= '0' && s[k] <= '9', "a minor-unit count holds '%c'", s[k]);
		rt_money_format(w, 0, 0, buf, sizeof(buf));
		FUZZ_CHECK(rt_money_parse_minor(buf, strlen(buf), &sum) == RT_MONEY_OK && sum == w,
		    "\"%s\" does not read back", buf);
	}

	/* Display and addition, on whatever was read. */
	for (e = 0; e <= 4; e++) {
		if (rc[e] != RT_MONEY_OK)
			continue;
		for (i = 0; i < (int)(sizeof(codes) / sizeof(codes[0])); i++) {
			rt_money_display(v[e], codes[i], shown, sizeof(shown));
			FUZZ_CHECK(strlen(shown) < sizeof(shown) - 1, "display \"%s\" was cut", shown);
		}
		for (i = 0; i <= 4; i++) {
			if (rc[i] != RT_MONEY_OK)
				continue;
			sum = v[e];
			if (__builtin_add_overflow(v[e], v[i], &w))
				FUZZ_CHECK(
				    rt_money_add(&sum, v[i]) == -1 && sum == v[e], "overflow not seen");
			else
				FUZZ_CHECK(rt_money_add(&sum, v[i]) == 0 && sum == w, "wrong sum");
		}
	}
	r = rt_currency_exponent(s, size);
	FUZZ_CHECK(r >= -1 && r <= 4, "exponent %d", r);
	return 0;
}
