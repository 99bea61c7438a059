/* Replacing a file atomically under an advisory lock (SPEC section 8), as sponge does. */
#ifndef RT_ATOMIC_H
#define RT_ATOMIC_H

#include <errno.h>
#include <stdio.h>
#include <sys/types.h>

#include "rt_buf.h"
#include "rt_io.h"

/* rt_atomic_lock's errno for a target that is a device, a FIFO or a socket. */
#define RT_ATOMIC_ENOTREG ENODEV

struct rt_atomic {
	char *path; /* the file replaced: the target named, after its links */
	char *tmppath; /* the temporary's name in dirfd */
	char *base; /* the file's name in dirfd */
	int dirfd; /* its directory, opened once: every step after is relative to it */
	int lockfd; /* the file, or its directory while the file does not exist */
	int tmpfd;
	int existed;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	FILE *fp;
};

int rt_atomic_lock(struct rt_atomic *, const char *);
int rt_atomic_read(struct rt_atomic *, struct rt_buf *);
int rt_atomic_reader(struct rt_atomic *a, struct rt_reader *r, const char *name);
FILE *rt_atomic_begin(struct rt_atomic *);
int rt_atomic_commit(struct rt_atomic *);
void rt_atomic_abort(struct rt_atomic *);
int rt_atomic_write(const char *, const void *, size_t);
int rt_atomic_status(int);
const char *rt_atomic_strerror(int);

#endif
