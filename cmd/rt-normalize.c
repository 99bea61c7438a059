/* rt-normalize: turn a source's raw objects into canonical records through its jq map. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "rt_canon.h"
#include "rt_cli.h"
#include "rt_csv.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_jobs.h"
#include "rt_jq.h"
#include "rt_json.h"
#include "rt_share.h"

static struct rt_jq map;
static struct rt_canon canon;
static struct rt_buf out;
static size_t final_len; /* out[0..final_len) is the records of objects converted whole */
static struct rt_buf *result; /* in a worker of --jobs: where output and diagnostics go */
static int strict, bad, stop;
/* Every row read ends as one of mapped (to records), empty (the map emitted none) or rejected. */
static unsigned long rows, mapped, empty, rejected, records;
static char delimiter = ',';
static struct rt_buf mapnames; /* the .names the map reads, NUL after each */

static const char *const synopsis[] = {
	"[-qv] [--csv | --whole] [--delimiter char] [--keep-raw] [--strict]\n"
	"\t[--jobs n] [--tz zone] (--source name | --map file.jq) [file ...]",
	NULL,
};

enum { OPT_CSV = RT_OPT_OWN, OPT_DELIMITER, OPT_KEEP_RAW, OPT_STRICT, OPT_WHOLE, OPT_JOBS };

static const struct rt_option options[] = {
	{ "source", 's', "name", "the source: its map share/rt/map/name.jq, and the ids' prefix" },
	{ "map", 'm', "file.jq", "run this map instead of the source's (a map of your own)" },
	{ "csv", OPT_CSV, NULL, "the input is CSV with a header line, one object per row" },
	{ "delimiter", OPT_DELIMITER, "char",
	    "with --csv: the field separator (default ,; ; and tab are common)" },
	{ "whole", OPT_WHOLE, NULL, "each input file is one JSON document, not one object per line" },
	{ "keep-raw", OPT_KEEP_RAW, NULL, "keep each source object in the record's raw field" },
	{ "strict", OPT_STRICT, NULL, "stop at the first bad record (exit 1), writing nothing more" },
	{ "jobs", OPT_JOBS, "n", "run the map in n processes, output in input order (0: one per CPU)" },
	{ NULL, 0, NULL, NULL },
};

/* Writes the records that are final; those of an object still being converted stay. */
static void
flush_out(void)
{
	if (final_len == 0)
		return;
	if (result != NULL)
		rt_jobs_put(result, RT_JOBS_OUT, out.p, final_len);
	else if (fwrite(out.p, 1, final_len, stdout) != final_len)
		rt_err(RT_EXIT_IO, "stdout");
	memmove(out.p, out.p + final_len, out.len - final_len);
	out.len -= final_len;
	final_len = 0;
}

/* Reports a bad record; with --strict, the first one ends the input. */
static void
report(const char *name, unsigned long line, const char *why)
{
	struct rt_buf msg = { 0 };

	flush_out(); /* the records before it come first, also with 2>&1 */
	if (result != NULL) {
		rt_buf_addf(&msg, "%s:%lu: %s", name, line, why);
		rt_jobs_put(result, RT_JOBS_WARN, msg.p, msg.len);
		rt_buf_free(&msg);
	} else
		rt_warnx("%s:%lu: %s", name, line, why);
	bad = 1;
	stop = strict;
}

/* A row that never reached the map. */
static void
reject(const char *name, unsigned long line, const char *why)
{
	report(name, line, why);
	rows++;
	rejected++;
}

/*
 * Runs the map over one source object and writes what it emits; raw is the
 * object's own text on one line, for --keep-raw.
 */
