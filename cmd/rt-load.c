/* rt-load: load canonical records into the ledger (SQLite or PostgreSQL) in one transaction, or export them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_cli.h"
#include "rt_csv.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_ledger.h"
#include "rt_record.h"

static const char *const synopsis[] = {
	"[-qv] [--strict] [--replace source [--since date] [--until date]\n"
	"\t[--max-retract pct]] [--wait seconds] ledger [file ...]",
	"[-q] --export ndjson|csv [--source source] [--since date] [--until date]\n"
	"\t[--wait seconds] ledger",
	NULL,
};

enum {
	OPT_EXPORT = RT_OPT_OWN,
	OPT_MAX_RETRACT,
	OPT_REPLACE,
	OPT_SINCE,
	OPT_SOURCE,
	OPT_STRICT,
	OPT_UNTIL,
	OPT_WAIT
};

static const struct rt_option options[] = {
	{ "strict", OPT_STRICT, NULL, "a bad record stops the load, and nothing is loaded" },
	{ "replace", OPT_REPLACE, "source",
	    "the records are the whole truth of source in the window: retract what they no longer hold" },
	{ "since", OPT_SINCE, "date", "the first day of the window to replace, or to export" },
	{ "until", OPT_UNTIL, "date", "the last day of the window to replace, or to export" },
	{ "max-retract", OPT_MAX_RETRACT, "pct",
	    "a replacement may retract at most pct% of the window's records (default: 50)" },
	{ "export", OPT_EXPORT, "ndjson|csv", "write the ledger's current records instead of loading" },
	{ "source", OPT_SOURCE, "source", "with --export: only this source's records" },
	{ "wait", OPT_WAIT, "seconds", "wait this long for another writer to finish (default: 30)" },
	{ NULL, 0, NULL, NULL },
};

enum format { FMT_NONE, FMT_NDJSON, FMT_CSV };

struct export
{
	enum format format;
	struct rt_buf out;
};

/* One record out, as NDJSON (the canonical line) or a CSV row of every field. */
static int
export_one(void *arg, const struct rt_record *r)
{
	struct export *x = arg;
	const struct rt_value *v;
	int i;

	rt_buf_reset(&x->out);
	if (x->format == FMT_NDJSON) {
		rt_buf_add(&x->out, r->line, r->len);
	} else {
		for (i = 0; i < RT_NFIELDS; i++) {
			v = &r->f[i];
			if (i > 0)
				rt_buf_addc(&x->out, ',');
			if (v->type != RT_V_NONE && v->type != RT_V_NULL)
				rt_csv_add_field(&x->out, v->p, v->n);
		}
	}
	rt_buf_addc(&x->out, '\n');
	if (fwrite(x->out.p, 1, x->out.len, stdout) != x->out.len)
		rt_err(RT_EXIT_IO, "stdout");
	return 0;
}

static int export(struct rt_ledger *l, enum format format, const struct rt_ledger_filter *f)
{
	struct export x = { format, { 0 } };
	char why[1024];
	int i, st;

	rt_stdout_init();
	if (format == FMT_CSV) {
		for (i = 0; i < RT_NFIELDS; i++)
			printf("%s%s", i > 0 ? "," : "", rt_field_names[i]);
		putchar('\n');
	}
	if ((st = rt_ledger_records(l, f, export_one, &x, why, sizeof(why))) != 0)
		rt_errx(st, "%s", why);
	rt_buf_free(&x.out);
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	return RT_EXIT_OK;
}

/* Stages every record of the input; the number of bad ones, or -1 when --strict met one. */
static long
stage(struct rt_ledger *l, struct rt_input *in, int strict)
{
	struct rt_record rec;
	char why[1024];
	long bad = 0;
	int rc, st;

	rt_record_init(&rec);
	while ((rc = rt_record_next(in, &rec, 1)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR) {
			rt_ledger_rollback(l);
			rt_err(RT_EXIT_IO, "%s", rt_input_name(in));
		}
		if (rc == RT_READ_LINE && (st = rt_ledger_add(l, &rec, why, sizeof(why))) != 0) {
			if (st != RT_LEDGER_REFUSED) {
				rt_ledger_rollback(l);
				rt_errx(st, "%s", why);
			}
			rt_warnx("%s:%lu: %s", rt_input_name(in), rt_input_line(in), why);
			rc = RT_RECORD_BAD;
		}
		if (rc == RT_RECORD_BAD) {
			bad++;
			if (strict) {
				bad = -1;
				break;
			}
		}
	}
	rt_record_free(&rec);
	return bad;
}

