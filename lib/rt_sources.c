/*
 * share/rt/sources.json, [{"source": "redventures", "name": "RV Media"},
 * ...]: the sources' names for people and the order they are shown in,
 * read once.  A program that shows them calls rt_sources_load first, so
 * that a broken file is an error it reports; code that only renders
 * (rt_source_title, rt_source_cmp) loads the file itself when nobody did,
 * and without it names a source by its own name, capitalized.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_share.h"
#include "rt_sources.h"

static struct {
	int tried, ok;
	jv table; /* as read, for templates */
	char **source, **name;
	size_t n;
} known;

/* Whether the entry at i is {"source": "[a-z0-9_-]+", "name": "..."}; why says what is wrong. */
static int
entry(jv e, int i, const char *path, char *why, size_t whysz)
{
	jv s, n;
	const char *sv;
	int ok;

	if (jv_get_kind(e) != JV_KIND_OBJECT) {
		snprintf(why, whysz, "%s: entry %d is not an object", path, i + 1);
		jv_free(e);
		return -1;
	}
	s = jv_object_get(jv_copy(e), jv_string("source"));
	n = jv_object_get(e, jv_string("name"));
	sv = rt_jv_string(s, "");
	ok = *sv != '\0' && strspn(sv, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(sv) &&
	    jv_get_kind(n) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(n)) > 0;
	if (ok) {
		known.source[known.n] = rt_estrdup(sv);
		known.name[known.n++] = rt_estrdup(jv_string_value(n));
	} else
		snprintf(why, whysz, "%s: entry %d is not {\"source\": \"[a-z0-9_-]+\", \"name\": \"...\"}",
		    path, i + 1);
	jv_free(s);
	jv_free(n);
	return ok ? 0 : -1;
}

/* Reads the table once; -1 with why set when the file cannot be read or is not such an array. */
int
rt_sources_load(char *why, size_t whysz)
{
	struct rt_buf text = { 0 };
	struct rt_json_error e;
	char *path;
	int i, n, rc = -1;
	jv v;

	if (known.tried) {
		if (!known.ok)
			snprintf(why, whysz, "the table of sources could not be read");
		return known.ok ? 0 : -1;
	}
	known.tried = 1;
	path = rt_share_path("sources.json");
	if (rt_read_file(path, &text) == -1) {
		snprintf(why, whysz, "%s: %s", path, strerror(errno));
		goto out;
	}
	v = rt_json_parse(text.p != NULL ? text.p : "", text.len, &e);
	if (!jv_is_valid(v) || jv_get_kind(v) != JV_KIND_ARRAY) {
		snprintf(why, whysz, "%s: %s", path, jv_is_valid(v) ? "not an array of sources" : e.msg);
		jv_free(v);
		goto out;
	}
	n = jv_array_length(jv_copy(v));
	known.source = rt_ecalloc((size_t)n + 1, sizeof(*known.source));
	known.name = rt_ecalloc((size_t)n + 1, sizeof(*known.name));
	for (i = 0; i < n; i++)
		if (entry(jv_array_get(jv_copy(v), i), i, path, why, whysz) == -1)
			break;
	if (i < n) {
		jv_free(v);
		goto out;
	}
	known.table = v;
	known.ok = 1;
	rc = 0;
out:
	rt_buf_free(&text);
	free(path);
	return rc;
}

/* The table as the file holds it, for a template's $rt_sources; [] when it could not be read. */
jv
rt_sources_jv(void)
{
	char why[512];

	return rt_sources_load(why, sizeof(why)) == 0 ? jv_copy(known.table) : jv_array();
}

/* The place of a source in the table; the table's length when it is not there. */
static size_t
rank(const char *source)
{
	char why[512];
	size_t i;

	if (rt_sources_load(why, sizeof(why)) == -1)
		return 0;
	for (i = 0; i < known.n && strcmp(source, known.source[i]) != 0; i++)
		;
	return i;
}

/* A source's name for people: the table's, else its own with a capital. */
const char *
rt_source_title(const char *source, char *buf, size_t size)
{
	size_t i = rank(source);

	if (i < known.n)
		return known.name[i];
	snprintf(buf, size, "%s", source);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

/* Orders sources: those of the table first, in its order, then the others by name. */
int
rt_source_cmp(const char *a, const char *b)
{
	size_t ra = rank(a), rb = rank(b);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a, b);
}
