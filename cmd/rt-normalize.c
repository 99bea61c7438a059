/* rt-normalize: turn a source's raw objects into canonical records through its jq map. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_canon.h"
#include "rt_cli.h"
#include "rt_csv.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_jq.h"
#include "rt_json.h"
#include "rt_share.h"

static struct rt_jq map;
static struct rt_canon canon;
static struct rt_buf out;
static int strict, bad, stop;
static unsigned long inputs, records, rejected;

static const char *const synopsis[] = {
	"[-qv] [--csv | --whole] [--keep-raw] [--strict] [--tz zone]\n"
	"\t(--source name | --map file.jq) [file ...]",
	NULL,
};

enum { OPT_CSV = RT_OPT_OWN, OPT_KEEP_RAW, OPT_STRICT, OPT_WHOLE };

static const struct rt_option options[] = {
	{ "source", 's', "name", "the source: its map share/rt/map/name.jq, and the ids' prefix" },
	{ "map", 'm', "file.jq", "run this map instead of the source's (a map of your own)" },
	{ "csv", OPT_CSV, NULL, "the input is CSV with a header line, one object per row" },
	{ "whole", OPT_WHOLE, NULL, "each input file is one JSON document, not one object per line" },
	{ "keep-raw", OPT_KEEP_RAW, NULL, "keep each source object in the record's raw field" },
	{ "strict", OPT_STRICT, NULL, "stop at the first bad record (exit 1), writing nothing more" },
	{ NULL, 0, NULL, NULL },
};

static void
flush_out(void)
{
	if (out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len)
		rt_err(RT_EXIT_IO, "stdout");
	rt_buf_reset(&out);
}

/* Reports a bad record; with --strict, the first one ends the input. */
static void
reject(const char *name, unsigned long line, const char *why)
{
	flush_out(); /* the records before it come first, also with 2>&1 */
	rt_warnx("%s:%lu: %s", name, line, why);
	rejected++;
	bad = 1;
	stop = strict;
}

/*
 * Runs the map over one source object and writes what it emits; raw is the
 * object's own text on one line, for --keep-raw.
 */
static void
convert(jv input, const char *raw, size_t rawlen, const char *name, unsigned long line)
{
	char why[512];
	size_t mark;
	jv o;
	int rc = 0;

	if (jv_get_kind(input) != JV_KIND_OBJECT) {
		snprintf(why, sizeof(why), "not a JSON object (%s)", jv_kind_name(jv_get_kind(input)));
		jv_free(input);
		reject(name, line, why);
		return;
	}
	mark = out.len;
	rt_jq_start(&map, jv_copy(input));
	inputs++;
	while (!stop && (rc = rt_jq_next(&map, &o)) == 1) {
		if (rt_canon_build(&canon, o, raw, rawlen, &out, why, sizeof(why)) == -1)
			reject(name, line, why);
		else
			records++;
	}
	if (rc == -1) {
		/* A map that fails on an object yields none of its records, not some. */
		out.len = mark;
		snprintf(why, sizeof(why), "map: %s", map.err.p);
		reject(name, line, why);
	}
	jv_free(input);
	if (out.len >= 65536)
		flush_out();
}

static void
json_lines(struct rt_reader *in)
{
	struct rt_json_error e;
	char why[256];
	size_t len;
	char *line;
	int rc;
	jv v;

	while (!stop && (rc = rt_reader_next(in, &line, &len)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", in->name);
		if (rc == RT_READ_TOOLONG) {
			reject(in->name, in->lineno, "line longer than 64 MiB");
			continue;
		}
		if (rt_blank_line(line, len))
			continue;
		v = rt_json_parse(line, len, &e);
		if (!jv_is_valid(v)) {
			jv_free(v);
			snprintf(why, sizeof(why), "column %zu: %s%s", e.offset + 1, e.msg,
			    strcmp(e.msg, "unexpected end of input") == 0
				? " (truncated, or a multi-line file that needs --whole)"
				: "");
			reject(in->name, in->lineno, why);
			continue;
		}
		convert(v, line, len, in->name, in->lineno);
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
	i = text.len >= 3 && memcmp(text.p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
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

static void
csv_rows(struct rt_reader *in)
{
	struct rt_csv csv;
	struct rt_buf raw = { 0 };
	jv header = jv_array(), row;
	char why[256];
	const char *f;
	size_t i, n;
	int rc;

	if (rt_csv_open(&csv, in) == -1)
		rt_errx(RT_EXIT_IO, "cannot start libcsv");
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
			for (i = 0; i < csv.nfields; i++) {
				f = rt_csv_field(&csv, i, &n);
				header = jv_array_append(header, jv_string_sized(f, (int)n));
			}
			continue;
		}
		if ((int)csv.nfields != jv_array_length(jv_copy(header))) {
			snprintf(why, sizeof(why), "%zu fields, but the header has %d", csv.nfields,
			    jv_array_length(jv_copy(header)));
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
			reject(in->name, csv.row_line, "invalid UTF-8");
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

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_VERBOSE | RT_CLI_TZ, NULL,
		NULL };
	const char *source = NULL, *mapfile = NULL;
	struct rt_reader in;
	char *path = NULL;
	int ch, csv = 0, keep_raw = 0, whole_files = 0, i, fd;

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
		case OPT_KEEP_RAW:
			keep_raw = 1;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_WHOLE:
			whole_files = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (source == NULL && mapfile == NULL)
		rt_cli_misuse("say which source the input is from: --source name (its map and the ids' "
			      "prefix), or --map file.jq");
	if (csv && whole_files)
		rt_cli_misuse("--csv and --whole are two input formats: give one");
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
	rt_canon_init(&canon, source, keep_raw);
	rt_stdout_init();

	for (i = 0; !stop && (i < argc || (argc == 0 && i == 0)); i++) {
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
	rt_log("%lu records from %lu objects, %lu rejected", records, inputs, rejected);
	rt_canon_free(&canon);
	rt_jq_free(&map);
	rt_buf_free(&out);
	free(path);
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	return bad ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
