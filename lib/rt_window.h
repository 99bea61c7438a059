/* Cutting a date range into calendar-month windows, for APIs that answer one total per window. */
#ifndef RT_WINDOW_H
#define RT_WINDOW_H

#include <stddef.h>

#include "rt_date.h"

struct rt_window {
	rt_day start, end; /* both inclusive */
};

size_t rt_window_months(rt_day since, rt_day until, struct rt_window **out);

#endif
