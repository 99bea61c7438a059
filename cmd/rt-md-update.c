/* rt-md-update: bring the regions rt owns in a markdown tracker up to date from canonical records. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rt_agg.h"
#include "rt_atomic.h"
#include "rt_cli.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_record.h"
#include "rt_tracker.h"

extern char **environ;

/* Log entries kept as offsets into one arena until the input is all read. */
struct entry {
	size_t off[8]; /* date, id, source, client, description, currency, kind, status */
	int64_t amount;
};

static struct rt_buf arena;

static const char *const synopsis[] = {
	"[-qv] [--check] [--dry-run] [--no-touch] [--goal amount[:currency]]\n"
	"\t[--as-of date] [--tz zone] tracker.md [file ...]",
	NULL,
};

enum { OPT_CHECK = RT_OPT_OWN, OPT_DRY_RUN, OPT_GOAL, OPT_NO_TOUCH };

static const struct rt_option options[] = {
	{ "check", OPT_CHECK, NULL, "change nothing; exit 1 when the tracker is not up to date" },
	{ "dry-run", OPT_DRY_RUN, NULL, "change nothing; show the change as a diff" },
	{ "no-touch", OPT_NO_TOUCH, NULL, "leave the \"Last updated\" time as it is" },
	{ "goal", OPT_GOAL, "amount[:currency]", "the annual goal the YTD line measures against" },
	{ NULL, 0, NULL, NULL },
};

static size_t
keep(const struct rt_value *v)
{
	size_t off = arena.len;

	if (v->type == RT_V_STRING)
		rt_buf_add(&arena, v->p, v->n);
	rt_buf_addc(&arena, '\0');
	return off;
}

static int
cmp_entry(const void *x, const void *y)
{
	const struct rt_log_entry *a = x, *b = y;
	int c = strcmp(a->date, b->date);

	return c != 0 ? c : strcmp(a->id, b->id);
}

