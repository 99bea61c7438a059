/* rt-add: append one transaction to a hand-kept CSV, with an id that stays when the row is edited. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_atomic.h"
#include "rt_canon.h"
#include "rt_cli.h"
#include "rt_csv.h"
#include "rt_digest.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_jq.h"
#include "rt_json.h"
#include "rt_share.h"

static const char *const synopsis[] = {
	"[-q] [--client name] [--description text] [--kind kind] [--id id]\n"
	"\t[--source name] file.csv date amount currency",
	NULL,
};

enum { OPT_CLIENT = RT_OPT_OWN, OPT_DESCRIPTION, OPT_ID, OPT_KIND };

static const struct rt_option options[] = {
	{ "client", OPT_CLIENT, "name", "who paid (or was paid)" },
	{ "description", OPT_DESCRIPTION, "text", "what the transaction was for" },
	{ "kind", OPT_KIND, "kind", "sale (default), refund, fee, chargeback or adjustment" },
	{ "id", OPT_ID, "id", "the row's id (default: made from the date and a random part)" },
	{ "source", 's', "name", "the map that checks the row, share/rt/map/name.jq (default: manual)" },
	{ NULL, 0, NULL, NULL },
};

/* The file's columns, and its rows when they must be written again. */
struct sheet {
	jv header; /* array of names */
	struct rt_buf rows; /* every row after the header, as CSV */
	int idcol; /* -1: none yet */
	int had_id; /* the file has an id column */
};

/* A new file gets the columns of examples/data/contracts.csv and an id. */
static const char *const fresh[] = { "date", "amount", "currency", "kind", "client", "description", "id" };

/*
 * Reads the CSV at path: its header, and its rows written again (for when an
 * id column is added: the old rows get an empty id, so that their
 * content-derived ids do not change).
 */
static void
read_sheet(const char *path, struct rt_atomic *lock, const char *id, struct sheet *sh)
{
	struct rt_reader in;
	struct rt_csv csv;
	const char *f;
	size_t i, n;
	int rc, first = 1;

	memset(sh, 0, sizeof(*sh));
	sh->header = jv_array();
	sh->idcol = -1;
	if (!lock->existed) {
		for (i = 0; i < sizeof(fresh) / sizeof(fresh[0]); i++)
			sh->header = jv_array_append(sh->header, jv_string(fresh[i]));
		sh->idcol = (int)i - 1;
		return;
	}
	if (rt_atomic_reader(lock, &in, path) == -1)
		rt_err(RT_EXIT_IO, "%s", path);
	if (rt_csv_open(&csv, &in) == -1)
		rt_errx(RT_EXIT_IO, "cannot start libcsv");
	while ((rc = rt_csv_next(&csv)) != 0) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", path);
		if (rc == -3)
			rt_errx(RT_EXIT_BADINPUT, "%s:%lu: %s; not changed", path, csv.row_line, csv.why);
		for (i = 0; i < csv.nfields; i++) {
			f = rt_csv_field(&csv, i, &n);
			if (first) {
				sh->header = jv_array_append(sh->header, jv_string_sized(f, (int)n));
				if (n == 2 && memcmp(f, "id", 2) == 0 && sh->idcol < 0)
					sh->idcol = (int)i;
				continue;
			}
			if ((int)i == sh->idcol && id != NULL && strlen(id) == n && memcmp(f, id, n) == 0)
				rt_errx(RT_EXIT_BADINPUT, "%s:%lu: id \"%s\" is there already; nothing added",
				    path, csv.row_line, id);
			if (i > 0)
				rt_buf_addc(&sh->rows, ',');
			rt_csv_add_field(&sh->rows, f, n);
		}
		if (!first)
			rt_buf_adds(&sh->rows, sh->idcol < 0 ? ",\n" : "\n");
		first = 0;
	}
	rt_csv_close(&csv);
	rt_reader_close(&in);
	if (first)
		rt_errx(RT_EXIT_BADINPUT, "%s: no header line; not changed", path);
	sh->had_id = sh->idcol >= 0;
}

/* An id no other row has: the date and 8 hex digits of a digest of the row and this moment. */
static void
make_id(const char *date, const char *row, char *id, size_t size)
{
	char hex[RT_SHA256_HEXSZ];
	struct rt_buf seed = { 0 };

	rt_buf_addf(&seed, "%s\n%lld\n%ld", row, (long long)rt_now(), (long)getpid());
	rt_sha256_hex(seed.p, seed.len, hex);
	snprintf(id, size, "%s-%.8s", date, hex);
	rt_buf_free(&seed);
}

/*
 * The new row as rt-normalize would see it, through the source's map and
 * the record checks: what rt-normalize would refuse is refused here.
 */
