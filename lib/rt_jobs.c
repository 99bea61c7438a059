/*
 * Lines spread over worker processes, results delivered in input order.
 *
 * The caller reads its input and cuts it into chunks of whole lines, each
 * with the name and number of its first line; a chunk goes to a worker that
 * holds fewer than two, over a socket pair (a dead worker is then an error
 * to report, not a SIGPIPE).  A worker answers each chunk with one result:
 * the messages its line function appended, in order.  The caller delivers
 * results strictly in the order of their chunks, whichever worker finished
 * first, so the output is what one process would have written.  The
 * caller's sockets do not block: it sends, receives and delivers as each
 * becomes possible, so neither side ever waits on the other in a circle.
 *
 * A chunk: u32 size of what follows the 16-byte header, u32 length of the
 * name, u64 number of the first line; the name; then per line a u32 length
 * and the bytes (RT_JOBS_TOOLONG for a line too long to read).  A result: a
 * u32 size, then messages of a u8 kind, a u32 length and the bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt_err.h"
#include "rt_jobs.h"

#define CHUNK_BYTES (256 * 1024)
#define CHUNK_LINES 2048
#define HEADER 16
#define TOOLONG UINT32_MAX
#define SOCKBUF (1024 * 1024)

void
rt_jobs_put(struct rt_buf *b, int kind, const char *p, size_t n)
{
	unsigned char k = (unsigned char)kind;
	uint32_t len = (uint32_t)n;

	rt_buf_add(b, &k, 1);
	rt_buf_add(b, &len, 4);
	rt_buf_add(b, p, n);
}

/* The processors the system has online, at least 1. */
int
rt_jobs_online(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* 0 when all n bytes came, 1 at a clean end before any, -1 otherwise. */
static int
read_full(int fd, void *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		if ((r = read(fd, (char *)p + got, n - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return got == 0 ? 1 : -1;
		got += (size_t)r;
	}
	return 0;
}

static int
send_full(int fd, const char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		if ((r = send(fd, p, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * A worker ends: what it holds is freed first (so memcheck, run on rt,
 * finds nothing lost), and it leaves through _exit, since the stdio
 * buffers and exit handlers it has are copies of the caller's.
 */
static void __attribute__((noreturn))
worker_exit(struct rt_jobs *j, struct rt_buf *body, struct rt_buf *result, int status)
{
	if (j->end != NULL)
		j->end(j->ctx, NULL);
	rt_buf_free(body);
	rt_buf_free(result);
	_exit(status);
}

/* A worker's life: a chunk in, its result out, until the caller hangs up. */
static void __attribute__((noreturn)) worker(struct rt_jobs *j, int fd)
{
	struct rt_buf body = { 0 }, result = { 0 };
	uint32_t hdr[2], len, size;
	unsigned long lineno;
	char *name, *p, *e;
	uint64_t first;
	int stop;

	for (;;) {
		switch (read_full(fd, hdr, sizeof(hdr))) {
		case 1:
			worker_exit(j, &body, &result, 0);
		case -1:
			worker_exit(j, &body, &result, RT_EXIT_IO);
		}
		rt_buf_reset(&body);
		rt_buf_grow(&body, (size_t)hdr[0] + 1);
		if (read_full(fd, &first, sizeof(first)) != 0 || read_full(fd, body.p, hdr[0]) != 0)
			worker_exit(j, &body, &result, RT_EXIT_IO);
		name = rt_estrndup(body.p, hdr[1]);
		p = body.p + hdr[1];
		e = body.p + hdr[0];
		rt_buf_reset(&result);
		rt_buf_add(&result, "\0\0\0\0", 4);
		for (lineno = (unsigned long)first, stop = 0; p < e && !stop; lineno++) {
			memcpy(&len, p, 4);
			p += 4;
			if (len == TOOLONG)
				stop = j->line(j->ctx, name, lineno, NULL, 0, &result);
			else {
				stop = j->line(j->ctx, name, lineno, p, len, &result);
				p += len;
			}
		}
		if (j->end != NULL)
			j->end(j->ctx, &result);
		size = (uint32_t)(result.len - 4);
		memcpy(result.p, &size, 4);
		free(name);
		/* The caller stopped reading (it stopped, or it failed): nothing more is wanted. */
		if (send_full(fd, result.p, result.len) == -1)
			worker_exit(j, &body, &result, RT_EXIT_IO);
	}
}

/* A worker keeps only its socket: standard input and output are the caller's alone. */
static void
detach(struct rt_jobs *j, int upto)
{
	int k, null;

	for (k = 0; k < upto; k++)
		close(j->w[k].fd);
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
}

/*
 * Starts n workers, each with a copy of the caller as it is now (its map
 * compiled).  -1 with j->why when one cannot be started.
 */
int
rt_jobs_start(
    struct rt_jobs *j, int n, rt_jobs_line_fn line, rt_jobs_end_fn end, rt_jobs_deliver_fn deliver, void *ctx)
{
	int sv[2], i, size = SOCKBUF;
	pid_t pid;

	memset(j, 0, sizeof(*j));
	j->n = n;
	j->line = line;
	j->end = end;
	j->deliver = deliver;
	j->ctx = ctx;
	j->w = rt_ecalloc((size_t)n, sizeof(*j->w));
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < n; i++) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1 || (pid = fork()) == -1) {
			snprintf(
			    j->why, sizeof(j->why), "cannot start worker %d: %s", i + 1, strerror(errno));
			j->n = i;
			rt_jobs_finish(j);
			return -1;
		}
		if (pid == 0) {
			close(sv[0]);
			detach(j, i);
			worker(j, sv[1]);
		}
		close(sv[1]);
		j->w[i].pid = pid;
		j->w[i].fd = sv[0];
		fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
		/* Fewer, larger transfers; the system's limit is fine too. */
		setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
		setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	}
	return 0;
}

/* Delivers every result that is complete and next in order.  -1: the caller's deliver stopped it. */
static void
deliver_ready(struct rt_jobs *j)
{
	struct rt_jobs_worker *w;
	uint32_t size, len;
	const char *p, *e;
	int i;

	while (!j->stopped) {
		for (i = 0, w = NULL; i < j->n && w == NULL; i++)
			if (j->w[i].nseq > 0 && j->w[i].seq[0] == j->next_deliver)
				w = &j->w[i];
		if (w == NULL || w->in.len < 4)
			return;
		memcpy(&size, w->in.p, 4);
		if (w->in.len < (size_t)size + 4)
			return;
		for (p = w->in.p + 4, e = p + size; p < e && !j->stopped; p += len) {
			memcpy(&len, p + 1, 4);
			if (j->deliver(j->ctx, (unsigned char)*p, p + 5, len))
				j->stopped = 1;
			p += 5;
		}
		memmove(w->in.p, w->in.p + 4 + size, w->in.len - 4 - size);
		w->in.len -= 4 + (size_t)size;
		w->seq[0] = w->seq[1];
		w->nseq--;
		j->next_deliver++;
	}
}

/* Sends what a worker can take now.  -1 when it is gone. */
static int
pump_out(struct rt_jobs *j, struct rt_jobs_worker *w)
{
	ssize_t r;

	while (w->sent < w->out.len) {
		if ((r = send(w->fd, w->out.p + w->sent, w->out.len - w->sent, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			snprintf(j->why, sizeof(j->why), "a worker process went away: %s", strerror(errno));
			return -1;
		}
		w->sent += (size_t)r;
	}
	rt_buf_reset(&w->out);
	w->sent = 0;
	return 0;
}

/* Receives what a worker has written.  -1 when it ended with work in hand. */
static int
pump_in(struct rt_jobs *j, struct rt_jobs_worker *w)
{
	ssize_t r;

	for (;;) {
		rt_buf_grow(&w->in, w->in.len + 65536);
		if ((r = read(w->fd, w->in.p + w->in.len, w->in.cap - w->in.len)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			snprintf(
			    j->why, sizeof(j->why), "reading from a worker process: %s", strerror(errno));
			return -1;
		}
		if (r == 0) {
			snprintf(j->why, sizeof(j->why), "a worker process ended before its work was done");
			return -1;
		}
		w->in.len += (size_t)r;
	}
}

/* Moves data both ways, waiting for some when block is set; then delivers.  -1 with j->why. */
static int
pump(struct rt_jobs *j, int block)
{
	struct pollfd pf[256];
	struct rt_jobs_worker *w;
	int i, n = 0, r;

	for (i = 0; i < j->n; i++) {
		w = &j->w[i];
		pf[i].fd = w->fd;
		pf[i].events = (short)((w->sent < w->out.len ? POLLOUT : 0) | (w->nseq > 0 ? POLLIN : 0));
		pf[i].revents = 0;
		n += pf[i].events != 0;
	}
	if (n == 0)
		return 0;
	while ((r = poll(pf, (nfds_t)j->n, block ? -1 : 0)) == -1)
		if (errno != EINTR) {
			snprintf(j->why, sizeof(j->why), "poll: %s", strerror(errno));
			return -1;
		}
	for (i = 0; i < j->n && r > 0; i++) {
		w = &j->w[i];
		if ((pf[i].revents & (POLLOUT | POLLERR | POLLHUP)) && w->sent < w->out.len &&
		    pump_out(j, w) == -1)
			return -1;
		if ((pf[i].revents & (POLLIN | POLLERR | POLLHUP)) && w->nseq > 0 && pump_in(j, w) == -1)
			return -1;
	}
	deliver_ready(j);
	return 0;
}

/* Hands the chunk being filled to the least busy worker, waiting for one when all are busy. */
static int
dispatch(struct rt_jobs *j)
{
	struct rt_jobs_worker *w = NULL;
	uint32_t size;
	int i, k;

	if (j->chunk.len == 0)
		return 0;
	size = (uint32_t)(j->chunk.len - HEADER);
	memcpy(j->chunk.p, &size, 4);
	while (!j->stopped) {
		for (i = 0; i < j->n; i++) {
			k = (int)((j->next_seq + (uint64_t)i) % (uint64_t)j->n);
			if (j->w[k].nseq < 2 && (w == NULL || j->w[k].nseq < w->nseq))
				w = &j->w[k];
		}
		if (w != NULL)
			break;
		if (pump(j, 1) == -1)
			return -1;
	}
	if (w != NULL) {
		rt_buf_add(&w->out, j->chunk.p, j->chunk.len);
		w->seq[w->nseq++] = j->next_seq++;
	}
	rt_buf_reset(&j->chunk);
	return j->stopped ? 0 : pump(j, 0);
}

/* Starts a chunk with its header: the name and number of its first line. */
static void
chunk_begin(struct rt_jobs *j, const char *name, unsigned long lineno)
{
	uint32_t namelen = (uint32_t)strlen(name);
	uint64_t first = lineno;

	rt_buf_add(&j->chunk, "\0\0\0\0", 4);
	rt_buf_add(&j->chunk, &namelen, 4);
	rt_buf_add(&j->chunk, &first, 8);
	rt_buf_add(&j->chunk, name, namelen);
	j->chunk_lines = 0;
}

/*
 * Reads every line of in and hands them out; results are delivered as they
 * come.  0 when all was read, 1 when a delivery stopped the work, -1 on a
 * read error (errno) or a worker's failure (j->why).
 */
int
rt_jobs_feed(struct rt_jobs *j, struct rt_reader *in)
{
	uint32_t len;
	size_t n;
	char *line;
	int rc;

	while (!j->stopped && (rc = rt_reader_next(in, &line, &n)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR) {
			j->why[0] = '\0';
			return -1;
		}
		if (j->chunk.len == 0)
			chunk_begin(j, in->name, in->lineno);
		len = rc == RT_READ_TOOLONG ? TOOLONG : (uint32_t)n;
		rt_buf_add(&j->chunk, &len, 4);
		if (rc != RT_READ_TOOLONG)
			rt_buf_add(&j->chunk, line, n);
		if ((j->chunk.len >= CHUNK_BYTES || ++j->chunk_lines >= CHUNK_LINES) && dispatch(j) == -1)
			return -1;
	}
	/* A chunk never spans two files: its lines are numbered in one. */
	if (dispatch(j) == -1)
		return -1;
	return j->stopped ? 1 : 0;
}

/*
 * Waits for every result and delivers it, then ends the workers.  0, or -1
 * with j->why when one failed.
 */
int
rt_jobs_finish(struct rt_jobs *j)
{
	int i, busy, rc = 0, status;

	for (busy = 1; busy && !j->stopped && rc == 0;) {
		for (i = busy = 0; i < j->n; i++)
			busy |= j->w[i].nseq > 0;
		if (busy && pump(j, 1) == -1)
			rc = -1;
	}
	/*
	 * Hanging up ends each worker: at once when it waits for work, else
	 * when it tries to send a result that is no longer wanted (a stopped or
	 * failed run), so at most the chunks it holds are wasted.
	 */
	for (i = 0; i < j->n; i++)
		close(j->w[i].fd);
	for (i = 0; i < j->n; i++) {
		while (waitpid(j->w[i].pid, &status, 0) == -1 && errno == EINTR)
			;
		if (rc == 0 && !j->stopped && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			snprintf(j->why, sizeof(j->why), "worker process %d ended with status %d", i + 1,
			    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
			rc = -1;
		}
		rt_buf_free(&j->w[i].out);
		rt_buf_free(&j->w[i].in);
	}
	free(j->w);
	rt_buf_free(&j->chunk);
	j->w = NULL;
	j->n = 0;
	return rc;
}