/* Shows what would change as a unified diff, through diff(1). */
static int
show_diff(const char *path, int existed, const struct rt_buf *new)
{
	char label[4096];
	char *argv[] = { "diff", "-u", "--label", (char *)path, "--label", label,
		existed ? (char *)path : "/dev/null", "-", NULL };
	posix_spawn_file_actions_t fa;
	int fds[2], status;
	size_t off = 0;
	ssize_t n;
	pid_t pid;

	snprintf(label, sizeof(label), "%s (updated)", path);
	fflush(stdout);
	if (pipe(fds) == -1)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	errno = posix_spawnp(&pid, "diff", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (errno != 0) {
		close(fds[1]);
		return -1;
	}
	while (off < new->len && (n = write(fds[1], new->p + off, new->len - off)) > 0)
		off += (size_t)n;
	close(fds[1]);
	if (waitpid(pid, &status, 0) == -1)
		return -1;
	/*
	 * diff wrote to a pipe nobody reads any more (--dry-run | head): end as
	 * quietly as it did, as we would have had we written the diff ourselves.
	 */
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE)
		raise(SIGPIPE);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL,
		RT_CLI_QUIET | RT_CLI_VERBOSE | RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	const char *tracker, *badname, *p;
	struct rt_buf text = { 0 }, newtext = { 0 }, updated = { 0 }, ytd = { 0 }, monthly = { 0 },
		      log = { 0 }, rows = { 0 };
	struct rt_buf *content[RT_NREGIONS] = { &updated, &ytd, &monthly, &log };
	struct rt_log_entry *news = NULL;
	struct entry *entries = NULL;
	struct rt_goal goal = { 0 };
	struct rt_tracker t;
	struct rt_summary sum;
	struct rt_record rec;
	struct rt_atomic lock;
	struct rt_input in;
	struct rt_agg agg;
	struct rt_log lg;
	size_t nentries = 0, nnews = 0, entcap = 0, newcap = 0, i, n;
	int ch, check = 0, dry_run = 0, no_touch = 0, bad = 0, rc, changed, status = RT_EXIT_OK;
	char why[512], stamp[64];
	rt_day today;
	time_t now;
	struct tm tm;
	FILE *fp;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_CHECK:
			check = no_touch = 1;
			break;
		case OPT_DRY_RUN:
			dry_run = 1;
			break;
		case OPT_GOAL:
			if (rt_goal_parse(&goal, optarg) == -1)
				rt_errx(RT_EXIT_USAGE, "--goal \"%s\" is not a positive amount[:currency]",
				    optarg);
			break;
		case OPT_NO_TOUCH:
			no_touch = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		rt_cli_misuse("name the tracker to update (a new file is created with rt's sections)");
	tracker = *argv++;
	argc--;
	rt_cli_clock(&cli, &today);
	if (rt_input_open(&in, argc, argv, &badname) == -1)
		rt_err(RT_EXIT_USAGE, "%s", badname);

	/* All the records first: the tracker is locked only while it is rewritten. */
	rt_summary_init(&sum, today);
	rt_agg_init(&agg, "month,source", why, sizeof(why));
	rt_agg_clip(&agg, sum.year_start, today);
	rt_record_init(&rec);
	while ((rc = rt_record_next(&in, &rec, 1)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", rt_input_name(&in));
		if (rc == RT_RECORD_BAD) {
			bad = 1;
			continue;
		}
		if (rt_summary_add(&sum, &rec, why, sizeof(why)) == -1 ||
		    rt_agg_add(&agg, &rec, why, sizeof(why)) == -1)
			rt_errx(RT_EXIT_BADINPUT, "%s:%lu: %s; %s not changed", rt_input_name(&in),
			    rt_input_line(&in), why, tracker);
		if (rec.status != RT_STATUS_COMPLETED || rec.date > today)
			continue;
		entries = rt_egrow(entries, &entcap, nentries + 1, sizeof(*entries));
		entries[nentries].off[0] = keep(&rec.f[RT_F_DATE]);
		entries[nentries].off[1] = keep(&rec.f[RT_F_ID]);
		entries[nentries].off[2] = keep(&rec.f[RT_F_SOURCE]);
		entries[nentries].off[3] = keep(&rec.f[RT_F_CLIENT]);
		entries[nentries].off[4] = keep(&rec.f[RT_F_DESCRIPTION]);
		entries[nentries].off[5] = keep(&rec.f[RT_F_CURRENCY]);
		entries[nentries].off[6] = keep(&rec.f[RT_F_KIND]);
		entries[nentries].off[7] = keep(&rec.f[RT_F_STATUS]);
		entries[nentries++].amount = rec.amount_minor;
	}
	if (rt_summary_finish(&sum, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_BADINPUT, "%s; %s not changed", why, tracker);

	if (rt_atomic_lock(&lock, tracker) == -1)
		rt_errx(rt_atomic_status(errno), "%s: %s", tracker, rt_atomic_strerror(errno));
	if (rt_atomic_read(&lock, &text) == -1)
		rt_err(RT_EXIT_IO, "%s", tracker);
	if (text.len == 0)
		rt_buf_adds(&text, rt_tracker_template);
	if (rt_tracker_scan(&t, text.p, text.len, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_BADINPUT, "%s:%s; not changed", tracker, why);

	/* updated: the time of this run, unless frozen and already there. */
	rt_tracker_old(&t, RT_REGION_UPDATED, &p, &n);
	if (no_touch && n > 0 && t.r[RT_REGION_UPDATED].how != RT_REGION_INSERT)
		rt_buf_add(&updated, p, n);
	else {
		now = (time_t)rt_now();
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M %Z", &tm);
		rt_buf_adds(&updated, stamp);
	}
	rt_tracker_ytd(&ytd, &sum, &goal);
	rt_tracker_monthly(&monthly, &agg, sum.year_start, today);

	/* log: the rows there stay; records whose ID is new are added after them, by date. */
	rt_tracker_lines(&t, RT_REGION_LOG, &log);
	if (rt_tracker_log_read(&lg, log.p, log.len) == -1) {
		rt_atomic_abort(&lock);
		rt_errx(RT_EXIT_BADINPUT,
		    "%s:%lu: the Transaction Log table has no ID column; add one "
		    "so that rt can tell which records it holds; not changed",
		    tracker, t.r[RT_REGION_LOG].line);
	}
	for (i = 0; i < nentries; i++) {
		p = arena.p + entries[i].off[1];
		if (rt_tracker_log_has(&lg, p))
			continue;
		news = rt_egrow(news, &newcap, nnews + 1, sizeof(*news));
		news[nnews].date = arena.p + entries[i].off[0];
		news[nnews].id = p;
		news[nnews].source = arena.p + entries[i].off[2];
		news[nnews].client = arena.p + entries[i].off[3];
		news[nnews].description = arena.p + entries[i].off[4];
		news[nnews].currency = arena.p + entries[i].off[5];
		news[nnews].kind = arena.p + entries[i].off[6];
		news[nnews].status = arena.p + entries[i].off[7];
		news[nnews++].amount = entries[i].amount;
	}
	if (nnews > 1)
		qsort(news, nnews, sizeof(*news), cmp_entry);
	if (!lg.has_table)
		rt_tracker_log_header(&rows);
	for (i = 0; i < nnews; i++)
		rt_tracker_log_row(&rows, &lg, &news[i]);
	rt_buf_add(&newtext, log.p, lg.append_at);
	rt_buf_add(&newtext, rows.p, rows.len);
	rt_buf_add(&newtext, log.p + lg.append_at, log.len - lg.append_at);
	rt_buf_reset(&log);
	rt_buf_add(&log, newtext.p, newtext.len);
	rt_buf_reset(&newtext);

	rt_tracker_apply(&t, content, &newtext);
	changed = !lock.existed || newtext.len != text.len || memcmp(newtext.p, text.p, text.len) != 0;
	rt_log("%s: %zu new log rows%s", tracker, nnews, changed ? "" : ", nothing to change");

	/* stdout is closed before the tracker is replaced: exit 4 means it is unchanged. */
	if ((dry_run || check) && changed && dry_run && show_diff(tracker, lock.existed, &newtext) == -1) {
		rt_atomic_abort(&lock);
		rt_err(RT_EXIT_IO, "diff");
	}
	if (rt_stdout_close() == -1) {
		rt_atomic_abort(&lock);
		rt_err(RT_EXIT_IO, "stdout");
	}
	if (dry_run || check || !changed)
		rt_atomic_abort(&lock);
	else if ((fp = rt_atomic_begin(&lock)) == NULL ||
	    fwrite(newtext.p, 1, newtext.len, fp) != newtext.len || rt_atomic_commit(&lock) == -1) {
		rt_warn("%s", tracker);
		rt_atomic_abort(&lock);
		status = RT_EXIT_IO;
	}
	if (status == RT_EXIT_OK && ((check && changed) || bad))
		status = RT_EXIT_BADINPUT;

	rt_tracker_log_free(&lg);
	rt_summary_free(&sum);
	rt_agg_free(&agg);
	rt_record_free(&rec);
	free(entries);
	free(news);
	for (i = 0; i < RT_NREGIONS; i++)
		rt_buf_free(content[i]);
	rt_buf_free(&text);
	rt_buf_free(&newtext);
	rt_buf_free(&rows);
	rt_buf_free(&arena);
	return status;
}
