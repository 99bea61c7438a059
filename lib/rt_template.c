/*
 * A --jq argument is program text, or @FILE, or @NAME for a template rt
 * ships: a NAME without a slash or a .jq ending means
 * share/rt/templates/NAME.jq.  jq 1.6 holds every number as a binary float
 * and prints the shortest form (12345.6 for 12345.60), so a template spells
 * each exact amount as text and wraps it as {"$rt_number": "12345.60"};
 * the writer here sends that text as the bare number it is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_json.h"
#include "rt_share.h"
#include "rt_template.h"

/* The file an @argument names: "@convex-snapshot" -> "<share>/templates/convex-snapshot.jq". */
char *
rt_template_path(const char *arg)
{
	size_t n = strlen(arg);
	char *rel, *path;

	if (strchr(arg, '/') != NULL || (n > 3 && strcmp(arg + n - 3, ".jq") == 0))
		return rt_estrdup(arg);
	rel = rt_emalloc(n + 16);
	snprintf(rel, n + 16, "templates/%s.jq", arg);
	path = rt_share_path(rel);
	free(rel);
	return path;
}

/*
 * Compiles program text, or the file or template an @argument names, with
 * args as $variables.  -1 with why set: a file that cannot be read, or
 * jq's complaint.
 */
int
rt_template_compile(struct rt_jq *j, const char *arg, jv args, char *why, size_t whysz)
{
	char *path;
	int rc;

	if (arg[0] != '@') {
		if ((rc = rt_jq_compile(j, arg, args)) == -1)
			snprintf(why, whysz, "--jq: %s", j->err.p);
		return rc;
	}
	path = rt_template_path(arg + 1);
	if ((rc = rt_jq_load(j, path, args)) == -1) {
		if (errno != 0)
			snprintf(why, whysz, "%s: %s", path, strerror(errno));
		else
			snprintf(why, whysz, "%s: %s", path, j->err.p);
	}
	free(path);
	return rc;
}

/* The text of a plain decimal: -?(0|[1-9][0-9]*)(.[0-9]+)?, nothing else. */
static int
plain_decimal(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static int
write_value(struct rt_buf *b, jv v, char *why, size_t whysz)
{
	jv key, val, text;
	int i, n, it, rc = 0, first = 1;

	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		rt_json_add_string(b, jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v)));
		break;
	case JV_KIND_ARRAY:
		rt_buf_addc(b, '[');
		n = jv_array_length(jv_copy(v));
		for (i = 0; i < n && rc == 0; i++) {
			if (i > 0)
				rt_buf_addc(b, ',');
			rc = write_value(b, jv_array_get(jv_copy(v), i), why, whysz);
		}
		rt_buf_addc(b, ']');
		break;
	case JV_KIND_OBJECT:
		text = jv_object_get(jv_copy(v), jv_string(RT_TEMPLATE_NUMBER));
		if (jv_is_valid(text)) {
			if (jv_object_length(jv_copy(v)) != 1 || jv_get_kind(text) != JV_KIND_STRING ||
			    !plain_decimal(jv_string_value(text))) {
				jv d = jv_dump_string(jv_copy(v), 0);

				snprintf(why, whysz, "%.100s is not {\"%s\": \"<plain decimal>\"}",
				    jv_string_value(d), RT_TEMPLATE_NUMBER);
				jv_free(d);
				rc = -1;
			} else
				rt_buf_adds(b, jv_string_value(text));
			jv_free(text);
			break;
		}
		jv_free(text);
		/* jq keeps an object's keys in the order they were set; so does the body. */
		rt_buf_addc(b, '{');
		for (it = jv_object_iter(v); jv_object_iter_valid(v, it) && rc == 0;
		     it = jv_object_iter_next(v, it)) {
			key = jv_object_iter_key(v, it);
			val = jv_object_iter_value(v, it);
			if (!first)
				rt_buf_addc(b, ',');
			first = 0;
			rt_json_add_string(
			    b, jv_string_value(key), (size_t)jv_string_length_bytes(jv_copy(key)));
			rt_buf_addc(b, ':');
			jv_free(key);
			rc = write_value(b, val, why, whysz);
		}
		rt_buf_addc(b, '}');
		break;
	default:
		/* null, true, false and numbers jq made itself print as jq prints them. */
		rt_json_add_jv(b, jv_copy(v));
	}
	jv_free(v);
	return rc;
}

/*
 * Appends v (consumed) as compact JSON in which every {"$rt_number": TEXT}
 * is the bare number TEXT.  -1 with why set when such a tag holds anything
 * but a plain decimal, or has company.
 */
int
rt_template_write(struct rt_buf *b, jv v, char *why, size_t whysz)
{
	return write_value(b, v, why, whysz);
}
