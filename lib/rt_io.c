/* Line reading with file:line positions, whole-file reads, and a checked stdout. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_err.h"
#include "rt_io.h"

#define CHUNK (1024 * 1024)

int
rt_reader_open(struct rt_reader *r, const char *path)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		rt_reader_fd(r, STDIN_FILENO, "<stdin>");
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rt_reader_fd(r, fd, path);
	r->owned = 1;
	return 0;
}

void
rt_reader_fd(struct rt_reader *r, int fd, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
	r->cap = CHUNK;
	r->buf = rt_emalloc(r->cap);
}

static int
fill(struct rt_reader *r)
{
	ssize_t n;

	if (r->beg > 0) {
		memmove(r->buf, r->buf + r->beg, r->end - r->beg);
		r->end -= r->beg;
		r->scan -= r->beg;
		r->beg = 0;
	}
	if (r->end == r->cap) {
		if (r->cap >= RT_LINE_MAX) {
			/* Too long: keep nothing of it, read on to the newline. */
			r->skipping = 1;
			r->beg = r->end = r->scan = 0;
		} else {
			r->cap *= 2;
			r->buf = rt_erealloc(r->buf, r->cap);
		}
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return 0;
}

int
rt_reader_next(struct rt_reader *r, char **line, size_t *len)
{
	char *nl, *p;
	size_t n;

	for (;;) {
		nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
		if (nl != NULL || (r->eof && r->beg < r->end)) {
			p = r->buf + r->beg;
			n = nl != NULL ? (size_t)(nl - p) : r->end - r->beg;
			r->beg = r->scan = nl != NULL ? (size_t)(nl - r->buf) + 1 : r->end;
			r->lineno++;
			if (r->skipping) {
				r->skipping = 0;
				return RT_READ_TOOLONG;
			}
			if (n > 0 && p[n - 1] == '\r')
				n--;
			if (r->lineno == 1 && rt_bom(p, n) > 0) {
				p += 3;
				n -= 3;
			}
			*line = p;
			*len = n;
			return RT_READ_LINE;
		}
		if (r->eof) {
			if (r->skipping) {
				r->skipping = 0;
				r->lineno++;
				return RT_READ_TOOLONG;
			}
			return RT_READ_EOF;
		}
		r->scan = r->end;
		if (fill(r) == -1)
			return RT_READ_ERROR;
	}
}

void
rt_reader_close(struct rt_reader *r)
{
	if (r->owned)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
}

size_t
rt_bom(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

int
rt_blank_line(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

/*
 * Checks that every operand can be opened, so that a typo stops the program
 * before it writes anything; *bad names the one that cannot (errno set).
 * No operands means stdin.
 */
int
rt_input_open(struct rt_input *in, int argc, char **argv, const char **bad)
{
	static char *stdin_only[] = { "-" };
	int i, fd;

	memset(in, 0, sizeof(*in));
	in->paths = argc > 0 ? argv : stdin_only;
	in->npaths = argc > 0 ? argc : 1;
	for (i = 0; i < in->npaths; i++) {
		if (strcmp(in->paths[i], "-") == 0)
			continue;
		if ((fd = open(in->paths[i], O_RDONLY | O_CLOEXEC)) == -1) {
			*bad = in->paths[i];
			return -1;
		}
		close(fd);
	}
	return 0;
}

/*
 * The next non-blank line of any operand: RT_READ_LINE, RT_READ_EOF after
 * the last, RT_READ_ERROR (errno), or RT_READ_TOOLONG for a line skipped.
 */
int
rt_input_next(struct rt_input *in, char **line, size_t *len)
{
	int rc;

	for (;;) {
		if (!in->open) {
			if (in->next == in->npaths)
				return RT_READ_EOF;
			if (rt_reader_open(&in->r, in->paths[in->next++]) == -1)
				return RT_READ_ERROR;
			in->open = 1;
		}
		rc = rt_reader_next(&in->r, line, len);
		if (rc == RT_READ_EOF) {
			rt_reader_close(&in->r);
			in->open = 0;
			continue;
		}
		if (rc == RT_READ_LINE && rt_blank_line(*line, *len))
			continue;
		return rc;
	}
}

const char *
rt_input_name(const struct rt_input *in)
{
	return in->r.name != NULL ? in->r.name : in->paths[in->next > 0 ? in->next - 1 : 0];
}

unsigned long
rt_input_line(const struct rt_input *in)
{
	return in->r.lineno;
}

int
rt_read_fd(int fd, struct rt_buf *b)
{
	ssize_t n;

	for (;;) {
		rt_buf_grow(b, CHUNK);
		n = read(fd, b->p + b->len, b->cap - b->len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		b->len += (size_t)n;
	}
	b->p[b->len] = '\0';
	return 0;
}

/* Reads a whole file into b; -1 with errno set when it cannot. */
int
rt_read_file(const char *path, struct rt_buf *b)
{
	int fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = rt_read_fd(fd, b);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/*
 * Keeps descriptors 0, 1 and 2 taken.  Started with one of them closed
 * (cron's >&-), the next file or socket opened would get it, and what is
 * meant for stdout would go there: into libcurl's socketpair, or a
 * tracker's temporary.  /dev/null opened the wrong way round takes the
 * place, so that reading stdin or writing stdout still fails, and says so.
 */
void
rt_stdio_reserve(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
			exit(RT_EXIT_IO);
}

static char outbuf[1 << 16];

void
rt_stdout_init(void)
{
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
}

/* Flush and close stdout, so that a full disk or closed pipe is never exit 0. */
int
rt_stdout_close(void)
{
	int bad;

	bad = fflush(stdout) == EOF || ferror(stdout);
	if (fclose(stdout) == EOF)
		bad = 1;
	return bad ? -1 : 0;
}
