/*
 * share/rt is found through RT_SHARE_DIR, else beside the running binary
 * (bin/../share/rt, which is both a source checkout and an installed
 * PREFIX), else the PREFIX compiled in.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt_err.h"
#include "rt_share.h"

#ifndef RT_PREFIX
#define RT_PREFIX "/usr/local"
#endif

static int
isdir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
rt_share_dir(void)
{
	static char *dir;
	char exe[PATH_MAX], *slash, cand[PATH_MAX + 32];
	const char *env;
	ssize_t n;

	if (dir != NULL)
		return dir;
	if ((env = getenv("RT_SHARE_DIR")) != NULL && *env != '\0')
		return dir = rt_estrdup(env);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(cand, sizeof(cand), "%s/../share/rt", exe);
			if (isdir(cand))
				return dir = rt_estrdup(cand);
		}
	}
	return dir = rt_estrdup(RT_PREFIX "/share/rt");
}

/* "map/msn.jq" -> "<share>/map/msn.jq", allocated. */
char *
rt_share_path(const char *rel)
{
	const char *d = rt_share_dir();
	size_t n = strlen(d) + strlen(rel) + 2;
	char *p = rt_emalloc(n);

	snprintf(p, n, "%s/%s", d, rel);
	return p;
}
