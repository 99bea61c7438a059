/*
 * The spool of rt-webhook.  Each verified delivery is one line,
 *
 *	{"received":"...","source":"stripe","event":{...},"key":"stripe:evt_1"}
 *
 * appended to the spool under an exclusive flock(2) on the spool itself,
 * and synced before the sender is answered.  The key ends the line, so that
 * the last delivery's key is found in the spool's last bytes.
 *
 * Beside it, path.ids holds the key of every delivery received, one a line,
 * so that a delivery sent again is known after the spool was drained; it is
 * written under the spool's lock after the line, and when the process that
 * held the lock died between the two writes, the next one adds the missing
 * key.  It keeps the newest RT_SPOOL_IDS_MAX keys.
 *
 * A delivery killed while it wrote leaves part of a line at the end of the
 * spool; whoever takes the lock next cuts it off before anything else, so
 * every reader that locks sees whole lines only.  The sync comes after the
 * lock is released, so that deliveries arriving together share the disk's
 * flushes instead of queueing for one each.
 *
 * A drain locks path.taken for its whole run (the drain lock, so that two
 * drains never load one batch), moves the spool's lines to the end of it
 * under the spool's lock, and empties the spool; deliveries go on meanwhile.
 * When the batch is loaded, path.taken is emptied; when the load failed, it
 * stays and the next drain loads it again with whatever arrived since.  A
 * drain killed between filling path.taken and emptying the spool leaves the
 * lines in both: the next drain takes them again, and the keys tell the
 * copies apart.
 *
 * Each of these files is a regular file, as every file rt writes (rt(7)):
 * a device, a FIFO or a socket in the spool's place is refused, with
 * errno RT_ATOMIC_ENOTREG, before anything is written to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt_atomic.h"
#include "rt_buf.h"
#include "rt_err.h"
#include "rt_map.h"
#include "rt_spool.h"

#define KEYTAIL ",\"key\":\""

/* A key is 1 to RT_SPOOL_KEYMAX printable ASCII bytes without a blank, '"' or '\'. */
int
rt_spool_key_valid(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || n > RT_SPOOL_KEYMAX)
		return 0;
	for (i = 0; i < n; i++)
		if (k[i] <= ' ' || k[i] > '~' || k[i] == '"' || k[i] == '\\')
			return 0;
	return 1;
}

/* The key that ends a spool line (without its newline); NULL when it has none. */
const char *
rt_spool_line_key(const char *line, size_t n, size_t *keylen)
{
	size_t end, beg;

	if (n < sizeof(KEYTAIL) + 2 || line[n - 1] != '}' || line[n - 2] != '"')
		return NULL;
	end = n - 2;
	for (beg = end; beg > 0 && line[beg - 1] != '"'; beg--)
		;
	if (beg < sizeof(KEYTAIL) - 1 ||
	    memcmp(line + beg - (sizeof(KEYTAIL) - 1), KEYTAIL, sizeof(KEYTAIL) - 1) != 0 ||
	    !rt_spool_key_valid(line + beg, end - beg))
		return NULL;
	*keylen = end - beg;
	return line + beg;
}

static char *
sidecar(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *p = rt_emalloc(n);

	snprintf(p, n, "%s%s", path, suffix);
	return p;
}

void
rt_spool_init(struct rt_spool *sp, const char *path)
{
	sp->path = rt_estrdup(path);
	sp->ids = sidecar(path, ".ids");
	sp->taken = sidecar(path, ".taken");
	sp->rejected = sidecar(path, ".rejected");
	sp->takenfd = -1;
}

void
rt_spool_free(struct rt_spool *sp)
{
	rt_spool_release(sp);
	free(sp->path);
	free(sp->ids);
	free(sp->taken);
	free(sp->rejected);
}

static int
failed(char *why, size_t whysz, const char *path)
{
	int saved = errno;

	snprintf(why, whysz, "%s: %s", path, rt_atomic_strerror(saved));
	errno = saved;
	return -1;
}

static int
sync_dir(const char *path)
{
	char *copy = rt_estrdup(path);
	int fd, rc = 0;

	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 || fsync(fd) == -1)
		rc = -1;
	if (fd != -1)
		close(fd);
	free(copy);
	return rc;
}

