/* Exact money: decimal strings to and from int64 minor units, with ISO 4217 exponents. */
#ifndef RT_MONEY_H
#define RT_MONEY_H

#include <stddef.h>
#include <stdint.h>

enum rt_money_error {
	RT_MONEY_OK = 0,
	RT_MONEY_SYNTAX, /* not a plain decimal like -123.45 */
	RT_MONEY_PRECISION, /* more decimal places than the currency has */
	RT_MONEY_OVERFLOW /* beyond int64 minor units */
};

int rt_currency_exponent(const char *s, size_t n); /* -1: not an ISO 4217 code */
const char *rt_currency_at(size_t i, int *exponent);
const char *rt_currency_symbol(const char *code);
int rt_currency_code(const char *s, char out[4]);
int rt_money_parse(const char *s, size_t n, int exponent, int64_t *out);
int rt_money_parse_minor(const char *s, size_t n, int64_t *out);
int rt_money_parse_text(const char *s, size_t n, int exponent, int64_t *out);
const char *rt_money_strerror(int e);
char *rt_money_format(int64_t v, int exponent, int group, char *buf, size_t size);
char *rt_money_display(int64_t v, const char *currency, char *buf, size_t size);
int rt_money_add(int64_t *a, int64_t b); /* -1 on overflow, *a unchanged */
int rt_money_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out); /* rounded half away from zero */

#define RT_MONEY_BUFSZ 48

#endif
