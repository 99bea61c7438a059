/*
 * Lines of input worked on by several processes at once, their results put
 * back in input order (rt-normalize --jobs).  Processes, not threads: each
 * worker has its own copy of everything, libjq's state included, which is
 * not safe to share (and libjq 1.6 is not safe in threads at all).
 */
#ifndef RT_JOBS_H
#define RT_JOBS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rt_buf.h"
#include "rt_io.h"

/* What a worker's result holds, message by message, in order. */
enum {
	RT_JOBS_OUT = 'O', /* output bytes */
	RT_JOBS_WARN = 'W', /* a diagnostic, its text without the program's name */
	RT_JOBS_COUNT = 'C' /* counters of the caller's own, as it likes */
};

/*
 * In a worker: the work on one line, which appends its messages to result
 * (rt_jobs_put); line is NULL for a line too long to read.  Returns 1 to
 * stop: the rest of the input is not worked on.
 */
typedef int (*rt_jobs_line_fn)(
    void *ctx, const char *name, unsigned long lineno, const char *line, size_t len, struct rt_buf *result);
/*
 * In a worker, after each chunk of lines: a last word for it (counters), or
 * NULL.  Called once more with result NULL when the worker ends, to free
 * what the worker holds.
 */
typedef void (*rt_jobs_end_fn)(void *ctx, struct rt_buf *result);
/* In the caller: one message of a result, in input order.  Returns 1 to stop everything. */
typedef int (*rt_jobs_deliver_fn)(void *ctx, int kind, const char *p, size_t n);

struct rt_jobs_worker {
	pid_t pid;
	int fd; /* the caller's end of a socket pair */
	struct rt_buf out; /* chunks not yet sent */
	size_t sent;
	struct rt_buf in; /* results received, not yet delivered */
	uint64_t seq[2]; /* the chunks it holds, oldest first */
	int nseq;
};

struct rt_jobs {
	int n;
	struct rt_jobs_worker *w;
	rt_jobs_line_fn line;
	rt_jobs_end_fn end;
	rt_jobs_deliver_fn deliver;
	void *ctx;
	struct rt_buf chunk; /* the chunk being filled */
	unsigned long chunk_lines, chunk_first;
	const char *chunk_name;
	uint64_t next_seq, next_deliver;
	int stopped;
	char why[256];
};

void rt_jobs_put(struct rt_buf *, int, const char *, size_t);
int rt_jobs_start(struct rt_jobs *, int, rt_jobs_line_fn, rt_jobs_end_fn, rt_jobs_deliver_fn, void *);
int rt_jobs_feed(struct rt_jobs *, struct rt_reader *);
int rt_jobs_finish(struct rt_jobs *);
int rt_jobs_online(void);

#endif
