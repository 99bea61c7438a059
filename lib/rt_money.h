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

int rt_currency_exponent(const char *, size_t); /* -1: not an ISO 4217 code */
int rt_currency_code(const char *, char[4]);
int rt_money_parse(const char *, size_t, int, int64_t *);
int rt_money_parse_minor(const char *, size_t, int64_t *);
const char *rt_money_strerror(int);
char *rt_money_format(int64_t, int, int, char *, size_t);
char *rt_money_display(int64_t, const char *, char *, size_t);
int rt_money_add(int64_t *, int64_t); /* -1 on overflow, *a unchanged */

#define RT_MONEY_BUFSZ 48

#endif
