/*
 * measure: runs a command and appends one line to a file: its exit status,
 * wall seconds, peak resident set (KiB, from wait4's ru_maxrss), user and
 * system CPU seconds.  Like GNU time -f '%x %e %M %U %S', with milliseconds.
 *
 * usage: measure -o file command [argument ...]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	struct rusage ru;
	const char *path = NULL;
	int ch, status, code;
	pid_t pid;
	FILE *fp;

	while ((ch = getopt(argc, argv, "+o:")) != -1) {
		switch (ch) {
		case 'o':
			path = optarg;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (path == NULL || argc == 0)
		goto usage;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("measure: fork");
		return 125;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "measure: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			perror("measure: wait4");
			return 125;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if ((fp = fopen(path, "a")) == NULL) {
		perror(path);
		return 125;
	}
	fprintf(fp, "%d %.3f %ld %.3f %.3f\n", code,
	    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
	    seconds(&ru.ru_utime), seconds(&ru.ru_stime));
	if (fclose(fp) == EOF) {
		perror(path);
		return 125;
	}
	return code;
usage:
	fprintf(stderr, "usage: measure -o file command [argument ...]\n");
	return 125;
}
