/*
 * The start of every program: the prologue (locale, program name,
 * descriptors 0-2), the options every program shares, --help built from
 * one option table, and usage errors that say what is wrong.
 *
 * Like rt_fetch and the e* allocators of rt_err, this layer may end the
 * program (--help, --version, a misuse); every other module of librt
 * returns its errors and leaves the exit status to cmd/.
 */
#ifndef RT_CLI_H
#define RT_CLI_H

#include <unistd.h> /* optarg, optind */

#include "rt_date.h"
#include "rt_io.h"
#include "rt_record.h"

/* One option: what getopt_long needs and the line --help prints. */
struct rt_option {
	const char *name; /* long name without "--"; NULL ends a table */
	int val; /* the short letter, or a code from RT_OPT_OWN up */
	const char *arg; /* the argument as --help names it; NULL for a flag */
	const char *help; /* what it does, in one line */
};

/* The shared options a program takes besides -h/--help and --version. */
enum {
	RT_CLI_QUIET = 1 << 0, /* -q, --quiet */
	RT_CLI_VERBOSE = 1 << 1, /* -v, --verbose */
	RT_CLI_TZ = 1 << 2, /* --tz zone */
	RT_CLI_AS_OF = 1 << 3 /* --as-of date */
};

/* Option codes: the shared ones, a framework's layer (rt_fetch), a program's own. */
enum { RT_OPT_VERSION = 1000, RT_OPT_TZ, RT_OPT_AS_OF, RT_OPT_LAYER = 1100, RT_OPT_OWN = 1200 };

/*
 * A program of several commands (rt-lead add, rt-lead set, ...) gives
 * rt_cli_commands the options only each command takes, before parsing;
 * own then holds those every command takes.  --help lists them all, each
 * once; after parsing, rt_cli_command finds the command the first operand
 * names and refuses an option given to another.
 */
struct rt_command {
	const char *name; /* NULL ends the list */
	const struct rt_option *options;
};

struct rt_cli {
	const char *const *synopsis; /* usage lines after the program name; NULL ends them */
	const struct rt_option *own; /* the program's options */
	const struct rt_option *layer; /* a framework's options, or NULL */
	unsigned common; /* RT_CLI_* */

	/* Set by rt_cli_next from the shared options. */
	const char *tz, *as_of;
};

void rt_cli_start(int argc, char **argv);
int rt_cli_next(struct rt_cli *cli, int argc, char **argv);
void rt_cli_clock(const struct rt_cli *cli, rt_day *today);
void rt_cli_help(int status) __attribute__((noreturn));
void rt_cli_misuse(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void rt_cli_version(void) __attribute__((noreturn));
void rt_cli_commands(const struct rt_command *cmds);
const struct rt_command *rt_cli_command(const char *dflt, int argc, char **argv);
rt_day rt_cli_date(const char *option, const char *value);
long rt_cli_number(const char *option, const char *value, long min, long max);
struct rt_goal;
void rt_cli_goal(struct rt_goal *goal, const char *arg);
size_t rt_cli_distance(const char *a, size_t an, const char *b);
int rt_cli_records(struct rt_input *in, int check, rt_record_fn fn, void *arg, const char *outcome);

#endif
