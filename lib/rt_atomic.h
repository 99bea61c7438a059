/* Replacing a file atomically under an advisory lock (SPEC section 8), as sponge does. */
#ifndef RT_ATOMIC_H
#define RT_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

struct rt_atomic {
	char *path;
	char *tmppath;
	int lockfd; /* the file, or its directory while the file does not exist */
	int tmpfd;
	int existed;
	mode_t mode;
	FILE *fp;
};

int rt_atomic_lock(struct rt_atomic *, const char *);
FILE *rt_atomic_begin(struct rt_atomic *);
int rt_atomic_commit(struct rt_atomic *);
void rt_atomic_abort(struct rt_atomic *);
int rt_atomic_write(const char *, const void *, size_t);

#endif