/*
 * Opens path with flags (and O_CREAT's mode 0660 less the umask) when it is
 * a regular file; -1 with errno RT_ATOMIC_ENOTREG when it is not.
 * O_NONBLOCK, so that a FIFO put in its place does not hold us on open.
 */
static int
open_regular(const char *path, int flags)
{
	struct stat st;
	int fd, saved;

	if ((fd = open(path, flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0660)) == -1)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return fd;
	saved = errno;
	if (fstat(fd, &st) == 0)
		saved = RT_ATOMIC_ENOTREG;
	close(fd);
	errno = saved;
	return -1;
}

/*
 * Opens path for appending and locks it; the file locked is the one at
 * path, even when it was replaced or removed while this waited.  With
 * created, a missing file is made (mode 0660 less the umask) and *created
 * says whether this made it; without, it is ENOENT.
 */
static int
open_locked(const char *path, int *created)
{
	struct stat st, cur;
	int fd, saved;

	for (;;) {
		if ((fd = open_regular(path, O_RDWR | O_APPEND)) == -1 && errno == ENOENT &&
		    created != NULL) {
			fd = open_regular(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL);
			*created = fd != -1;
			if (fd == -1 && errno == EEXIST)
				continue;
		} else if (created != NULL)
			*created = 0;
		if (fd == -1)
			return -1;
		if (flock(fd, LOCK_EX) == -1 || fstat(fd, &st) == -1) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (stat(path, &cur) == 0 && cur.st_ino == st.st_ino && cur.st_dev == st.st_dev)
			return fd;
		close(fd);
	}
}

