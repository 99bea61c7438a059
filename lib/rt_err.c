/* Diagnostics and dying allocators shared by every rt program. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"

const char *rt_progname = "rt";
int rt_verbose;
int rt_quiet;

void
rt_setprogname(const char *argv0)
{
	const char *p;

	if (argv0 == NULL)
		return;
	p = strrchr(argv0, '/');
	rt_progname = p != NULL ? p + 1 : argv0;
}

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/*
 * Text from upstream as people may see it: what a terminal or a markdown
 * viewer would act on, rather than show, made harmless.  For the UTF-8
 * character at s (n bytes left), sets *len to its length and returns what
 * to write instead, or NULL to keep it: a tab, CR or LF becomes a space
 * (a message stays one line, a table row one row); another C0 control
 * (ESC, which starts OSC 8 links and colours; BEL), DEL, a C1 control and
 * the bidirectional marks, embeddings, overrides and isolates (which can
 * reorder what a line shows) become U+FFFD.
 */
const char *
rt_visible_char(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	*len = 1;
	if (u[0] == '\t' || u[0] == '\n' || u[0] == '\r')
		return " ";
	if (u[0] < 0x20 || u[0] == 0x7f)
		return REPLACEMENT;
	if (n >= 2 && u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f) {
		*len = 2;
		return REPLACEMENT;
	}
	if (n >= 3 && u[0] == 0xe2 &&
	    ((u[1] == 0x80 && (u[2] == 0x8e || u[2] == 0x8f || (u[2] >= 0xaa && u[2] <= 0xae))) ||
		(u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9))) {
		*len = 3;
		return REPLACEMENT;
	}
	return NULL;
}

static void
vwarnc(int code, const char *fmt, va_list ap)
{
	/* Build the line first so that it reaches stderr in one write. */
	char buf[4096], out[4096];
	const char *r;
	size_t i, o, len, rlen;
	int n;

	n = snprintf(buf, sizeof(buf), "%s: ", rt_progname);
	if (fmt != NULL && n >= 0 && (size_t)n < sizeof(buf))
		n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (code != 0 && n >= 0 && (size_t)n < sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", fmt != NULL ? ": " : "", strerror(code));
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	/* A message may quote upstream text: no escape sequence of its reaches the terminal. */
	for (i = o = 0; i < (size_t)n; i += len) {
		r = rt_visible_char(buf + i, (size_t)n - i, &len);
		rlen = r != NULL ? strlen(r) : len;
		if (o + rlen > sizeof(out) - 1)
			break;
		memcpy(out + o, r != NULL ? r : buf + i, rlen);
		o += rlen;
	}
	out[o++] = '\n';
	fflush(stdout);
	fwrite(out, 1, o, stderr);
}

void
rt_err(int eval, const char *fmt, ...)
{
	va_list ap;
	int code = errno;

	va_start(ap, fmt);
	vwarnc(code, fmt, ap);
	va_end(ap);
	exit(eval);
}

void
rt_errx(int eval, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc(0, fmt, ap);
	va_end(ap);
	exit(eval);
}

void
rt_warn(const char *fmt, ...)
{
	va_list ap;
	int code = errno;

	va_start(ap, fmt);
	vwarnc(code, fmt, ap);
	va_end(ap);
}

void
rt_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc(0, fmt, ap);
	va_end(ap);
}

/* A warning that -q silences: something the user may want to know, not an error. */
void
rt_notice(const char *fmt, ...)
{
	va_list ap;

	if (rt_quiet)
		return;
	va_start(ap, fmt);
	vwarnc(0, fmt, ap);
	va_end(ap);
}

/* A line only -v asks for. */
void
rt_log(const char *fmt, ...)
{
	va_list ap;

	if (!rt_verbose)
		return;
	va_start(ap, fmt);
	vwarnc(0, fmt, ap);
	va_end(ap);
}

void *
rt_emalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		rt_err(RT_EXIT_IO, "malloc");
	return p;
}

void *
rt_ecalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		rt_err(RT_EXIT_IO, "calloc");
	return p;
}

void *
rt_erealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		rt_err(RT_EXIT_IO, "realloc");
	return p;
}

/*
 * Room for at least need elements of size bytes in p, whose capacity *cap is
 * doubled as often as it takes: growing one element at a time copies the
 * array over and over (quadratic under ASan, whose realloc always moves).
 */
void *
rt_egrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap;

	if (need <= n)
		return p;
	if (n < 16)
		n = 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			rt_errx(RT_EXIT_IO, "realloc: too many elements");
		n *= 2;
	}
	if (size != 0 && n > SIZE_MAX / size)
		rt_errx(RT_EXIT_IO, "realloc: too many elements");
	p = rt_erealloc(p, n * size);
	*cap = n;
	return p;
}

char *
rt_estrdup(const char *s)
{
	return rt_estrndup(s, strlen(s));
}

char *
rt_estrndup(const char *s, size_t n)
{
	char *p;

	p = rt_emalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Writes why a call failed into the caller's why buffer; returns -1, for "return rt_why(...)". */
int
rt_why(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return -1;
}
