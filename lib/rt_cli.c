/* The prologue and the command line every rt program shares. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_cli.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_summary.h"

static const struct rt_option shared[] = {
	{ "quiet", 'q', NULL, "say nothing but errors" },
	{ "verbose", 'v', NULL, "say more on stderr: each request, each decision" },
	{ "tz", RT_OPT_TZ, "zone", "reporting time zone (default: RT_TZ, else UTC)" },
	{ "as-of", RT_OPT_AS_OF, "date", "the day taken as today (default: RT_TODAY, else today)" },
	{ "help", 'h', NULL, "print this help and exit" },
	{ "version", RT_OPT_VERSION, NULL, "print the version and exit" },
	{ NULL, 0, NULL, NULL },
};

/* The program's command line, for a misuse reported from anywhere, and getopt's view of it. */
static const struct rt_cli *current;
/* A program of commands: the commands, and the options rt_cli_next returned. */
static const struct rt_command *commands;
static int *given;
static size_t ngiven, givencap;
static struct option *longopts;
static char *shortopts;

/* Whether a shared option is one this program takes. */
static int
taken(const struct rt_cli *cli, int val)
{
	switch (val) {
	case 'q':
		return (cli->common & RT_CLI_QUIET) != 0;
	case 'v':
		return (cli->common & RT_CLI_VERBOSE) != 0;
	case RT_OPT_TZ:
		return (cli->common & RT_CLI_TZ) != 0;
	case RT_OPT_AS_OF:
		return (cli->common & RT_CLI_AS_OF) != 0;
	}
	return 1;
}

/* The option of a command with code val, or NULL. */
static const struct rt_option *
option_of(const struct rt_command *cmd, int val)
{
	const struct rt_option *o;

	for (o = cmd->options; o != NULL && o->name != NULL; o++)
		if (o->val == val)
			return o;
	return NULL;
}

/* Calls fn for each option of the program, in the order --help lists them. */
static void
each_option(const struct rt_cli *cli, void (*fn)(const struct rt_option *, void *), void *arg)
{
	const struct rt_option *tables[] = { cli->own, cli->layer, shared };
	const struct rt_command *c, *e;
	const struct rt_option *o;
	size_t i;

	/* The commands' options first, each once though several commands take it. */
	for (c = commands; c != NULL && c->name != NULL; c++)
		for (o = c->options; o != NULL && o->name != NULL; o++) {
			for (e = commands; e < c && option_of(e, o->val) == NULL; e++)
				;
			if (e == c)
				fn(o, arg);
		}
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		for (o = tables[i]; o != NULL && o->name != NULL; o++)
			if (tables[i] != shared || taken(cli, o->val))
				fn(o, arg);
}

struct build {
	struct option *longopts;
	size_t n;
	struct rt_buf shortopts;
};

static void
add_option(const struct rt_option *o, void *arg)
{
	struct build *b = arg;

	b->longopts[b->n].name = o->name;
	b->longopts[b->n].has_arg = o->arg != NULL ? required_argument : no_argument;
	b->longopts[b->n].flag = NULL;
	b->longopts[b->n].val = o->val;
	b->n++;
	if (o->val > 0 && o->val < 128) {
		rt_buf_addc(&b->shortopts, (char)o->val);
		if (o->arg != NULL)
			rt_buf_addc(&b->shortopts, ':');
	}
}

static void
count_option(const struct rt_option *o, void *arg)
{
	(*(size_t *)arg)++;
}

static void
build(const struct rt_cli *cli)
{
	struct build b = { 0 };
	size_t n = 0;

	free(longopts);
	free(shortopts);
	each_option(cli, count_option, &n);
	b.longopts = rt_ecalloc(n + 1, sizeof(*b.longopts));
	/* A leading ':' makes a missing argument ':', told apart from an unknown option. */
	rt_buf_addc(&b.shortopts, ':');
	each_option(cli, add_option, &b);
	rt_buf_addc(&b.shortopts, '\0');
	longopts = b.longopts;
	shortopts = b.shortopts.p;
}

/*
 * The prologue of every main: the user's locale for messages, the program
 * name for diagnostics, and descriptors 0-2 held (rt_stdio_reserve).
 */
void
rt_cli_start(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	rt_setprogname(argc > 0 ? argv[0] : NULL);
	rt_stdio_reserve();
}

/* The edit distance of two names (of options, of fields), for "did you mean". */
size_t
rt_cli_distance(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b), row[64], i, j, prev, tmp, best;

	if (an >= 63 || bn >= 63)
		return 99;
	for (j = 0; j <= bn; j++)
		row[j] = j;
	for (i = 1; i <= an; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= bn; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[bn];
}

struct guess {
	const char *word;
	size_t len;
	const char *best;
	size_t dist;
	struct rt_buf prefixed; /* names the word begins */
	int nprefixed;
	int want; /* the option of a missing value */
	const struct rt_option *found;
};

