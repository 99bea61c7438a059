/*
 * libjq with rt's conventions: share/rt/map on the library path (so a map can
 * `include "rt";`), named arguments as $variables, errors kept as text.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_io.h"
#include "rt_jq.h"
#include "rt_share.h"

static void
on_error(void *data, jv msg)
{
	struct rt_jq *j = data;
	char *p;
	jv s;

	/* jq ends with "N compile errors"; the first message is the one that says what is wrong. */
	if (j->err.len > 0) {
		jv_free(msg);
		return;
	}
	if (jv_get_kind(msg) != JV_KIND_STRING)
		s = jv_dump_string(msg, 0);
	else
		s = msg, msg = jv_null();
	rt_buf_reset(&j->err);
	rt_buf_adds(&j->err, jv_string_value(s));
	/* jq prefixes its own name; the caller adds ours. */
	if (strncmp(j->err.p, "jq: error: ", 11) == 0) {
		memmove(j->err.p, j->err.p + 11, j->err.len - 11);
		j->err.len -= 11;
	}
	while (j->err.len > 0 && (j->err.p[j->err.len - 1] == '\n' || j->err.p[j->err.len - 1] == ' '))
		j->err.len--;
	rt_buf_str(&j->err);
	/* jq shows the line in question below its message; a diagnostic is one line. */
	for (p = j->err.p; (p = strchr(p, '\n')) != NULL;)
		*p = ' ';
	jv_free(s);
	jv_free(msg);
}

/* Compiles program with args (an object: name -> value) as $name.  -1: j->err says why. */
int
rt_jq_compile(struct rt_jq *j, const char *program, jv args)
{
	char *lib, real[PATH_MAX];

	memset(j, 0, sizeof(*j));
	if ((j->jq = jq_init()) == NULL)
		rt_errx(RT_EXIT_IO, "cannot start libjq");
	jq_set_error_cb(j->jq, on_error, j);
	lib = rt_share_path("map");
	jq_set_attr(j->jq, jv_string("JQ_LIBRARY_PATH"),
	    jv_array_append(jv_array(), jv_string(realpath(lib, real) != NULL ? real : lib)));
	jq_set_attr(j->jq, jv_string("JQ_ORIGIN"), jv_string(realpath(lib, real) != NULL ? real : lib));
	free(lib);
	if (!jq_compile_args(j->jq, program, args)) {
		if (j->err.len == 0)
			rt_buf_adds(&j->err, "the jq program does not compile");
		rt_buf_str(&j->err);
		return -1;
	}
	return 0;
}

/* Compiles the program in a file.  -1 with errno set when it cannot be read. */
int
rt_jq_load(struct rt_jq *j, const char *path, jv args)
{
	struct rt_buf text = { 0 };
	int rc;

	if (rt_read_file(path, &text) == -1) {
		int saved = errno;

		memset(j, 0, sizeof(*j));
		rt_buf_free(&text);
		jv_free(args);
		errno = saved;
		return -1;
	}
	/* A map is a program: anything this big is data given by mistake, and jq would take long to say so. */
	if (text.len > RT_JQ_PROGRAM_MAX) {
		memset(j, 0, sizeof(*j));
		rt_buf_addf(&j->err, "%zu bytes is no jq program (at most %d)", text.len, RT_JQ_PROGRAM_MAX);
		rt_buf_free(&text);
		jv_free(args);
		errno = 0;
		return -1;
	}
	rc = rt_jq_compile(j, rt_buf_str(&text), args);
	rt_buf_free(&text);
	errno = 0;
	return rc;
}

void
rt_jq_start(struct rt_jq *j, jv input)
{
	rt_buf_reset(&j->err);
	jq_start(j->jq, input, 0);
}

/* 1 with the next output in *out, 0 when the program is done, -1 on a jq error (j->err). */
int
rt_jq_next(struct rt_jq *j, jv *out)
{
	jv v = jq_next(j->jq), msg;

	if (jv_is_valid(v)) {
		*out = v;
		return 1;
	}
	if (!jv_invalid_has_msg(jv_copy(v))) {
		jv_free(v);
		return 0;
	}
	msg = jv_invalid_get_msg(v);
	rt_buf_reset(&j->err);
	if (jv_get_kind(msg) == JV_KIND_STRING)
		rt_buf_adds(&j->err, jv_string_value(msg));
	else {
		jv d = jv_dump_string(jv_copy(msg), 0);

		rt_buf_adds(&j->err, jv_string_value(d));
		jv_free(d);
	}
	rt_buf_str(&j->err);
	jv_free(msg);
	return -1;
}

void
rt_jq_free(struct rt_jq *j)
{
	if (j->jq != NULL)
		jq_teardown(&j->jq);
	rt_buf_free(&j->err);
}
