/*
 * Exact decimal money.  Amounts live as int64 counts of a currency's minor
 * unit; decimal strings convert exactly or not at all.  No floating point.
 */
#include <stdio.h>
#include <string.h>

#include "rt_money.h"

/* ISO 4217 active codes (and a few recently withdrawn, for old ledgers) with their exponents. */
static const struct currency {
	char code[4];
	int exponent;
} currencies[] = { { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
	{ "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 },
	{ "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
	{ "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 },
	{ "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 }, { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 },
	{ "COP", 2 }, { "COU", 2 }, { "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 },
	{ "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 },
	{ "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 },
	{ "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 }, { "HNL", 2 }, { "HRK", 2 },
	{ "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 }, { "IQD", 3 }, { "IRR", 2 },
	{ "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 },
	{ "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 },
	{ "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 },
	{ "MGA", 2 }, { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
	{ "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 },
	{ "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 },
	{ "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 },
	{ "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 },
	{ "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SLL", 2 }, { "SOS", 2 },
	{ "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 },
	{ "TJS", 2 }, { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 },
	{ "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 }, { "UYU", 2 },
	{ "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 }, { "VUV", 0 }, { "WST", 2 },
	{ "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 }, { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 },
	{ "ZMW", 2 }, { "ZWG", 2 }, { "ZWL", 2 } };

/* exponent + 1 for each three-letter code, 0 when unknown; filled on first use. */
static signed char table[26 * 26 * 26];
static int table_ready;

int
rt_currency_exponent(const char *s, size_t n)
{
	size_t i;
	int idx;

	if (n != 3)
		return -1;
	for (i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return -1;
	if (!table_ready) {
		for (i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++) {
			const char *c = currencies[i].code;
			table[(c[0] - 'A') * 676 + (c[1] - 'A') * 26 + (c[2] - 'A')] =
			    (signed char)(currencies[i].exponent + 1);
		}
		table_ready = 1;
	}
	idx = (s[0] - 'A') * 676 + (s[1] - 'A') * 26 + (s[2] - 'A');
	return table[idx] - 1;
}

/* A currency code as a person types it ("eur"), upper-cased into out; -1 when it is not ISO 4217. */
int
rt_currency_code(const char *s, char out[4])
{
	size_t i;

	for (i = 0; i < 3 && s[i] != '\0'; i++)
		out[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
	out[i] = '\0';
	return i == 3 && s[3] == '\0' && rt_currency_exponent(out, 3) >= 0 ? 0 : -1;
}

/*
 * Parses a plain decimal string ("-1234.50") into minor units of a currency
 * with the given exponent.  Extra decimal places are accepted only when they
 * are zeros, so the value is always exact.
 */
int
rt_money_parse(const char *s, size_t n, int exponent, int64_t *out)
{
	const char *p = s, *end = s + n;
	uint64_t v = 0, limit;
	int neg = 0, digits = 0, frac = 0;

	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (v > (UINT64_MAX - 9) / 10)
			return RT_MONEY_OVERFLOW;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (digits == 0)
		return RT_MONEY_SYNTAX;
	if (p < end && *p == '.') {
		p++;
		if (p == end || *p < '0' || *p > '9')
			return RT_MONEY_SYNTAX;
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (frac < exponent) {
				if (v > (UINT64_MAX - 9) / 10)
					return RT_MONEY_OVERFLOW;
				v = v * 10 + (uint64_t)(*p - '0');
				frac++;
			} else if (*p != '0')
				return RT_MONEY_PRECISION;
		}
	}
	if (p != end)
		return RT_MONEY_SYNTAX;
	for (; frac < exponent; frac++) {
		if (v > UINT64_MAX / 10)
			return RT_MONEY_OVERFLOW;
		v *= 10;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (v > limit)
		return RT_MONEY_OVERFLOW;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return RT_MONEY_OK;
}

/* Parses an integer count of minor units ("-1250"). */
int
rt_money_parse_minor(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;

	for (i = (n > 0 && (s[0] == '-' || s[0] == '+')); i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return RT_MONEY_SYNTAX;
	return rt_money_parse(s, n, 0, out);
}

/*
 * Parses an amount as people and bank statements write it: "1234.56",
 * "-1234.56", "$1,234.56", "-$1,234.56", "($45.00)" or "(45.00)" for a
 * negative one, blanks around it.  Thousands commas must group by three;
 * the value is then parsed exactly by rt_money_parse.
 */
int
rt_money_parse_text(const char *s, size_t n, int exponent, int64_t *out)
{
	char digits[RT_MONEY_BUFSZ];
	size_t i, k = 0, group = 0, intdigits = 0;
	int neg = 0, paren = 0, comma = 0, rc;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		paren = 1;
		s++, n -= 2;
	}
	if (n > 0 && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++, n--;
	}
	if (n > 0 && *s == '$')
		s++, n--;
	if (paren && neg)
		return RT_MONEY_SYNTAX;
	digits[k++] = neg || paren ? '-' : '+';
	for (i = 0; i < n && s[i] != '.'; i++) {
		if (s[i] == ',') {
			/* A comma follows one to three digits, then groups of exactly three. */
			if (group == 0 || group > 3 || (comma && group != 3))
				return RT_MONEY_SYNTAX;
			comma = 1;
			group = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || k >= sizeof(digits) - 1)
			return s[i] >= '0' && s[i] <= '9' ? RT_MONEY_OVERFLOW : RT_MONEY_SYNTAX;
		digits[k++] = s[i];
		group++;
		intdigits++;
	}
	if (intdigits == 0 || (comma && group != 3))
		return RT_MONEY_SYNTAX;
	for (; i < n; i++) {
		if (k >= sizeof(digits) - 1)
			return RT_MONEY_OVERFLOW;
		digits[k++] = s[i];
	}
	if ((rc = rt_money_parse(digits, k, exponent, out)) != RT_MONEY_OK)
		return rc;
	return RT_MONEY_OK;
}

const char *
rt_money_strerror(int e)
{
	switch (e) {
	case RT_MONEY_OK:
		return "ok";
	case RT_MONEY_SYNTAX:
		return "is not a decimal number";
	case RT_MONEY_PRECISION:
		return "has more decimal places than the currency allows";
	case RT_MONEY_OVERFLOW:
		return "is too large (beyond 64-bit minor units)";
	}
	return "is invalid";
}

/* Writes v minor units as a decimal with the exponent's places, optionally with thousands commas. */
char *
rt_money_format(int64_t v, int exponent, int group, char *buf, size_t size)
{
	char tmp[RT_MONEY_BUFSZ];
	char *e = tmp + sizeof(tmp), *p = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int i, intdigits = 0;

	*--p = '\0';
	for (i = 0; i < exponent; i++) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (exponent > 0)
		*--p = '.';
	do {
		if (group && intdigits > 0 && intdigits % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + u % 10);
		u /= 10;
		intdigits++;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	snprintf(buf, size, "%s", p);
	return buf;
}

/* The i-th currency of the table and its exponent, for a program that hands the table on; NULL past the end. */
const char *
rt_currency_at(size_t i, int *exponent)
{
	if (i >= sizeof(currencies) / sizeof(currencies[0]))
		return NULL;
	*exponent = currencies[i].exponent;
	return currencies[i].code;
}

/* The symbol people know a currency by, or NULL: its code is shown instead. */
const char *
rt_currency_symbol(const char *code)
{
	static const struct {
		const char *code, *symbol;
	} symbols[] = { { "USD", "$" }, { "EUR", "\xe2\x82\xac" }, { "GBP", "\xc2\xa3" },
		{ "JPY", "\xc2\xa5" } };
	size_t i;

	for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
		if (strcmp(code, symbols[i].code) == 0)
			return symbols[i].symbol;
	return NULL;
}

/*
 * "$1,234.56", "-$20.00", "€5.00", "CHF 12.00": for people, never for
 * machines.  rt.jq's rt_money_in writes the same for templates, from the
 * table rt-post hands them.
 */
char *
rt_money_display(int64_t v, const char *currency, char *buf, size_t size)
{
	char num[RT_MONEY_BUFSZ];
	const char *sym = rt_currency_symbol(currency);
	int exponent;

	exponent = rt_currency_exponent(currency, strlen(currency));
	if (exponent < 0)
		exponent = 2;
	rt_money_format(v, exponent, 1, num, sizeof(num));
	if (sym != NULL)
		snprintf(buf, size, "%s%s%s", v < 0 ? "-" : "", sym, v < 0 ? num + 1 : num);
	else
		snprintf(buf, size, "%s %s", currency, num);
	return buf;
}

int
rt_money_add(int64_t *a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(*a, b, &r))
		return -1;
	*a = r;
	return 0;
}

/*
 * a * b / c in integers, rounded half away from zero (SPEC section 3): a
 * projection, a share in hundredths of a percent.  The product is taken in
 * 128 bits; -1 when c is 0 or the quotient does not fit in 64 bits.
 */
int
rt_money_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	__int128 num = (__int128)a * b, den = c, q, r;

	if (c == 0)
		return -1;
	q = num / den;
	r = num % den;
	if (r < 0)
		r = -r;
	if (2 * r >= (den < 0 ? -den : den))
		q += (num < 0) != (den < 0) ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}
