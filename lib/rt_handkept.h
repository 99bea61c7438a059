/*
 * Files of earnings kept by hand, {"2026-01": 1520.10, "2026-11-03": 75.00}:
 * a YYYY-MM key is a month's total, a YYYY-MM-DD key one day's, a value an
 * amount (a number, a decimal string) or null for a period not known yet.
 */
#ifndef RT_HANDKEPT_H
#define RT_HANDKEPT_H

#include <stddef.h>

#include <jv.h>

#include "rt_date.h"

int rt_handkept_period(const char *, rt_day *, rt_day *);
jv rt_handkept_read(const char *, char *, size_t);
jv rt_handkept_range(jv, rt_day, rt_day);

#endif