/* Cuts what a failed write left; when even that fails, the next one to lock cuts it. */
static void
cut(int fd, off_t size)
{
	if (ftruncate(fd, size) == -1)
		return;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
read_at(int fd, char *p, size_t n, off_t off)
{
	ssize_t r;

	while (n > 0) {
		if ((r = pread(fd, p, n, off)) == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO; /* shorter than fstat said, under our lock */
			return -1;
		}
		p += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

/*
 * The size of the locked file fd once part of a line left at its end by a
 * writer that died is cut off; -1 (errno) when it cannot be read or cut.
 */
static off_t
whole_lines(int fd)
{
	char buf[4096];
	struct stat st;
	off_t end, from;
	size_t n;
	char *nl;

	if (fstat(fd, &st) == -1)
		return -1;
	if (st.st_size == 0)
		return 0;
	for (end = st.st_size; end > 0; end = from) {
		from = end > (off_t)sizeof(buf) ? end - (off_t)sizeof(buf) : 0;
		n = (size_t)(end - from);
		if (read_at(fd, buf, n, from) == -1)
			return -1;
		if ((nl = memrchr(buf, '\n', n)) != NULL) {
			end = from + (nl - buf) + 1;
			break;
		}
	}
	if (end < st.st_size && ftruncate(fd, end) == -1)
		return -1;
	return end;
}

/* The whole file, from 0 to size. */
static int
read_whole(int fd, off_t size, struct rt_buf *b)
{
	rt_buf_reset(b);
	rt_buf_grow(b, (size_t)size);
	if (size > 0 && read_at(fd, b->p, (size_t)size, 0) == -1)
		return -1;
	b->len = (size_t)size;
	return 0;
}

/* Is key a line of the keys in ids? */
static int
has_key(const struct rt_buf *ids, const char *key, size_t n)
{
	char needle[RT_SPOOL_KEYMAX + 2];

	if (ids->len > n && memcmp(ids->p, key, n) == 0 && ids->p[n] == '\n')
		return 1;
	needle[0] = '\n';
	memcpy(needle + 1, key, n);
	needle[n + 1] = '\n';
	return ids->len > n + 1 && memmem(ids->p, ids->len, needle, n + 2) != NULL;
}

/* Appends key to the keys file and to its copy in ids. */
static int
add_key(int fd, struct rt_buf *ids, const char *key, size_t n)
{
	size_t at = ids->len;

	rt_buf_add(ids, key, n);
	rt_buf_addc(ids, '\n');
	return write_all(fd, ids->p + at, n + 1);
}

/* The key of the last line of the spool (size bytes, whole lines); 0 when it has none. */
static int
last_key(int fd, off_t size, char *key, size_t *n)
{
	char buf[RT_SPOOL_KEYMAX + 32];
	size_t len = size > (off_t)sizeof(buf) ? sizeof(buf) : (size_t)size;
	const char *k;

	if (len < 2 || read_at(fd, buf, len, size - (off_t)len) == -1)
		return 0;
	if ((k = rt_spool_line_key(buf, len - 1, n)) == NULL)
		return 0;
	memcpy(key, k, *n);
	return 1;
}

/* Keeps the newest half of the keys once there are more than RT_SPOOL_IDS_MAX. */
static void
trim_keys(const char *path, const struct rt_buf *ids)
{
	size_t lines = 0, drop, i;

	for (i = 0; i < ids->len; i++)
		lines += ids->p[i] == '\n';
	if (lines <= RT_SPOOL_IDS_MAX)
		return;
	drop = lines - RT_SPOOL_IDS_MAX / 2;
	for (i = 0; i < ids->len && drop > 0; i++)
		drop -= ids->p[i] == '\n';
	/* A failure leaves every key in place; the next delivery tries again. */
	rt_atomic_write(path, ids->p + i, ids->len - i);
}

/* Closes the spool and its keys file (either may be -1), which lets go of the spool's lock. */
static void
close_pair(int fd, int idfd)
{
	if (idfd != -1)
		close(idfd);
	if (fd != -1)
		close(fd);
}

/*
 * Opens the keys file under the spool's lock and reads it, cutting part of a
 * line a drain left; the key of the spool's last line is added if the
 * delivery that wrote it died before it could.
 */
static int
open_keys(struct rt_spool *sp, int fd, off_t size, struct rt_buf *ids, int *created, off_t *idsize)
{
	char key[RT_SPOOL_KEYMAX];
	size_t n;
	int idfd;

	if ((idfd = open_regular(sp->ids, O_RDWR | O_APPEND)) == -1 && errno == ENOENT) {
		idfd = open_regular(sp->ids, O_RDWR | O_APPEND | O_CREAT);
		*created = idfd != -1;
	}
	if (idfd == -1)
		return -1;
	if ((*idsize = whole_lines(idfd)) == -1 || read_whole(idfd, *idsize, ids) == -1 ||
	    (last_key(fd, size, key, &n) && !has_key(ids, key, n) && add_key(idfd, ids, key, n) == -1)) {
		int saved = errno;

		close(idfd);
		errno = saved;
		return -1;
	}
	*idsize = (off_t)ids->len;
	return idfd;
}

/*
 * Appends line (which ends with a newline) to the spool unless a delivery
 * with the same key was received before, and syncs it.  RT_SPOOL_ADDED or
 * RT_SPOOL_DUPLICATE; -1 (why) when the spool cannot be written, and then
 * nothing of the line is left in it.
 */
int
rt_spool_add(struct rt_spool *sp, const char *key, const char *line, size_t n, char *why, size_t whysz)
{
	struct rt_buf ids = { 0 };
	int fd, idfd = -1, created, idcreated = 0, rc = -1;
	const char *at = sp->path;
	off_t size, idsize = 0;

	if ((fd = open_locked(sp->path, &created)) == -1)
		return failed(why, whysz, sp->path);
	if ((size = whole_lines(fd)) == -1)
		goto fail;
	at = sp->ids;
	if ((idfd = open_keys(sp, fd, size, &ids, &idcreated, &idsize)) == -1)
		goto fail;
	if (has_key(&ids, key, strlen(key))) {
		/* The first copy may still be on its way to the disk: it must be there before a 200. */
		flock(fd, LOCK_UN);
		if (fdatasync(fd) == -1)
			goto fail;
		rc = RT_SPOOL_DUPLICATE;
		goto done;
	}
	at = sp->path;
	if (write_all(fd, line, n) == -1)
		goto undo;
	at = sp->ids;
	if (add_key(idfd, &ids, key, strlen(key)) == -1)
		goto undo;
	trim_keys(sp->ids, &ids);
	flock(fd, LOCK_UN);
	at = sp->path;
	if (fdatasync(fd) == -1 || ((created || idcreated) && sync_dir(sp->path) == -1))
		goto fail;
	rc = RT_SPOOL_ADDED;
	goto done;
undo:
	failed(why, whysz, at);
	/* Nothing of this delivery may stay: a partial line, or a line without its key. */
	cut(fd, size);
	cut(idfd, idsize);
	goto done;
fail:
	failed(why, whysz, at);
done:
	close_pair(fd, idfd);
	rt_buf_free(&ids);
	return rc;
}

/*
 * Takes the spool's lines for loading: locks the batch (path.taken, for the
 * whole drain), then under the spool's lock adds them to the batch, makes
 * sure their keys are on disk in path.ids, and empties the spool.  -1 (why)
 * when any of it fails; the spool is then as it was.
 */
int
rt_spool_take(struct rt_spool *sp, char *why, size_t whysz)
{
	struct rt_buf lines = { 0 }, ids = { 0 };
	int fd = -1, idfd = -1, created, idcreated = 0, rc = -1;
	const char *at = sp->taken, *p, *e, *nl, *k;
	off_t size, taken, idsize;
	size_t n;

	if ((sp->takenfd = open_locked(sp->taken, &created)) == -1)
		return failed(why, whysz, sp->taken);
	if ((taken = whole_lines(sp->takenfd)) == -1)
		goto fail;
	/* No spool yet: nothing to take.  A drain never makes it, so that its owner is the server's user. */
	at = sp->path;
	if ((fd = open_locked(sp->path, NULL)) == -1 && errno == ENOENT) {
		rc = 0;
		goto done;
	}
	if (fd == -1 || (size = whole_lines(fd)) == -1 || read_whole(fd, size, &lines) == -1)
		goto fail;
	at = sp->ids;
	if ((idfd = open_keys(sp, fd, size, &ids, &idcreated, &idsize)) == -1)
		goto fail;
	/* After a power loss the keys file may lack the newest keys: the spool has them all. */
	for (p = lines.p, e = lines.p + lines.len; p < e; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if ((k = rt_spool_line_key(p, (size_t)(nl - p), &n)) != NULL && !has_key(&ids, k, n) &&
		    add_key(idfd, &ids, k, n) == -1)
			goto fail;
	}
	if (fsync(idfd) == -1)
		goto fail;
	at = sp->taken;
	if (write_all(sp->takenfd, lines.p, lines.len) == -1 || fsync(sp->takenfd) == -1) {
		failed(why, whysz, at);
		cut(sp->takenfd, taken);
		goto done;
	}
	at = sp->path;
	if (ftruncate(fd, 0) == -1 || fsync(fd) == -1 || sync_dir(sp->path) == -1)
		goto fail;
	rc = 0;
	goto done;
fail:
	failed(why, whysz, at);
done:
	close_pair(fd, idfd);
	rt_buf_free(&lines);
	rt_buf_free(&ids);
	if (rc == -1) {
		int saved = errno;

		rt_spool_release(sp);
		errno = saved;
	}
	return rc;
}

/* The batch a take left: every line of path.taken. */
int
rt_spool_batch(struct rt_spool *sp, struct rt_buf *b, char *why, size_t whysz)
{
	struct stat st;

	if (fstat(sp->takenfd, &st) == -1 || read_whole(sp->takenfd, st.st_size, b) == -1)
		return failed(why, whysz, sp->taken);
	return 0;
}

/*
 * The batch was loaded: the n bytes of lines the maps refused are kept in
 * path.rejected, and the batch is emptied.  -1 (why) leaves it to be loaded
 * again.
 */
int
rt_spool_done(struct rt_spool *sp, const char *rejected, size_t n, char *why, size_t whysz)
{
	int fd;

	if (n > 0) {
		if ((fd = open_regular(sp->rejected, O_WRONLY | O_APPEND | O_CREAT)) == -1)
			return failed(why, whysz, sp->rejected);
		if (write_all(fd, rejected, n) == -1 || fsync(fd) == -1) {
			failed(why, whysz, sp->rejected);
			close(fd);
			return -1;
		}
		close(fd);
	}
	if (ftruncate(sp->takenfd, 0) == -1 || fsync(sp->takenfd) == -1)
		return failed(why, whysz, sp->taken);
	return 0;
}

/* Ends a drain: the batch's lock is let go. */
void
rt_spool_release(struct rt_spool *sp)
{
	if (sp->takenfd != -1)
		close(sp->takenfd);
	sp->takenfd = -1;
}