static void
convert(jv input, const char *raw, size_t rawlen, const char *name, unsigned long line)
{
	char why[512];
	unsigned long n = 0;
	int rc = 0, failed = 0;
	jv o;

	if (jv_get_kind(input) != JV_KIND_OBJECT) {
		snprintf(why, sizeof(why), "not a JSON object (%s)", jv_kind_name(jv_get_kind(input)));
		jv_free(input);
		reject(name, line, why);
		return;
	}
	final_len = out.len; /* a flush on the way moves the records of this object, not the mark */
	rows++;
	rt_jq_start(&map, jv_copy(input));
	while (!stop && (rc = rt_jq_next(&map, &o)) == 1) {
		if (rt_canon_build(&canon, o, raw, rawlen, &out, why, sizeof(why)) == -1) {
			report(name, line, why);
			failed = 1;
		} else
			n++;
	}
	if (rc == -1) {
		/* A map that fails on an object yields none of its records, not some. */
		out.len = final_len;
		n = 0;
		snprintf(why, sizeof(why), "map: %s", map.err.p);
		report(name, line, why);
		failed = 1;
	}
	records += n;
	if (failed)
		rejected++;
	else if (n == 0)
		empty++;
	else
		mapped++;
	jv_free(input);
	final_len = out.len;
	if (out.len >= 65536)
		flush_out();
}

/* One line of NDJSON: one source object (NULL: a line too long to read). */
static void
json_line(const char *name, unsigned long lineno, const char *line, size_t len)
{
	struct rt_json_error e;
	char why[256];
	jv v;

	if (line == NULL) {
		reject(name, lineno, "line longer than 64 MiB");
		return;
	}
	if (rt_blank_line(line, len))
		return;
	v = rt_json_parse(line, len, &e);
	if (!jv_is_valid(v)) {
		jv_free(v);
		snprintf(why, sizeof(why), "column %zu: %s%s", e.offset + 1, e.msg,
		    strcmp(e.msg, "unexpected end of input") == 0
			? " (truncated, or a multi-line file that needs --whole)"
			: "");
		reject(name, lineno, why);
		return;
	}
	convert(v, line, len, name, lineno);
}

