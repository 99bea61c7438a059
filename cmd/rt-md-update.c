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
#include "rt_trackview.h"

extern char **environ;

static const char *const synopsis[] = {
	"[-qv] [--check] [--dry-run] [--no-touch] [--prune] [--goal amount[:currency]]\n"
	"\t[--as-of date] [--tz zone] tracker.md [file ...]",
	NULL,
};

enum { OPT_CHECK = RT_OPT_OWN, OPT_DRY_RUN, OPT_GOAL, OPT_NO_TOUCH, OPT_PRUNE };

static const struct rt_option options[] = {
	{ "check", OPT_CHECK, NULL, "change nothing; exit 1 when the tracker is not up to date" },
	{ "dry-run", OPT_DRY_RUN, NULL, "change nothing; show the change as a diff" },
	{ "no-touch", OPT_NO_TOUCH, NULL, "leave the \"Last updated\" time as it is" },
	{ "goal", OPT_GOAL, "amount[:currency]", "the annual goal the YTD line measures against" },
	{ "prune", OPT_PRUNE, NULL,
	    "the input is the whole ledger: remove log rows of its sources' ids it no longer holds" },
	{ NULL, 0, NULL, NULL },
};

/*
 * What the records say: the totals, and every record for the log (each id
 * once, the last delivery in the place of the first), with whether it
 * belongs there (completed and dated by the as-of date).
 */
struct ledger {
	struct rt_summary sum;
	struct rt_agg agg;
	struct rt_map ids; /* every record's ID, as the log would show it */
	struct rt_map byid; /* every record's ID: its place in entries */
	struct rt_buf key, logkey; /* scratch for an ID and its log form */
	struct rt_tracklog_entry *entries;
	unsigned char *shown;
	size_t n, cap, showncap;
	int bad; /* a line was not a record */
};

/* A field's text, copied: the record it came from is overwritten by the next line. */
static const char *
keep(const struct rt_value *v)
{
	return v->type == RT_V_STRING ? rt_estrndup(v->p, v->n) : rt_estrdup("");
}

static void
entry_free(struct rt_tracklog_entry *e)
{
	free((char *)e->date);
	free((char *)e->id);
	free((char *)e->source);
	free((char *)e->client);
	free((char *)e->description);
	free((char *)e->currency);
	free((char *)e->kind);
	free((char *)e->status);
}

/* One record: into the totals, its ID remembered, and kept for the log. */
static int
take(struct rt_record *rec, void *arg, char *why, size_t whysz)
{
	struct ledger *l = arg;
	struct rt_tracklog_entry *e;
	uint64_t *slot;
	int isnew;

	if (rt_summary_add(&l->sum, rec, why, whysz) == -1 || rt_agg_add(&l->agg, rec, why, whysz) == -1)
		return -1;
	rt_buf_reset(&l->key);
	rt_buf_add(&l->key, rec->f[RT_F_ID].p, rec->f[RT_F_ID].n);
	rt_buf_addc(&l->key, '\0');
	rt_tracker_log_key(l->key.p, &l->logkey);
	rt_map_insert(&l->ids, l->logkey.p != NULL ? l->logkey.p : "", l->logkey.len, NULL);
	slot = rt_map_insert(&l->byid, rec->f[RT_F_ID].p, rec->f[RT_F_ID].n, &isnew);
	if (isnew) {
		l->entries = rt_egrow(l->entries, &l->cap, l->n + 1, sizeof(*l->entries));
		l->shown = rt_egrow(l->shown, &l->showncap, l->n + 1, 1);
		*slot = l->n++;
	} else
		entry_free(&l->entries[*slot]);
	e = &l->entries[*slot];
	l->shown[*slot] = rec->status == RT_STATUS_COMPLETED && rec->date <= l->sum.as_of;
	e->date = keep(&rec->f[RT_F_DATE]);
	e->id = keep(&rec->f[RT_F_ID]);
	e->source = keep(&rec->f[RT_F_SOURCE]);
	e->client = keep(&rec->f[RT_F_CLIENT]);
	e->description = keep(&rec->f[RT_F_DESCRIPTION]);
	e->currency = keep(&rec->f[RT_F_CURRENCY]);
	e->kind = keep(&rec->f[RT_F_KIND]);
	e->status = keep(&rec->f[RT_F_STATUS]);
	e->amount = rec->amount_minor;
	return 0;
}

