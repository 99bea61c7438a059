/*
 * Atomic replacement: write a temporary file in the target's directory, keep
 * the old permissions, owner and group, fsync, rename over the target, fsync
 * the directory.  Writers of one file take turns through flock(2) on the
 * file itself; while the file does not exist yet, on its directory.  A crash
 * leaves the old file or the new one, and the next writer removes the
 * temporary it left behind.
 *
 * The target is found once: its links are followed to the end, its
 * directory is opened, and every later step (open, lock, read, rename) works
 * from that descriptor and never follows a link again, so that another user
 * who can write the directory cannot swap in a file rt did not check.  Only
 * a regular file is replaced.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt_atomic.h"
#include "rt_err.h"
#include "rt_io.h"

#define TMPMARK ".rt-tmp-"
#define MAXLINKS 40 /* as the kernel's limit on a path's links */

static char *
dir_of(const char *path)
{
	char *copy = rt_estrdup(path), *d;

	d = rt_estrdup(dirname(copy));
	free(copy);
	return d;
}

static char *
base_of(const char *path)
{
	char *copy = rt_estrdup(path), *b;

	b = rt_estrdup(basename(copy));
	free(copy);
	return b;
}

/*
 * Whether a file owned by uid may be used in a directory: not when the
 * directory is sticky and writable by all (/tmp) and the file is neither
 * ours nor the directory owner's.  Linux refuses such links and O_CREAT
 * opens with fs.protected_symlinks and fs.protected_regular; rt reads links
 * itself and opens without O_CREAT, so it keeps the rule itself.
 */
static int
planted(const struct stat *dir, uid_t uid)
{
	return (dir->st_mode & (S_ISVTX | S_IWOTH)) == (S_ISVTX | S_IWOTH) && uid != geteuid() &&
	    uid != dir->st_uid;
}

/*
 * The file at the end of path's chain of symbolic links (path itself when
 * it is no link), even when the last link dangles: that is the file to
 * replace, never a link in between.  NULL with errno set.
 */
static char *
resolve(const char *path)
{
	char buf[PATH_MAX], *cur = rt_estrdup(path), *dir = NULL, *next;
	struct stat st, dst;
	ssize_t n;
	size_t len;
	int hops, saved;

	for (hops = 0;; hops++) {
		if (lstat(cur, &st) == -1) {
			if (errno == ENOENT)
				return cur; /* not there yet: it is made here */
			goto fail;
		}
		if (!S_ISLNK(st.st_mode))
			return cur;
		if (hops == MAXLINKS) {
			errno = ELOOP;
			goto fail;
		}
		dir = dir_of(cur);
		if (stat(dir, &dst) == -1)
			goto fail;
		if (planted(&dst, st.st_uid)) {
			errno = EACCES;
			goto fail;
		}
		if ((n = readlink(cur, buf, sizeof(buf) - 1)) == -1)
			goto fail;
		buf[n] = '\0';
		if (buf[0] == '/')
			next = rt_estrdup(buf);
		else {
			len = strlen(dir) + (size_t)n + 2;
			next = rt_emalloc(len);
			snprintf(next, len, "%s/%s", dir, buf);
		}
		free(dir);
		dir = NULL;
		free(cur);
		cur = next;
	}
fail:
	saved = errno;
	free(dir);
	free(cur);
	errno = saved;
	return NULL;
}

/* Removes temporaries of this target left by a writer that died; we hold the lock. */
static void
sweep(int dirfd, const char *base)
{
	DIR *d;
	struct dirent *de;
	size_t blen = strlen(base), mlen = strlen(TMPMARK);
	int fd;

	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && strncmp(de->d_name + 1, base, blen) == 0 &&
		    strncmp(de->d_name + 1 + blen, TMPMARK, mlen) == 0)
			unlinkat(dirfd, de->d_name, 0);
	}
	closedir(d);
}

/*
 * One try at locking a->base in a->dirfd: 0 when locked, 1 when the name
 * changed under us (try again), -1 with errno set.
 */