static void
json_lines(struct rt_reader *in)
{
	size_t len;
	char *line;
	int rc;

	while (!stop && (rc = rt_reader_next(in, &line, &len)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", in->name);
		json_line(in->name, in->lineno, rc == RT_READ_TOOLONG ? NULL : line, len);
	}
}

static void
whole(struct rt_reader *in)
{
	struct rt_buf text = { 0 };
	struct rt_json_error e;
	char why[256];
	unsigned long line = 1;
	size_t i, k;
	jv v;

	if (rt_read_fd(in->fd, &text) == -1)
		rt_err(RT_EXIT_IO, "%s", in->name);
	i = rt_bom(text.p, text.len);
	v = rt_json_parse(text.p + i, text.len - i, &e);
	if (!jv_is_valid(v)) {
		jv_free(v);
		for (i = 0; i < e.offset && i < text.len; i++)
			line += text.p[i] == '\n';
		snprintf(why, sizeof(why), "%s", e.msg);
		reject(in->name, line, why);
	} else {
		/* Raw JSON text has no newline inside a string, so this keeps it one line. */
		for (k = i; k < text.len; k++)
			if (text.p[k] == '\n' || text.p[k] == '\r' || text.p[k] == '\t')
				text.p[k] = ' ';
		convert(v, text.p + i, text.len - i, in->name, 1);
	}
	rt_buf_free(&text);
}

/* Collects the .names a map reads, for the hint on header names that differ only in case. */
static void
map_names(const char *path)
{
	struct rt_buf text = { 0 };
	size_t i, j;

	if (rt_read_file(path, &text) == -1)
		return;
	for (i = 0; i + 1 < text.len; i++) {
		if (text.p[i] != '.' ||
		    !(text.p[i + 1] == '_' || (text.p[i + 1] >= 'a' && text.p[i + 1] <= 'z') ||
			(text.p[i + 1] >= 'A' && text.p[i + 1] <= 'Z')))
			continue;
		for (j = i + 1; j < text.len &&
		     (text.p[j] == '_' || (text.p[j] >= 'a' && text.p[j] <= 'z') ||
			 (text.p[j] >= 'A' && text.p[j] <= 'Z') || (text.p[j] >= '0' && text.p[j] <= '9'));
		     j++)
			;
		rt_buf_add(&mapnames, text.p + i + 1, j - i - 1);
		rt_buf_addc(&mapnames, '\0');
		i = j - 1;
	}
	rt_buf_free(&text);
}

/* Does the map read .name exactly? */
static const char *
map_reads(const char *name, int anycase)
{
	const char *p;

	for (p = mapnames.p; p != NULL && p < mapnames.p + mapnames.len; p += strlen(p) + 1)
		if (anycase ? strcasecmp(p, name) == 0 : strcmp(p, name) == 0)
			return p;
	return NULL;
}

/* The header row: a name twice is exit 1; a name the map reads in another case gets a hint. */
static jv
csv_header(struct rt_csv *csv, const char *file, int *semicolons)
{
	jv header = jv_array();
	const char *f, *g, *m;
	size_t i, j, n, gn;

	f = csv->nfields == 1 ? rt_csv_field(csv, 0, &n) : NULL;
	*semicolons = f != NULL && delimiter == ',' && memchr(f, ';', n) != NULL;
	if (*semicolons)
		rt_notice("%s:%lu: the header is one column holding ';': if ';' separates the fields, give "
			  "--delimiter ';'",
		    file, csv->row_line);
	for (i = 0; i < csv->nfields; i++) {
		f = rt_csv_field(csv, i, &n);
		for (j = 0; j < i; j++)
			if ((g = rt_csv_field(csv, j, &gn)) != NULL && gn == n && memcmp(f, g, n) == 0)
				rt_errx(RT_EXIT_BADINPUT,
				    "%s:%lu: the header names column \"%.*s\" twice (fields %zu and %zu); "
				    "rename one, so that no column hides the other",
				    file, csv->row_line, (int)n, f, j + 1, i + 1);
		if (!map_reads(f, 0) && (m = map_reads(f, 1)) != NULL)
			rt_notice("%s:%lu: column \"%.*s\" differs only in case from .%s, which the map "
				  "reads: jq keys are case-sensitive; rename the column or the key",
			    file, csv->row_line, (int)n, f, m);
		header = jv_array_append(header, jv_string_sized(f, (int)n));
	}
	return header;
}

static void
csv_rows(struct rt_reader *in)
{
	struct rt_csv csv;
	struct rt_buf raw = { 0 };
	jv header = jv_array(), row, name;
	char why[256];
	const char *f;
	size_t i, n;
	int rc, semicolons = 0;

	if (rt_csv_open(&csv, in) == -1)
		rt_errx(RT_EXIT_IO, "cannot start libcsv");
	rt_csv_delimiter(&csv, delimiter);
	while (!stop && (rc = rt_csv_next(&csv)) != 0) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", in->name);
		if (rc == -3) {
			reject(in->name, csv.row_line, csv.why);
			if (csv.done)
				break;
			continue;
		}
		if (jv_array_length(jv_copy(header)) == 0) {
			jv_free(header);
			header = csv_header(&csv, in->name, &semicolons);
			continue;
		}
		if ((int)csv.nfields != jv_array_length(jv_copy(header))) {
			snprintf(why, sizeof(why), "%zu fields, but the header has %d%s", csv.nfields,
			    jv_array_length(jv_copy(header)),
			    semicolons ? "; the delimiter may be ';': give --delimiter ';'" : "");
			reject(in->name, csv.row_line, why);
			continue;
		}
		row = jv_object();
		for (i = 0; i < csv.nfields; i++) {
			f = rt_csv_field(&csv, i, &n);
			if (rt_utf8_check(f, n) != n) {
				jv_free(row);
				row = jv_invalid();
				break;
			}
			row = jv_object_set(
			    row, jv_array_get(jv_copy(header), (int)i), jv_string_sized(f, (int)n));
		}
		if (!jv_is_valid(row)) {
			name = jv_array_get(jv_copy(header), (int)i);
			snprintf(why, sizeof(why),
			    "column \"%s\" is not UTF-8; if the file is Latin-1, convert it first: "
			    "iconv -f latin1 -t utf-8",
			    jv_string_value(name));
			jv_free(name);
			reject(in->name, csv.row_line, why);
			continue;
		}
		rt_buf_reset(&raw);
		rt_json_add_jv(&raw, jv_copy(row));
		convert(row, raw.p, raw.len, in->name, csv.row_line);
	}
	jv_free(header);
	rt_buf_free(&raw);
	rt_csv_close(&csv);
}

