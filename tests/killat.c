/*
 * killat: runs a command and sends it SIGKILL after a random number of
 * microseconds, for tests/crash.bats.  With -w DIR the clock starts only
 * when a temporary file of rt_atomic (".NAME.rt-tmp-XXXXXX") appears in DIR,
 * so that the kill lands inside the window in which the file is rewritten.
 *
 * usage: killat [-d max_us] [-s seed] [-w dir] command [arg ...]
 *
 * Exit status: 0 the kill landed (the command died of it); 3 the command
 * had already exited 0; 4 it exited otherwise or died of another signal
 * (said on stderr); 2 usage or system error.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: killat [-d max_us] [-s seed] [-w dir] command [arg ...]\n");
	exit(2);
}

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "killat: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Did an inotify read bring the creation of an rt_atomic temporary? */
static int
saw_temporary(int fd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int found = 0;

	if ((n = read(fd, buf, sizeof(buf))) <= 0)
		return 0;
	for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
		ev = (const struct inotify_event *)p;
		if (ev->len > 0 && ev->name[0] == '.' && strstr(ev->name, ".rt-tmp-") != NULL)
			found = 1;
	}
	return found;
}

/* The command's status once it has ended: the exit status of killat. */
static int
verdict(int status, int killed)
{
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && killed)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 3;
	if (WIFEXITED(status))
		fprintf(stderr, "killat: the command exited %d\n", WEXITSTATUS(status));
	else
		fprintf(stderr, "killat: the command died of signal %d\n", WTERMSIG(status));
	return 4;
}

int
main(int argc, char *argv[])
{
	const char *dir = NULL;
	struct pollfd pfd;
	long max_us = 10000, delay;
	unsigned seed = 1;
	int ch, ifd = -1, status;
	pid_t pid, done;

	while ((ch = getopt(argc, argv, "+d:s:w:")) != -1) {
		switch (ch) {
		case 'd':
			max_us = strtol(optarg, NULL, 10);
			break;
		case 's':
			seed = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'w':
			dir = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || max_us < 0)
		usage();
	srandom(seed);
	delay = max_us > 0 ? random() % (max_us + 1) : 0;

	/* Watch before the command starts, so that no creation is missed. */
	if (dir != NULL) {
		if ((ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1)
			die("inotify_init1");
		if (inotify_add_watch(ifd, dir, IN_CREATE) == -1)
			die(dir);
	}
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "killat: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (ifd != -1) {
		pfd.fd = ifd;
		pfd.events = POLLIN;
		for (;;) {
			if (poll(&pfd, 1, 1) == 1 && saw_temporary(ifd))
				break;
			if ((done = waitpid(pid, &status, WNOHANG)) == pid)
				return verdict(status, 0);
			if (done == -1)
				die("waitpid");
		}
	}
	sleep_us(delay);
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) == -1)
		die("waitpid");
	return verdict(status, 1);
}