/* Reads every record: the tracker is locked only while it is rewritten. */
static void
read_ledger(struct ledger *l, struct rt_input *in, rt_day today, const char *tracker)
{
	char why[512], outcome[4096];

	memset(l, 0, sizeof(*l));
	rt_summary_init(&l->sum, today);
	rt_agg_init(&l->agg, "month,source", why, sizeof(why));
	rt_agg_clip(&l->agg, l->sum.year_start, today);
	rt_map_init(&l->ids);
	rt_map_init(&l->byid);
	snprintf(outcome, sizeof(outcome), "%s not changed", tracker);
	l->bad = rt_cli_records(in, 1, take, l, outcome);
	if (rt_summary_finish(&l->sum, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_BADINPUT, "%s; %s", why, outcome);
	rt_buf_free(&l->key);
	rt_buf_free(&l->logkey);
}

static void
ledger_free(struct ledger *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		entry_free(&l->entries[i]);
	free(l->entries);
	free(l->shown);
	rt_map_free(&l->ids);
	rt_map_free(&l->byid);
	rt_summary_free(&l->sum);
	rt_agg_free(&l->agg);
}

static int
cmp_entry(const void *x, const void *y)
{
	const struct rt_tracklog_entry *a = *(const struct rt_tracklog_entry *const *)x,
				       *b = *(const struct rt_tracklog_entry *const *)y;
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

/* The line of the tracker on which the region's text (as rt_tracker_lines gives it) starts. */
static unsigned long
first_line(const struct rt_tracker *t, enum rt_region_id id)
{
	unsigned long line = 1;
	const char *p, *q;
	size_t n;

	rt_tracker_old(t, id, &p, &n);
	if (t->r[id].how == RT_REGION_FOUND && n > 0 && p[0] == '\n')
		p++;
	for (q = t->text; q < p; q++)
		line += *q == '\n';
	return line;
}

static int
cmp_line(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Rows a person typed into the log that no record holds stay, but count in
 * no total: says so, once, with their lines in order and the way to make them count.
 */
static void
warn_hand_rows(const char *tracker, unsigned long region_line, struct rt_tracklog *lg, struct rt_map *ledger)
{
	struct rt_buf lines = { 0 };
	unsigned long *at = NULL;
	const char *id;
	uint64_t *line;
	size_t it = 0, n, i, count = 0, cap = 0;

	while (rt_map_next(&lg->ids, &it, &id, &n, &line))
		if (*line > 0 && rt_map_find(ledger, id, n) == NULL) {
			at = rt_egrow(at, &cap, count + 1, sizeof(*at));
			at[count++] = region_line + (unsigned long)*line - 1;
		}
	if (count == 0)
		return;
	qsort(at, count, sizeof(*at), cmp_line);
	for (i = 0; i < count; i++)
		rt_buf_addf(&lines, "%s%lu", i == 0 ? "" : ", ", at[i]);
	rt_notice("%s: %zu row%s of the Transaction Log (line%s %s) %s in no record: kept, but not "
		  "counted in any total; enter %s with rt-add(1) to count %s",
	    tracker, count, count == 1 ? "" : "s", count == 1 ? "" : "s", lines.p, count == 1 ? "is" : "are",
	    count == 1 ? "it" : "them", count == 1 ? "it" : "them");
	rt_buf_free(&lines);
	free(at);
}

/*
 * The log region: the rows there are brought up to date (a changed record's
 * row rewritten, a row whose record no longer belongs removed), then the
 * records whose ID is new are added after them, by date.  Rows a person
 * typed stay.  Returns how many were added.
 */
static size_t
merge_log(const char *tracker, const struct rt_tracker *t, struct ledger *l, struct rt_log_merge *m,
    struct rt_buf *log)
{
	struct rt_buf rows = { 0 }, merged = { 0 };
	const struct rt_tracklog_entry **news = NULL;
	struct rt_tracklog lg;
	size_t i, nnews = 0, cap = 0;

	if (rt_tracker_log_read(&lg, log->p, log->len) == -1)
		rt_errx(RT_EXIT_BADINPUT,
		    "%s:%lu: the Transaction Log table has no ID column; add one "
		    "so that rt can tell which records it holds; not changed",
		    tracker, t->r[RT_REGION_LOG].line);
	m->entries = l->entries;
	m->shown = l->shown;
	m->n = l->n;
	rt_tracker_log_merge(&merged, log->p, log->len, &lg, m);
	rt_buf_reset(log);
	rt_buf_add(log, merged.p, merged.len);
	rt_buf_reset(&merged);
	rt_tracker_log_free(&lg);
	rt_tracker_log_read(&lg, log->p, log->len);
	warn_hand_rows(tracker, first_line(t, RT_REGION_LOG), &lg, &l->ids);
	for (i = 0; i < l->n; i++) {
		if (!l->shown[i] || rt_tracker_log_has(&lg, l->entries[i].id))
			continue;
		news = rt_egrow(news, &cap, nnews + 1, sizeof(*news));
		news[nnews++] = &l->entries[i];
	}
	if (nnews > 1)
		qsort(news, nnews, sizeof(*news), cmp_entry);
	if (!lg.has_table)
		rt_tracker_log_header(&rows);
	for (i = 0; i < nnews; i++)
		rt_tracker_log_row(&rows, &lg, news[i]);
	rt_buf_add(&merged, log->p, lg.append_at);
	rt_buf_add(&merged, rows.p, rows.len);
	rt_buf_add(&merged, log->p + lg.append_at, log->len - lg.append_at);
	rt_buf_reset(log);
	rt_buf_add(log, merged.p, merged.len);
	rt_tracker_log_free(&lg);
	rt_buf_free(&rows);
	rt_buf_free(&merged);
	free(news);
	return nnews;
}

/* "Last updated": the time of this run, unless frozen and already there. */
static void
stamp(struct rt_buf *updated, const struct rt_tracker *t, int no_touch)
{
	const char *p;
	char text[64];
	size_t n;
	time_t now;
	struct tm tm;

	rt_tracker_old(t, RT_REGION_UPDATED, &p, &n);
	if (no_touch && n > 0 && t->r[RT_REGION_UPDATED].how != RT_REGION_INSERT) {
		rt_buf_add(updated, p, n);
		return;
	}
	now = (time_t)rt_now();
	localtime_r(&now, &tm);
	strftime(text, sizeof(text), "%Y-%m-%d %H:%M %Z", &tm);
	rt_buf_adds(updated, text);
}

/*
 * A tracker saved with CRLF line endings (a Windows editor) is read as LF
 * and written back with CRLF: the first line ending decides.
 */
static int
crlf_to_lf(struct rt_buf *text)
{
	const char *nl = memchr(text->p, '\n', text->len);
	size_t i, j;

	if (nl == NULL || nl == text->p || nl[-1] != '\r')
		return 0;
	for (i = j = 0; i < text->len; i++)
		if (!(text->p[i] == '\r' && i + 1 < text->len && text->p[i + 1] == '\n'))
			text->p[j++] = text->p[i];
	text->len = j;
	return 1;
}

static void
lf_to_crlf(struct rt_buf *text)
{
	struct rt_buf out = { 0 };
	size_t i;

	for (i = 0; i < text->len; i++) {
		if (text->p[i] == '\n' && (i == 0 || text->p[i - 1] != '\r'))
			rt_buf_addc(&out, '\r');
		rt_buf_addc(&out, text->p[i]);
	}
	rt_buf_free(text);
	*text = out;
}

/*
 * Replaces the tracker with newtext, or with --dry-run shows the change and
 * with --check leaves it.  stdout is closed before the tracker is replaced:
 * exit 4 means it is unchanged.
 */
static int
write_tracker(struct rt_atomic *lock, const char *tracker, const struct rt_buf *newtext, int changed,
    int dry_run, int check)
{
	FILE *fp;

	if (dry_run && changed && show_diff(tracker, lock->existed, newtext) == -1) {
		rt_atomic_abort(lock);
		rt_err(RT_EXIT_IO, "diff");
	}
	if (rt_stdout_close() == -1) {
		rt_atomic_abort(lock);
		rt_err(RT_EXIT_IO, "stdout");
	}
	if (dry_run || check || !changed) {
		rt_atomic_abort(lock);
		return RT_EXIT_OK;
	}
	if ((fp = rt_atomic_begin(lock)) == NULL || fwrite(newtext->p, 1, newtext->len, fp) != newtext->len ||
	    rt_atomic_commit(lock) == -1) {
		rt_warn("%s", tracker);
		rt_atomic_abort(lock);
		return RT_EXIT_IO;
	}
	return RT_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL,
		RT_CLI_QUIET | RT_CLI_VERBOSE | RT_CLI_TZ | RT_CLI_AS_OF, NULL, NULL };
	struct rt_buf text = { 0 }, newtext = { 0 }, updated = { 0 }, ytd = { 0 }, monthly = { 0 },
		      log = { 0 }, orig = { 0 };
	struct rt_buf *content[RT_NREGIONS] = { &updated, &ytd, &monthly, &log };
	const char *tracker, *badname;
	struct rt_log_merge merge = { 0 };
	struct rt_goal goal = { 0 };
	struct rt_tracker t;
	struct rt_atomic lock;
	struct rt_input in;
	struct ledger l;
	int ch, check = 0, dry_run = 0, no_touch = 0, changed, status, crlf;
	char why[512];
	size_t i, nnews;
	rt_day today;

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
			rt_cli_goal(&goal, optarg);
			break;
		case OPT_NO_TOUCH:
			no_touch = 1;
			break;
		case OPT_PRUNE:
			merge.prune = 1;
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
	/* The sources' names for people, one table for the tracker and the messages. */
	if (rt_sources_load(why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_USAGE, "%s", why);

	read_ledger(&l, &in, today, tracker);

	if (rt_atomic_lock(&lock, tracker) == -1)
		rt_errx(rt_atomic_status(errno), "%s: %s", tracker, rt_atomic_strerror(errno));
	if (rt_atomic_read(&lock, &text) == -1)
		rt_err(RT_EXIT_IO, "%s", tracker);
	if (text.len == 0)
		rt_buf_adds(&text, rt_tracker_template);
	rt_buf_add(&orig, text.p, text.len);
	crlf = crlf_to_lf(&text);
	if (rt_tracker_scan(&t, text.p, text.len, why, sizeof(why)) == -1)
		rt_errx(RT_EXIT_BADINPUT, "%s:%s; not changed", tracker, why);

	stamp(&updated, &t, no_touch);
	rt_tracker_ytd(&ytd, &l.sum, &goal);
	rt_tracker_monthly(&monthly, &l.agg, l.sum.year_start, today);
	rt_tracker_lines(&t, RT_REGION_LOG, &log);
	nnews = merge_log(tracker, &t, &l, &merge, &log);
	rt_tracker_apply(&t, content, &newtext);
	if (crlf)
		lf_to_crlf(&newtext);
	changed = !lock.existed || newtext.len != orig.len || memcmp(newtext.p, orig.p, orig.len) != 0;
	rt_log("%s: %zu new log rows, %zu updated, %zu removed%s", tracker, nnews, merge.updated,
	    merge.removed, changed ? "" : ", nothing to change");

	status = write_tracker(&lock, tracker, &newtext, changed, dry_run, check);
	if (status == RT_EXIT_OK && ((check && changed) || l.bad))
		status = RT_EXIT_BADINPUT;

	ledger_free(&l);
	for (i = 0; i < RT_NREGIONS; i++)
		rt_buf_free(content[i]);
	rt_buf_free(&text);
	rt_buf_free(&orig);
	rt_buf_free(&newtext);
	return status;
}
