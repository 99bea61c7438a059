/*
 * State files are small JSON objects,
 * {"source":"close","cursor":"2026-11-20","updated_at":"2026-11-21T12:00:00Z"},
 * written atomically; a fetcher reads one and writes another, never the same.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rt_atomic.h"
#include "rt_buf.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_state.h"

/*
 * The cursor as the state file holds it, text that only its fetcher
 * interprets (a date, an instant, an API's own cursor): 0 with it in
 * *cursor, 1 when there is no state yet, -1 (why) when the file is wrong.
 */
int
rt_state_read_cursor(const char *path, const char *source, struct rt_buf *cursor, char *why, size_t whysz)
{
	struct rt_buf b = { 0 };
	struct rt_json_error e;
	int rc = -1;
	jv v, s, c;

	if (rt_read_file(path, &b) == -1) {
		rt_buf_free(&b);
		if (errno == ENOENT)
			return 1;
		snprintf(why, whysz, "%s: %s", path, strerror(errno));
		return -1;
	}
	v = rt_json_parse(b.p, b.len, &e);
	rt_buf_free(&b);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		snprintf(why, whysz, "%s: not a state object%s%s", path, jv_is_valid(v) ? "" : ": ",
		    jv_is_valid(v) ? "" : e.msg);
		jv_free(v);
		return -1;
	}
	s = jv_object_get(jv_copy(v), jv_string("source"));
	c = jv_object_get(v, jv_string("cursor"));
	if (jv_get_kind(s) != JV_KIND_STRING || strcmp(jv_string_value(s), source) != 0)
		snprintf(why, whysz, "%s: the state of source \"%s\", not \"%s\"", path, rt_jv_string(s, "?"),
		    source);
	else if (jv_get_kind(c) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(c)) == 0)
		snprintf(why, whysz, "%s: \"cursor\" is not a string", path);
	else {
		rt_buf_reset(cursor);
		rt_buf_adds(cursor, jv_string_value(c));
		rt_buf_str(cursor);
		rc = 0;
	}
	jv_free(s);
	jv_free(c);
	return rc;
}

/* 0 with the cursor, 1 when there is no state yet, -1 (why) when the file is wrong. */
int
rt_state_read(const char *path, const char *source, rt_day *cursor, char *why, size_t whysz)
{
	struct rt_buf c = { 0 };
	int rc;

	if ((rc = rt_state_read_cursor(path, source, &c, why, whysz)) == 0 &&
	    rt_date_parse(c.p, c.len, cursor) == -1) {
		snprintf(why, whysz, "%s: \"cursor\" is not a YYYY-MM-DD date", path);
		rc = -1;
	}
	rt_buf_free(&c);
	return rc;
}

/* Writes the state with cursor as its text, atomically. */
int
rt_state_write_cursor(const char *path, const char *source, const char *cursor, char *why, size_t whysz)
{
	char t[RT_INSTANT_BUFSZ];
	struct rt_buf b = { 0 };
	int rc;

	rt_buf_adds(&b, "{\"source\":");
	rt_json_add_string(&b, source, strlen(source));
	rt_buf_adds(&b, ",\"cursor\":");
	rt_json_add_string(&b, cursor, strlen(cursor));
	rt_buf_addf(&b, ",\"updated_at\":\"%s\"}\n", rt_instant_format(rt_now(), t));
	if ((rc = rt_atomic_write(path, b.p, b.len)) == -1)
		snprintf(why, whysz, "%s: %s", path, rt_atomic_strerror(errno));
	rt_buf_free(&b);
	return rc;
}

int
rt_state_write(const char *path, const char *source, rt_day cursor, char *why, size_t whysz)
{
	char d[RT_DATE_BUFSZ];

	return rt_state_write_cursor(path, source, rt_date_format(cursor, d), why, whysz);
}
