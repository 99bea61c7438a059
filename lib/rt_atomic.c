/*
 * Atomic replacement: write a temporary file in the target's directory, keep
 * the old mode, fsync, rename over the target, fsync the directory.  Writers
 * of one file take turns through flock(2) on the file itself; while the file
 * does not exist yet, on its directory.  A crash leaves the old file or the
 * new one, and the next writer removes the temporary it left behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt_atomic.h"
#include "rt_err.h"

#define TMPMARK ".rt-tmp-"

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

/* Where a symbolic link points, even when the file there does not exist yet. */
static char *
link_target(const char *path)
{
	char buf[PATH_MAX], *dir, *full;
	ssize_t n;
	size_t len;

	if ((full = realpath(path, NULL)) != NULL)
		return full;
	if ((n = readlink(path, buf, sizeof(buf) - 1)) <= 0)
		return NULL;
	buf[n] = '\0';
	if (buf[0] == '/')
		return rt_estrdup(buf);
	dir = dir_of(path);
	len = strlen(dir) + (size_t)n + 2;
	full = rt_emalloc(len);
	snprintf(full, len, "%s/%s", dir, buf);
	free(dir);
	return full;
}

/* Removes temporaries of this target left by a writer that died; we hold the lock. */
static void
sweep(const char *dir, const char *base)
{
	DIR *d;
	struct dirent *de;
	size_t blen = strlen(base), mlen = strlen(TMPMARK);
	int dfd;

	if ((d = opendir(dir)) == NULL)
		return;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && strncmp(de->d_name + 1, base, blen) == 0 &&
		    strncmp(de->d_name + 1 + blen, TMPMARK, mlen) == 0)
			unlinkat(dfd, de->d_name, 0);
	}
	closedir(d);
}

/*
 * Takes the lock for path.  After it returns 0, the caller may read the
 * current file and then replace it with begin/commit.  -1 sets errno.
 */
int
rt_atomic_lock(struct rt_atomic *a, const char *path)
{
	struct stat st, cur;
	char *dir = NULL, *base = NULL, *real;
	int fd, saved;

	memset(a, 0, sizeof(*a));
	a->lockfd = a->tmpfd = -1;
	/* Replace what a symbolic link points at, not the link. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = link_target(path)) != NULL)
		a->path = real;
	else
		a->path = rt_estrdup(path);
	path = a->path;
	dir = dir_of(path);
	base = base_of(path);
	for (;;) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd == -1 && errno != ENOENT)
			goto fail;
		if (fd == -1) {
			/* No file yet: lock the directory, then look again. */
			if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
				goto fail;
			if (flock(fd, LOCK_EX) == -1) {
				saved = errno;
				close(fd);
				errno = saved;
				goto fail;
			}
			if (stat(path, &cur) == -1 && errno == ENOENT) {
				a->lockfd = fd;
				a->existed = 0;
				a->mode = 0666;
				break;
			}
			close(fd);
			continue;
		}
		if (fstat(fd, &st) == -1 || flock(fd, LOCK_EX) == -1) {
			saved = errno;
			close(fd);
			errno = saved;
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			close(fd);
			errno = EISDIR;
			goto fail;
		}
		/* The file we locked may have been replaced while we waited. */
		if (stat(path, &cur) == 0 && cur.st_ino == st.st_ino && cur.st_dev == st.st_dev) {
			/* Root ignores permissions; a file with no write bit is meant to be left alone. */
			if ((st.st_mode & 0222) == 0 || access(path, W_OK) == -1) {
				close(fd);
				errno = EACCES;
				goto fail;
			}
			a->lockfd = fd;
			a->existed = 1;
			a->mode = st.st_mode & 07777;
			break;
		}
		close(fd);
	}
	sweep(dir, base);
	free(dir);
	free(base);
	return 0;
fail:
	saved = errno;
	free(dir);
	free(base);
	free(a->path);
	a->path = NULL;
	errno = saved;
	return -1;
}

/* Opens the temporary file to write the new content into. */
FILE *
rt_atomic_begin(struct rt_atomic *a)
{
	char *dir = dir_of(a->path), *base = base_of(a->path);
	size_t n = strlen(dir) + strlen(base) + sizeof(TMPMARK) + 16;
	mode_t mask;

	a->tmppath = rt_emalloc(n);
	snprintf(a->tmppath, n, "%s/.%s%sXXXXXX", dir, base, TMPMARK);
	free(dir);
	free(base);
	if ((a->tmpfd = mkostemp(a->tmppath, O_CLOEXEC)) == -1) {
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

static void
release(struct rt_atomic *a)
{
	if (a->lockfd != -1)
		close(a->lockfd); /* closing drops the flock */
	a->lockfd = -1;
	free(a->path);
	free(a->tmppath);
	a->path = a->tmppath = NULL;
}

/* Makes the new content the file.  -1 (errno set) leaves the old file as it was. */
int
rt_atomic_commit(struct rt_atomic *a)
{
	char *dir;
	int dfd, saved, bad;

	bad = fflush(a->fp) == EOF || ferror(a->fp);
	if (!bad && (fchmod(a->tmpfd, a->mode) == -1 || fsync(a->tmpfd) == -1))
		bad = 1;
	saved = errno;
	if (fclose(a->fp) == EOF && !bad) {
		bad = 1;
		saved = errno;
	}
	a->fp = NULL;
	a->tmpfd = -1;
	if (!bad && rename(a->tmppath, a->path) == -1) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		unlink(a->tmppath);
		release(a);
		errno = saved;
		return -1;
	}
	dir = dir_of(a->path);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
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
	if (a->tmppath != NULL)
		unlink(a->tmppath);
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
