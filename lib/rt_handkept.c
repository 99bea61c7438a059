/*
 * Hand-kept earnings files: reading one and checking all of it at once,
 * and picking the periods that touch a range.  A fetcher's --fallback
 * writes them when its source cannot be read; the source's map turns them
 * into records.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_handkept.h"
#include "rt_io.h"
#include "rt_json.h"

/* The days a key covers: a YYYY-MM-DD day or a YYYY-MM month.  -1 when it is neither. */
int
rt_handkept_period(const char *key, rt_day *first, rt_day *last)
{
	char day[16];
	int y, m, d;

	if (strlen(key) == 10 && rt_date_parse(key, 10, first) == 0) {
		*last = *first;
		return 0;
	}
	if (strlen(key) != 7)
		return -1;
	snprintf(day, sizeof(day), "%s-01", key);
	if (rt_date_parse(day, 10, first) == -1)
		return -1;
	rt_civil_from_days(*first, &y, &m, &d);
	*last = *first + rt_days_in_month(y, m) - 1;
	return 0;
}

/* Whether every key is a period and every value an amount or null; why names the first that is not. */
static int
check(jv v, const char *path, char *why, size_t whysz)
{
	rt_day a, b;
	jv_kind k;
	int ok = 1;

	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		snprintf(why, whysz, "%s: not an object of YYYY-MM and YYYY-MM-DD keys", path);
		return -1;
	}
	jv_object_foreach(v, key, val)
	{
		k = jv_get_kind(val);
		if (ok && rt_handkept_period(jv_string_value(key), &a, &b) == -1) {
			snprintf(why, whysz, "%s: key \"%s\" is not YYYY-MM or YYYY-MM-DD", path,
			    jv_string_value(key));
			ok = 0;
		} else if (ok && k != JV_KIND_NUMBER && k != JV_KIND_STRING && k != JV_KIND_NULL) {
			snprintf(why, whysz, "%s: \"%s\" is not an amount", path, jv_string_value(key));
			ok = 0;
		}
		jv_free(key);
		jv_free(val);
	}
	return ok ? 0 : -1;
}

/*
 * Reads and checks a whole file now: a file found broken only when it is
 * needed is found too late.  Invalid, with why set, when it cannot be read
 * or is not such an object.
 */
jv
rt_handkept_read(const char *path, char *why, size_t whysz)
{
	struct rt_buf text = { 0 };
	struct rt_json_error e;
	jv v;

	if (rt_read_file(path, &text) == -1) {
		snprintf(why, whysz, "%s: %s", path, strerror(errno));
		rt_buf_free(&text);
		return jv_invalid();
	}
	v = rt_json_parse(text.p != NULL ? text.p : "", text.len, &e);
	rt_buf_free(&text);
	if (!jv_is_valid(v)) {
		snprintf(why, whysz, "%s: byte %zu: %s", path, e.offset + 1, e.msg);
		return v;
	}
	if (check(v, path, why, whysz) == -1) {
		jv_free(v);
		return jv_invalid();
	}
	return v;
}

/*
 * The periods of a file (borrowed) that touch since..until, each as a
 * {"KEY": amount} object, in the file's order.  A month that overlaps the
 * range is kept whole: it is one record spanning the month.
 */
jv
rt_handkept_range(jv file, rt_day since, rt_day until)
{
	jv out = jv_array();
	rt_day a, b;

	jv_object_foreach(file, key, val)
	{
		if (rt_handkept_period(jv_string_value(key), &a, &b) == 0 && a <= until && b >= since)
			out = jv_array_append(out, jv_object_set(jv_object(), key, val));
		else {
			jv_free(key);
			jv_free(val);
		}
	}
	return out;
}
