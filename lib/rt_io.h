/* Reading lines that know their place (file:line), and a checked close of stdout. */
#ifndef RT_IO_H
#define RT_IO_H

#include <stddef.h>
#include <stdio.h>

#include "rt_buf.h"

#define RT_LINE_MAX (64UL * 1024 * 1024) /* longest line rt accepts */

enum {
	RT_READ_EOF = 0,
	RT_READ_LINE = 1,
	RT_READ_ERROR = -1, /* read(2) failed; errno is set */
	RT_READ_TOOLONG = -2 /* the line was longer than RT_LINE_MAX and was skipped */
};

struct rt_reader {
	int fd;
	const char *name; /* "<stdin>" or the path as given */
	char *buf;
	size_t cap, beg, end, scan;
	unsigned long lineno;
	int eof;
	int skipping; /* discarding the rest of a too-long line */
	int owned; /* close fd at the end */
};

int rt_reader_open(struct rt_reader *r, const char *path);
void rt_reader_fd(struct rt_reader *r, int fd, const char *name);
int rt_reader_next(struct rt_reader *r, char **line, size_t *len);
void rt_reader_close(struct rt_reader *r);

/* The file operands of a filter, read one after another as one stream of lines. */
struct rt_input {
	char **paths;
	int npaths, next;
	int open;
	struct rt_reader r;
	unsigned long toolong; /* lines skipped for being too long */
};

int rt_input_open(struct rt_input *in, int argc, char **argv, const char **bad);
int rt_input_next(struct rt_input *in, char **line, size_t *len);
const char *rt_input_name(const struct rt_input *in);
unsigned long rt_input_line(const struct rt_input *in);

int rt_blank_line(const char *p, size_t n);
/* The length of the UTF-8 byte-order mark p..p+n starts with: 3, or 0 when it has none. */
size_t rt_bom(const char *p, size_t n);
int rt_read_file(const char *path, struct rt_buf *b);
int rt_read_fd(int fd, struct rt_buf *b);

void rt_stdio_reserve(void);
void rt_stdout_init(void);
int rt_stdout_close(void);

#endif