static void
find_option(const struct rt_option *o, void *arg)
{
	struct guess *g = arg;

	if (o->val == g->want)
		g->found = o;
}

static void
guess_option(const struct rt_option *o, void *arg)
{
	struct guess *g = arg;
	size_t d;

	if (strncmp(o->name, g->word, g->len) == 0) {
		rt_buf_addf(&g->prefixed, "%s--%s", g->nprefixed++ > 0 ? ", " : "", o->name);
		return;
	}
	if ((d = rt_cli_distance(g->word, g->len, o->name)) < g->dist) {
		g->dist = d;
		g->best = o->name;
	}
}

/* A misuse of an option, said with what was probably meant. */
static void __attribute__((noreturn)) bad_option(const struct rt_cli *cli, int ch, const char *word)
{
	struct guess g = { 0 };
	const char *eq;

	if (ch == ':') {
		g.want = optopt;
		each_option(cli, find_option, &g);
		if (optopt > 0 && optopt < 128)
			rt_cli_misuse("-%c needs a value: %s", optopt, g.found != NULL ? g.found->arg : "?");
		rt_cli_misuse("%s needs a value: %s", word, g.found != NULL ? g.found->arg : "?");
	}
	if (optopt > 0 && optopt < 128)
		rt_cli_misuse("unknown option -%c", optopt);
	if (optopt != 0) /* a long option given a value it does not take */
		rt_cli_misuse("%.*s takes no value", (int)strcspn(word, "="), word);
	if (strncmp(word, "--", 2) != 0)
		rt_cli_misuse("unknown option %s", word);
	g.word = word + 2;
	g.len = (eq = strchr(g.word, '=')) != NULL ? (size_t)(eq - g.word) : strlen(g.word);
	g.dist = g.len / 3 + 1; /* a guess closer than this is worth offering */
	if (g.dist > 3)
		g.dist = 3;
	each_option(cli, guess_option, &g);
	if (g.nprefixed > 1)
		rt_cli_misuse("--%.*s is ambiguous: %s", (int)g.len, g.word, rt_buf_str(&g.prefixed));
	if (g.best != NULL)
		rt_cli_misuse("unknown option --%.*s; did you mean --%s?", (int)g.len, g.word, g.best);
	rt_cli_misuse("unknown option --%.*s", (int)g.len, g.word);
}

/*
 * The next option of the program's own or of its layer, with its argument
 * in optarg; -1 after the last, when argv[optind] is the first operand.
 * The shared options are handled here and never returned.
 */
int
rt_cli_next(struct rt_cli *cli, int argc, char **argv)
{
	int ch, before;

	if (current != cli) {
		current = cli;
		build(cli);
		opterr = 0;
	}
	for (;;) {
		before = optind;
		ch = getopt_long(argc, argv, shortopts, longopts, NULL);
		switch (ch) {
		case -1:
			return -1;
		case '?':
		case ':':
			/* optind has moved past the word at fault, unless inside a cluster of short options. */
			bad_option(cli, ch, argv[optind > before ? optind - 1 : before]);
		case 'h':
			rt_cli_help(RT_EXIT_OK);
		case 'q':
			if (!taken(cli, 'q'))
				return ch;
			rt_quiet = 1;
			break;
		case 'v':
			if (!taken(cli, 'v'))
				return ch;
			rt_verbose = 1;
			break;
		case RT_OPT_TZ:
			cli->tz = optarg;
			break;
		case RT_OPT_AS_OF:
			cli->as_of = optarg;
			break;
		case RT_OPT_VERSION:
			rt_cli_version();
		default:
			if (commands != NULL) {
				given = rt_egrow(given, &givencap, ngiven + 1, sizeof(*given));
				given[ngiven++] = ch;
			}
			return ch;
		}
	}
}

/* The zone and as-of date of --tz and --as-of (or RT_TZ, RT_TODAY); exit 2 when bad. */
void
rt_cli_clock(const struct rt_cli *cli, rt_day *today)
{
	rt_clock_init(cli->tz, cli->as_of, today);
}

static void
synopsis(FILE *fp)
{
	size_t i;

	for (i = 0; current->synopsis[i] != NULL; i++)
		fprintf(fp, "%s %s%s%s\n", i == 0 ? "usage:" : "      ", rt_progname,
		    current->synopsis[i][0] != '\0' ? " " : "", current->synopsis[i]);
}

struct help {
	FILE *fp;
	int width;
};

static void
option_left(const struct rt_option *o, struct rt_buf *b)
{
	rt_buf_reset(b);
	if (o->val > 0 && o->val < 128)
		rt_buf_addf(b, "  -%c, --%s", o->val, o->name);
	else
		rt_buf_addf(b, "      --%s", o->name);
	if (o->arg != NULL)
		rt_buf_addf(b, " %s", o->arg);
}