static void
check_row(const char *source, jv row)
{
	struct rt_canon canon;
	struct rt_buf line = { 0 };
	struct rt_jq map;
	char why[512], *path, name[96];
	int rc, n = 0;
	jv o;

	snprintf(name, sizeof(name), "map/%s.jq", source);
	path = rt_share_path(name);
	if (rt_jq_load(&map, path, jv_object_set(jv_object(), jv_string("source"), jv_string(source))) ==
	    -1) {
		if (errno != 0)
			rt_err(RT_EXIT_USAGE, "%s", path);
		rt_errx(RT_EXIT_USAGE, "%s: %s", path, map.err.p);
	}
	rt_canon_init(&canon, source, 0);
	rt_jq_start(&map, row);
	while ((rc = rt_jq_next(&map, &o)) == 1) {
		n++;
		if (rt_canon_build(&canon, o, NULL, 0, &line, why, sizeof(why)) == -1)
			rt_errx(RT_EXIT_BADINPUT, "%s; nothing added", why);
	}
	if (rc == -1)
		rt_errx(RT_EXIT_BADINPUT, "map %s: %s; nothing added", path, map.err.p);
	if (n == 0)
		rt_errx(RT_EXIT_BADINPUT, "map %s makes no record of this row; nothing added", path);
	rt_log("%.*s", (int)(line.len > 0 ? line.len - 1 : 0), line.p);
	rt_canon_free(&canon);
	rt_jq_free(&map);
	rt_buf_free(&line);
	free(path);
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET, NULL, NULL };
	const char *client = "", *description = "", *kind = "sale", *id = NULL, *source = "manual";
	const char *path, *given[7];
	struct rt_buf text = { 0 }, row = { 0 }, out = { 0 };
	struct rt_atomic lock;
	struct sheet sh;
	char made[64];
	jv obj, name;
	int ch, i, ncols;
	FILE *fp;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_CLIENT:
			client = optarg;
			break;
		case OPT_DESCRIPTION:
			description = optarg;
			break;
		case OPT_ID:
			id = optarg;
			break;
		case OPT_KIND:
			kind = optarg;
			break;
		case 's':
			source = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 4)
		rt_cli_misuse("give the file and the transaction: file.csv date amount currency");
	if (!rt_source_valid(source, strlen(source)))
		rt_errx(RT_EXIT_USAGE, "source \"%s\" is not [a-z0-9_-]+", source);
	path = argv[0];

	if (rt_atomic_lock(&lock, path) == -1)
		rt_errx(rt_atomic_status(errno), "%s: %s", path, rt_atomic_strerror(errno));
	if (id != NULL && (*id == '\0' || strchr(id, '\n') != NULL))
		rt_errx(RT_EXIT_USAGE, "--id must be one non-empty line");
	read_sheet(path, &lock, id, &sh);
	if (sh.idcol < 0) {
		sh.header = jv_array_append(sh.header, jv_string("id"));
		sh.idcol = jv_array_length(jv_copy(sh.header)) - 1;
	}
	given[0] = argv[1], given[1] = argv[2], given[2] = argv[3], given[3] = kind;
	given[4] = client, given[5] = description, given[6] = NULL;
	if (id == NULL) {
		rt_buf_addf(&row, "%s %s %s %s %s %s", argv[1], argv[2], argv[3], kind, client, description);
		make_id(argv[1], row.p, made, sizeof(made));
		id = made;
		rt_buf_reset(&row);
	}
	given[6] = id;

	/* The row in the file's own columns; columns rt-add does not know stay empty. */
	obj = jv_object();
	ncols = jv_array_length(jv_copy(sh.header));
	for (i = 0; i < ncols; i++) {
		const char *col, *v = "";
		size_t k;

		name = jv_array_get(jv_copy(sh.header), i);
		col = jv_string_value(name);
		for (k = 0; k < sizeof(fresh) / sizeof(fresh[0]); k++)
			if (strcmp(col, fresh[k]) == 0)
				v = given[k];
		if (i > 0)
			rt_buf_addc(&row, ',');
		rt_csv_add_field(&row, v, strlen(v));
		obj = jv_object_set(obj, name, jv_string(v));
	}
	rt_buf_addc(&row, '\n');
	check_row(source, obj);

	/* The header and old rows as they were, unless the id column is new. */
	if (lock.existed && sh.had_id) {
		if (rt_atomic_read(&lock, &text) == -1)
			rt_err(RT_EXIT_IO, "%s", path);
		rt_buf_add(&out, text.p, text.len);
		if (out.len > 0 && out.p[out.len - 1] != '\n')
			rt_buf_addc(&out, '\n');
	} else {
		for (i = 0; i < ncols; i++) {
			name = jv_array_get(jv_copy(sh.header), i);
			if (i > 0)
				rt_buf_addc(&out, ',');
			rt_csv_add_field(&out, jv_string_value(name), strlen(jv_string_value(name)));
			jv_free(name);
		}
		rt_buf_addc(&out, '\n');
		rt_buf_add(&out, sh.rows.p, sh.rows.len);
	}
	rt_buf_add(&out, row.p, row.len);
	/* The id goes to stdout first: exit 4 then means the file is unchanged. */
	if (printf("%s\n", id) < 0 || rt_stdout_close() == -1) {
		rt_atomic_abort(&lock);
		rt_err(RT_EXIT_IO, "stdout");
	}
	if ((fp = rt_atomic_begin(&lock)) == NULL || fwrite(out.p, 1, out.len, fp) != out.len ||
	    rt_atomic_commit(&lock) == -1) {
		rt_warn("%s", path);
		rt_atomic_abort(&lock);
		return RT_EXIT_IO;
	}
	jv_free(sh.header);
	rt_buf_free(&sh.rows);
	rt_buf_free(&text);
	rt_buf_free(&row);
	rt_buf_free(&out);
	return RT_EXIT_OK;
}
