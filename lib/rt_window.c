/*
 * Windows for APIs that return one total per requested span (RV Media
 * Network's overview, at most 31 days).  A window is the part of one
 * calendar month inside the range, so it never holds more than 31 days and
 * the same month is asked for with the same start whatever the range: a
 * total then keeps one id from run to run, and a later delivery of it
 * supersedes the earlier one downstream.
 */
#include "rt_err.h"
#include "rt_window.h"

/*
 * Splits since..until (inclusive; since <= until) into consecutive windows,
 * one per calendar month it touches, in date order.  *out is allocated and
 * is the caller's to free; the count is returned.
 */
size_t
rt_window_months(rt_day since, rt_day until, struct rt_window **out)
{
	struct rt_window *w = NULL;
	rt_day first, last;
	size_t n = 0, cap = 0;

	while (since <= until) {
		rt_bucket_range(since, RT_BUCKET_MONTH, &first, &last);
		w = rt_egrow(w, &cap, n + 1, sizeof(*w));
		w[n].start = since;
		w[n].end = last < until ? last : until;
		since = w[n++].end + 1;
	}
	*out = w;
	return n;
}