static int
lock_once(struct rt_atomic *a)
{
	struct stat st, cur, dir;
	int fd, saved;

	if (fstat(a->dirfd, &dir) == -1)
		return -1;
	if (fstatat(a->dirfd, a->base, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno != ENOENT)
			return -1;
		/* No file yet: lock the directory, then look again. */
		if ((fd = openat(a->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
			return -1;
		if (flock(fd, LOCK_EX) == -1)
			goto fail;
		if (fstatat(a->dirfd, a->base, &cur, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT) {
			close(fd);
			return 1;
		}
		a->lockfd = fd;
		a->existed = 0;
		a->mode = 0666;
		return 0;
	}
	if (S_ISLNK(st.st_mode))
		return 1; /* a link where the file was found: find it again */
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : RT_ATOMIC_ENOTREG;
		return -1;
	}
	if (planted(&dir, st.st_uid)) {
		errno = EACCES;
		return -1;
	}
	/* O_NONBLOCK: should a FIFO take the file's place now, opening it does not wait. */
	fd = openat(a->dirfd, a->base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return errno == ELOOP || errno == ENOENT ? 1 : -1;
	if (fstat(fd, &st) == -1 || flock(fd, LOCK_EX) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	/* The file we locked may have been replaced while we waited. */
	if (fstatat(a->dirfd, a->base, &cur, AT_SYMLINK_NOFOLLOW) == -1 || cur.st_ino != st.st_ino ||
	    cur.st_dev != st.st_dev) {
		close(fd);
		return 1;
	}
	/* Root ignores permissions; a file with no write bit is meant to be left alone. */
	if ((st.st_mode & 0222) == 0 || faccessat(a->dirfd, a->base, W_OK, 0) == -1) {
		close(fd);
		errno = EACCES;
		return -1;
	}
	a->lockfd = fd;
	a->existed = 1;
	a->mode = st.st_mode & 07777;
	a->uid = st.st_uid;
	a->gid = st.st_gid;
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static void
release(struct rt_atomic *a)
{
	if (a->lockfd != -1)
		close(a->lockfd); /* closing drops the flock */
	if (a->dirfd != -1)
		close(a->dirfd);
	a->lockfd = a->dirfd = -1;
	free(a->path);
	free(a->base);
	free(a->tmppath);
	a->path = a->base = a->tmppath = NULL;
}

/*
 * Takes the lock for path.  After it returns 0, the caller may read the
 * current file with rt_atomic_read and then replace it with begin/commit.
 * -1 sets errno: RT_ATOMIC_ENOTREG when path is a device, a FIFO or a
 * socket, EISDIR a directory, EACCES a link or file another user planted
 * in a sticky directory.
 */
int
rt_atomic_lock(struct rt_atomic *a, const char *path)
{
	struct stat st;
	char *dir;
	int rc, saved;

	memset(a, 0, sizeof(*a));
	a->lockfd = a->tmpfd = a->dirfd = -1;
	/* Wherever its links lead (/dev/stdout to a pipe), what path names must be a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : RT_ATOMIC_ENOTREG;
		return -1;
	}
	do {
		release(a);
		if ((a->path = resolve(path)) == NULL)
			goto fail;
		dir = dir_of(a->path);
		a->base = base_of(a->path);
		a->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(dir);
		if (a->dirfd == -1)
			goto fail;
	} while ((rc = lock_once(a)) == 1);
	if (rc == -1)
		goto fail;
	sweep(a->dirfd, a->base);
	return 0;
fail:
	saved = errno;
	release(a);
	errno = saved;
	return -1;
}

/*
 * Reads the content of the file locked (nothing when it does not exist
 * yet) from the descriptor that was locked and checked: the path, which
 * another user may have pointed elsewhere since, is not opened again.
 */
int
rt_atomic_read(struct rt_atomic *a, struct rt_buf *b)
{
	if (!a->existed)
		return 0;
	if (lseek(a->lockfd, 0, SEEK_SET) == -1)
		return -1;
	return rt_read_fd(a->lockfd, b);
}

/*
 * A line reader (rt_io) over the file locked, for a reader that goes line
 * by line (CSV): a descriptor of its own, at the start of the same open
 * file, so nothing is opened by name.  -1 with errno ENOENT when the file
 * does not exist yet.
 */
int
rt_atomic_reader(struct rt_atomic *a, struct rt_reader *r, const char *name)
{
	int fd;

	if (!a->existed) {
		errno = ENOENT;
		return -1;
	}
	if ((fd = fcntl(a->lockfd, F_DUPFD_CLOEXEC, 3)) == -1)
		return -1;
	if (lseek(fd, 0, SEEK_SET) == -1) {
		close(fd);
		return -1;
	}
	rt_reader_fd(r, fd, name);
	r->owned = 1;
	return 0;
}

/* A temporary of our own beside the target, made without following a link. */
static int
make_temp(struct rt_atomic *a)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(a->base) + sizeof(TMPMARK) + 8, i;
	unsigned char r[6];
	int tries, fd;

	a->tmppath = rt_emalloc(n);
	for (tries = 0; tries < 100; tries++) {
		if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
			for (i = 0; i < sizeof(r); i++)
				r[i] = (unsigned char)(getpid() + tries * 7 + (int)i * 13);
		snprintf(a->tmppath, n, ".%s%s", a->base, TMPMARK);
		for (i = 0; i < sizeof(r); i++)
			a->tmppath[n - 8 + i] = digits[r[i] % (sizeof(digits) - 1)];
		a->tmppath[n - 2] = '\0';
		fd = openat(a->dirfd, a->tmppath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Opens the temporary file to write the new content into. */
FILE *
rt_atomic_begin(struct rt_atomic *a)
{
	mode_t mask;

	if ((a->tmpfd = make_temp(a)) == -1) {
		free(a->tmppath);
		a->tmppath = NULL;
		return NULL;
	}
	if (!a->existed) {
		mask = umask(0);
		umask(mask);
		a->mode = 0666 & ~mask;
	}
	if ((a->fp = fdopen(a->tmpfd, "w")) == NULL) {
		rt_atomic_abort(a);
		return NULL;
	}
	return a->fp;
}

static const char *
user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		snprintf(buf, n, "%s", pw->pw_name); /* getpwuid's buffer is reused by the next call */
	else
		snprintf(buf, n, "%lu", (unsigned long)uid);
	return buf;
}

static const char *
group_name(gid_t gid, char *buf, size_t n)
{
	struct group *gr = getgrgid(gid);

	if (gr != NULL)
		snprintf(buf, n, "%s", gr->gr_name);
	else
		snprintf(buf, n, "%lu", (unsigned long)gid);
	return buf;
}

/*
 * The new file is the old one's: same owner and group.  Root may give it
 * to anyone; another writer keeps the group when it is one of theirs, and
 * is told what changed.
 */
static void
keep_owner(struct rt_atomic *a)
{
	char x[32], y[32];
	struct stat st;

	if (!a->existed || fchown(a->tmpfd, a->uid, a->gid) == 0)
		return;
	(void)fchown(a->tmpfd, (uid_t)-1, a->gid);
	if (fstat(a->tmpfd, &st) == -1)
		return;
	if (st.st_uid != a->uid)
		rt_notice("%s: now owned by %s, not %s: only root can keep another user's file theirs",
		    a->path, user_name(st.st_uid, x, sizeof(x)), user_name(a->uid, y, sizeof(y)));
	else if (st.st_gid != a->gid)
		rt_notice("%s: now in group %s, not %s: its owner is not in that group", a->path,
		    group_name(st.st_gid, x, sizeof(x)), group_name(a->gid, y, sizeof(y)));
}

/*
 * Makes the new content the file.  -1 (errno set) leaves the old file as
 * it was.  The permission bits are kept, never setuid or setgid: a program
 * that held rt's markers must not become one that runs as rt's user.
 */
int
rt_atomic_commit(struct rt_atomic *a)
{
	int saved, bad;

	bad = fflush(a->fp) == EOF || ferror(a->fp);
	if (!bad) {
		keep_owner(a);
		bad = fchmod(a->tmpfd, a->mode & 0777) == -1 || fsync(a->tmpfd) == -1;
	}
	saved = errno;
	if (fclose(a->fp) == EOF && !bad) {
		bad = 1;
		saved = errno;
	}
	a->fp = NULL;
	a->tmpfd = -1;
	if (!bad && renameat(a->dirfd, a->tmppath, a->dirfd, a->base) == -1) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		unlinkat(a->dirfd, a->tmppath, 0);
		release(a);
		errno = saved;
		return -1;
	}
	fsync(a->dirfd);
	release(a);
	return 0;
}

void
rt_atomic_abort(struct rt_atomic *a)
{
	int saved = errno;

	if (a->fp != NULL)
		fclose(a->fp);
	else if (a->tmpfd != -1)
		close(a->tmpfd);
	a->fp = NULL;
	a->tmpfd = -1;
	if (a->tmppath != NULL && a->dirfd != -1)
		unlinkat(a->dirfd, a->tmppath, 0);
	release(a);
	errno = saved;
}

/* Replaces path with the n bytes at p, locked and atomically. */
int
rt_atomic_write(const char *path, const void *p, size_t n)
{
	struct rt_atomic a;
	FILE *fp;

	if (rt_atomic_lock(&a, path) == -1)
		return -1;
	if ((fp = rt_atomic_begin(&a)) == NULL) {
		rt_atomic_abort(&a);
		return -1;
	}
	if (n > 0 && fwrite(p, 1, n, fp) != n) {
		rt_atomic_abort(&a);
		return -1;
	}
	return rt_atomic_commit(&a);
}

/*
 * For a message about a failed rt_atomic_lock: the exit status, 2 for a
 * target that is not a regular file (nothing rt should replace; sed -i
 * refuses one too), else 4; and the reason.
 */
int
rt_atomic_status(int err)
{
	return err == RT_ATOMIC_ENOTREG ? RT_EXIT_USAGE : RT_EXIT_IO;
}

const char *
rt_atomic_strerror(int err)
{
	return err == RT_ATOMIC_ENOTREG ? "not a regular file" : strerror(err);
}