static int
load(struct rt_ledger *l, struct rt_ledger_load *ld, struct rt_input *in, int strict, const char *where)
{
	char why[1024];
	long bad;
	int st;

	if ((st = rt_ledger_begin(l, ld, why, sizeof(why))) != 0)
		rt_errx(st, "%s", why);
	if ((bad = stage(l, in, strict)) == -1 || (bad > 0 && ld->replace != NULL)) {
		/* A replacement must be whole to say what is gone: a bad record makes it say too much. */
		rt_ledger_rollback(l);
		rt_warnx("%s: %s; nothing loaded", where,
		    bad == -1 ? "--strict: a bad record" : "a replacement with bad records is not whole");
		return RT_EXIT_BADINPUT;
	}
	if ((st = rt_ledger_commit(l, ld, why, sizeof(why))) != 0) {
		if (st != RT_LEDGER_REFUSED)
			rt_errx(st, "%s", why);
		rt_warnx("%s: %s", where, why);
		return RT_EXIT_BADINPUT;
	}
	if (!rt_quiet)
		fprintf(stderr,
		    "%s: %s: %lu records: %lu new, %lu changed, %lu unchanged, %lu restored, %lu retracted\n",
		    rt_progname, where, ld->records, ld->inserted, ld->changed, ld->unchanged, ld->restored,
		    ld->retracted);
	if (bad > 0)
		rt_warnx("%s: %ld bad records left out", where, bad);
	return bad > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_VERBOSE, NULL, NULL };
	struct rt_ledger_load ld = { NULL, RT_LEDGER_NODAY, RT_LEDGER_NODAY, 50, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct rt_ledger_filter f = { NULL, RT_LEDGER_NODAY, RT_LEDGER_NODAY };
	enum format format = FMT_NONE;
	struct rt_ledger *l;
	struct rt_input in;
	const char *where, *badname, *since = NULL, *until = NULL, *maxr = NULL;
	char why[1024];
	int ch, strict = 0, wait = RT_LEDGER_WAIT, st;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_EXPORT:
			if (strcmp(optarg, "ndjson") == 0)
				format = FMT_NDJSON;
			else if (strcmp(optarg, "csv") == 0)
				format = FMT_CSV;
			else
				rt_errx(RT_EXIT_USAGE, "--export \"%s\" is not ndjson or csv", optarg);
			break;
		case OPT_MAX_RETRACT:
			ld.max_retract = (int)rt_cli_number("max-retract", maxr = optarg, 0, 100);
			break;
		case OPT_REPLACE:
			if (!rt_source_valid(optarg, strlen(optarg)))
				rt_errx(RT_EXIT_USAGE, "--replace \"%s\" is not a source name ([a-z0-9_-]+)",
				    optarg);
			ld.replace = optarg;
			break;
		case OPT_SINCE:
			ld.since = f.since = rt_cli_date("since", since = optarg);
			break;
		case OPT_SOURCE:
			if (!rt_source_valid(optarg, strlen(optarg)))
				rt_errx(RT_EXIT_USAGE, "--source \"%s\" is not a source name ([a-z0-9_-]+)",
				    optarg);
			f.source = optarg;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_UNTIL:
			ld.until = f.until = rt_cli_date("until", until = optarg);
			break;
		case OPT_WAIT:
			wait = (int)rt_cli_number("wait", optarg, 0, 86400);
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		rt_cli_misuse("name the ledger: a SQLite file, or a postgresql:// URI");
	where = *argv++;
	argc--;
	if (since != NULL && until != NULL && ld.until < ld.since)
		rt_cli_misuse("the window %s..%s is empty", since, until);
	if (format != FMT_NONE) {
		if (argc > 0)
			rt_cli_misuse("--export reads the ledger only, but was given \"%s\"", argv[0]);
		if (ld.replace != NULL || strict || maxr != NULL)
			rt_cli_misuse(
			    "--export writes records out: --replace, --strict and --max-retract load them");
	} else {
		if (f.source != NULL)
			rt_cli_misuse("--source chooses what --export writes; a replacement names its source "
				      "with --replace");
		if ((since != NULL || until != NULL || maxr != NULL) && ld.replace == NULL)
			rt_cli_misuse("--since, --until and --max-retract belong to --replace (or --export)");
	}
	if (format == FMT_NONE && rt_input_open(&in, argc, argv, &badname) == -1)
		rt_err(RT_EXIT_USAGE, "%s", badname);

	if ((st = rt_ledger_open(&l, where, format != FMT_NONE ? RT_LEDGER_READ : RT_LEDGER_WRITE, wait, why,
		 sizeof(why))) != 0)
		rt_errx(st, "%s", why);
	st = format != FMT_NONE ? export(l, format, &f) : load(l, &ld, &in, strict, where);
	rt_ledger_close(l);
	if (format == FMT_NONE && rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	return st;
}