static void
measure_option(const struct rt_option *o, void *arg)
{
	struct help *h = arg;
	struct rt_buf b = { 0 };

	option_left(o, &b);
	if ((int)b.len > h->width && b.len <= 30)
		h->width = (int)b.len;
	rt_buf_free(&b);
}

static void
print_option(const struct rt_option *o, void *arg)
{
	struct help *h = arg;
	struct rt_buf b = { 0 };

	option_left(o, &b);
	if ((int)b.len > h->width)
		fprintf(h->fp, "%s\n%*s  %s\n", rt_buf_str(&b), h->width, "", o->help);
	else
		fprintf(h->fp, "%-*s  %s\n", h->width, rt_buf_str(&b), o->help);
	rt_buf_free(&b);
}

/*
 * --help: the synopsis, then each option with its meaning, on stdout
 * (closed and checked), exit 0.  Any other status is a misuse: the
 * synopsis on stderr.
 */
void
rt_cli_help(int status)
{
	struct help h = { stdout, 0 };

	if (status != RT_EXIT_OK) {
		synopsis(stderr);
		exit(status);
	}
	synopsis(stdout);
	putchar('\n');
	each_option(current, measure_option, &h);
	each_option(current, print_option, &h);
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	exit(RT_EXIT_OK);
}

/* A usage error: what is wrong, then the synopsis, exit 2. */
void
rt_cli_misuse(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	rt_warnx("%s", buf);
	if (current != NULL)
		synopsis(stderr);
	exit(RT_EXIT_USAGE);
}

void
rt_cli_version(void)
{
	printf("%s %s\n", rt_progname, RT_VERSION);
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	exit(RT_EXIT_OK);
}

/*
 * After the options: the command argv[optind] names (dflt when there is
 * no operand), with optind moved past it.  A misuse when there is none,
 * it is unknown, or an option given belongs to other commands only.
 */
void
rt_cli_commands(const struct rt_command *cmds)
{
	commands = cmds;
}

const struct rt_command *
rt_cli_command(const char *dflt, int argc, char **argv)
{
	const char *word = optind < argc ? argv[optind] : dflt;
	const struct rt_command *cmd, *c;
	const struct rt_option *o;
	struct rt_buf names = { 0 };
	size_t i;

	for (cmd = commands; cmd->name != NULL; cmd++) {
		if (word != NULL && strcmp(word, cmd->name) == 0)
			break;
		rt_buf_addf(&names, "%s%s", cmd == commands ? "" : ", ", cmd->name);
	}
	if (cmd->name == NULL && word == NULL)
		rt_cli_misuse("name a command: %s", rt_buf_str(&names));
	if (cmd->name == NULL)
		rt_cli_misuse("unknown command \"%s\"; the commands are %s", word, rt_buf_str(&names));
	rt_buf_free(&names);
	if (optind < argc)
		optind++;
	for (i = 0; i < ngiven; i++) {
		if (option_of(cmd, given[i]) != NULL)
			continue;
		for (c = commands; c->name != NULL; c++)
			if ((o = option_of(c, given[i])) != NULL)
				rt_cli_misuse("--%s is an option of %s %s, not of %s", o->name, rt_progname,
				    c->name, cmd->name);
	}
	return cmd;
}

/* The value of a date option (--since, --until), or exit 2 naming it. */
rt_day
rt_cli_date(const char *option, const char *value)
{
	rt_day d;

	if (rt_date_parse(value, strlen(value), &d) == -1)
		rt_errx(RT_EXIT_USAGE, "--%s \"%s\" is not a YYYY-MM-DD date", option, value);
	return d;
}

/* The value of a whole-number option from min to max, or exit 2 naming it. */
long
rt_cli_number(const char *option, const char *value, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < min || v > max)
		rt_errx(
		    RT_EXIT_USAGE, "--%s \"%s\" is not a number from %ld to %ld", option, value, min, max);
	return v;
}

/*
 * Reads every record of in into fn (see rt_record_each): a read error is
 * exit 4, a record fn stops at is exit 1 with its place, its reason and
 * then outcome ("nothing written").  Returns 1 when a line was bad.
 */
int
rt_cli_records(struct rt_input *in, int check, rt_record_fn fn, void *arg, const char *outcome)
{
	char why[512];
	int bad = 0;

	switch (rt_record_each(in, check, fn, arg, &bad, why, sizeof(why))) {
	case RT_READ_ERROR:
		rt_err(RT_EXIT_IO, "%s", rt_input_name(in));
	case 1:
		rt_errx(
		    RT_EXIT_BADINPUT, "%s:%lu: %s; %s", rt_input_name(in), rt_input_line(in), why, outcome);
	}
	return bad;
}

/* --goal amount[:currency], for the programs that measure the year against a goal. */
void
rt_cli_goal(struct rt_goal *goal, const char *arg)
{
	if (rt_goal_parse(goal, arg) == -1)
		rt_errx(RT_EXIT_USAGE, "--goal \"%s\" is not a positive amount[:currency]", arg);
}