/*
 * --jobs: NDJSON lines converted in worker processes (lib/rt_jobs), each
 * with its own copy of the compiled map, the records written here in input
 * order.  A worker does what one process does line by line; its output and
 * its diagnostics come back in one stream, so their order is kept too.
 */
static int
job_line(void *ctx, const char *name, unsigned long lineno, const char *line, size_t len, struct rt_buf *res)
{
	result = res;
	json_line(name, lineno, line, len);
	flush_out();
	result = NULL;
	return stop;
}

/* A chunk's counters, for the -v summary; at the worker's end, its map and buffers freed. */
static void
job_end(void *ctx, struct rt_buf *res)
{
	uint64_t c[5] = { rows, mapped, empty, rejected, records };

	if (res == NULL) {
		rt_canon_free(&canon);
		rt_jq_free(&map);
		rt_buf_free(&out);
		rt_buf_free(&mapnames);
		return;
	}
	rt_jobs_put(res, RT_JOBS_COUNT, (const char *)c, sizeof(c));
	rows = mapped = empty = rejected = records = 0;
}

/* In the writing process: one message of a worker's result, in input order. */
static int
job_deliver(void *ctx, int kind, const char *p, size_t n)
{
	uint64_t c[5];

	switch (kind) {
	case RT_JOBS_OUT:
		/* Content-derived ids are numbered here, in the order they are written. */
		rt_canon_number(&canon, p, n, &out);
		final_len = out.len;
		if (out.len >= 65536)
			flush_out();
		break;
	case RT_JOBS_WARN:
		flush_out();
		rt_warnx("%.*s", (int)n, p);
		bad = 1;
		stop = strict;
		break;
	case RT_JOBS_COUNT:
		memcpy(c, p, sizeof(c));
		rows += (unsigned long)c[0];
		mapped += (unsigned long)c[1];
		empty += (unsigned long)c[2];
		rejected += (unsigned long)c[3];
		records += (unsigned long)c[4];
		break;
	}
	return stop;
}

static void
run_jobs(int n, int argc, char **argv)
{
	struct rt_reader in;
	struct rt_jobs j;
	int i, rc = 0;

	canon.defer = 1;
	if (rt_jobs_start(&j, n, job_line, job_end, job_deliver, NULL) == -1)
		rt_errx(RT_EXIT_IO, "%s", j.why);
	for (i = 0; rc == 0 && (i < argc || (argc == 0 && i == 0)); i++) {
		if (rt_reader_open(&in, argc == 0 ? "-" : argv[i]) == -1)
			rt_err(RT_EXIT_IO, "%s", argv[i]);
		if ((rc = rt_jobs_feed(&j, &in)) == -1 && j.why[0] == '\0')
			rt_err(RT_EXIT_IO, "%s", in.name);
		rt_reader_close(&in);
	}
	if (rt_jobs_finish(&j) == -1 || rc == -1)
		rt_errx(RT_EXIT_IO, "%s", j.why);
}

/*
 * --map alone: the source is the map file's name without .jq (my.jq: my),
 * when that is a source name; else the map must set "source" itself.
 */
static const char *
source_of_map(const char *path)
{
	static char name[64];
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base);

	if (n > 3 && strcmp(base + n - 3, ".jq") == 0)
		n -= 3;
	if (n >= sizeof(name) || !rt_source_valid(base, n))
		return NULL;
	memcpy(name, base, n);
	name[n] = '\0';
	return name;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_VERBOSE | RT_CLI_TZ, NULL,
		NULL };
	const char *source = NULL, *mapfile = NULL;
	struct rt_reader in;
	char *path = NULL;
	int ch, csv = 0, keep_raw = 0, whole_files = 0, i, fd, jobs = 1;
	char *end;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'm':
			mapfile = optarg;
			break;
		case 's':
			source = optarg;
			break;
		case OPT_CSV:
			csv = 1;
			break;
		case OPT_DELIMITER:
			if (strcmp(optarg, "\\t") == 0 || strcmp(optarg, "tab") == 0)
				optarg = "\t";
			if (strlen(optarg) != 1 || optarg[0] == '"' || optarg[0] == '\n' || optarg[0] == '\r')
				rt_errx(RT_EXIT_USAGE,
				    "--delimiter \"%s\" is not one character (tab: --delimiter tab)", optarg);
			delimiter = optarg[0];
			break;
		case OPT_KEEP_RAW:
			keep_raw = 1;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_WHOLE:
			whole_files = 1;
			break;
		case OPT_JOBS:
			jobs = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || jobs < 0 || jobs > 64)
				rt_errx(RT_EXIT_USAGE, "--jobs \"%s\" is not a number of processes (0 to 64)",
				    optarg);
			if (jobs == 0)
				jobs = rt_jobs_online();
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (delimiter != ',' && !csv)
		rt_cli_misuse("--delimiter goes with --csv");
	if (source == NULL && mapfile != NULL)
		source = source_of_map(mapfile);
	if (source == NULL && mapfile == NULL)
		rt_cli_misuse("say which source the input is from: --source name (its map and the ids' "
			      "prefix), or --map file.jq");
	if (csv && whole_files)
		rt_cli_misuse("--csv and --whole are two input formats: give one");
	if (jobs > 1 && (csv || whole_files))
		rt_cli_misuse("--jobs works on NDJSON lines; --csv and --whole input is read by one process");
	if (source != NULL && !rt_source_valid(source, strlen(source)))
		rt_errx(RT_EXIT_USAGE, "source \"%s\" is not [a-z0-9_-]+", source);
	rt_cli_clock(&cli, NULL);
	for (i = 0; i < argc; i++) {
		/* Every operand must be readable before anything is written. */
		if (strcmp(argv[i], "-") == 0)
			continue;
		if ((fd = open(argv[i], O_RDONLY | O_CLOEXEC)) == -1)
			rt_err(RT_EXIT_USAGE, "%s", argv[i]);
		close(fd);
	}

	if (mapfile == NULL) {
		size_t n = strlen(source) + 8;

		path = rt_emalloc(n);
		snprintf(path, n, "map/%s.jq", source);
		mapfile = rt_share_path(path);
		free(path);
		path = (char *)mapfile;
		if (access(mapfile, R_OK) == -1)
			rt_errx(RT_EXIT_USAGE, "no map for source \"%s\" (%s)", source, mapfile);
	}
	if (rt_jq_load(&map, mapfile,
		jv_object_set(jv_object(), jv_string("source"),
		    source != NULL ? jv_string(source) : jv_null())) == -1) {
		if (errno != 0)
			rt_err(RT_EXIT_USAGE, "%s", mapfile);
		rt_errx(RT_EXIT_USAGE, "%s: %s", mapfile, map.err.p);
	}
	map_names(mapfile);
	rt_canon_init(&canon, source, keep_raw);
	rt_stdout_init();

	if (jobs > 1)
		run_jobs(jobs, argc, argv);
	for (i = 0; jobs == 1 && !stop && (i < argc || (argc == 0 && i == 0)); i++) {
		if (rt_reader_open(&in, argc == 0 ? "-" : argv[i]) == -1)
			rt_err(RT_EXIT_IO, "%s", argv[i]);
		if (csv)
			csv_rows(&in);
		else if (whole_files)
			whole(&in);
		else
			json_lines(&in);
		rt_reader_close(&in);
	}

	flush_out();
	rt_log("%lu rows read: %lu gave %lu records, %lu gave none, %lu rejected", rows, mapped, records,
	    empty, rejected);
	rt_canon_free(&canon);
	rt_jq_free(&map);
	rt_buf_free(&out);
	rt_buf_free(&mapnames);
	free(path);
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	return bad ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
