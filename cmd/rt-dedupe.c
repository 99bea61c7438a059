/* rt-dedupe: pass each record through once per key; later copies are dropped (or win, with --last). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_atomic.h"
#include "rt_cli.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_map.h"
#include "rt_record.h"

#define MAXKEYS 16

static char *keys[MAXKEYS];
static int nkeys;

enum { OPT_LAST = RT_OPT_OWN, OPT_SEEN };

static const char *const synopsis[] = {
	"[-q] [--last] [-k key[,key ...]] [--seen file] [file ...]",
	NULL,
};

static const struct rt_option options[] = {
	{ "key", 'k', "key[,key ...]", "records are the same when these keys are equal (default: id)" },
	{ "last", OPT_LAST, NULL, "the last copy of a key wins, in the place of its first" },
	{ "seen", OPT_SEEN, "file", "also drop keys listed in file, and add the new ones to it" },
	{ NULL, 0, NULL, NULL },
};

static void
parse_keys(char *spec)
{
	char *k;

	nkeys = 0;
	while ((k = strsep(&spec, ",")) != NULL) {
		if (*k == '\0' || nkeys == MAXKEYS)
			rt_errx(RT_EXIT_USAGE, "-k wants 1 to %d comma-separated key names", MAXKEYS);
		keys[nkeys++] = k;
	}
}

/* A seen-file line: each key part as JSON (null when missing), tab-separated. */
static void
seen_line(struct rt_buf *out, const char *key, size_t keylen)
{
	const char *p;
	size_t n;
	int i, tag;

	for (i = 0; (tag = rt_key_part(key, keylen, i, &p, &n)) != -1; i++) {
		if (i > 0)
			rt_buf_addc(out, '\t');
		if (tag == RT_KEY_MISSING)
			rt_buf_adds(out, "null");
		else if (tag == RT_KEY_STRING)
			rt_json_add_string(out, p, n);
		else
			rt_buf_add(out, p, n);
	}
	rt_buf_addc(out, '\n');
}

/* Loads the keys of earlier runs, text the seen file's content. */
static void
seen_load(struct rt_map *m, const char *path, struct rt_buf *text)
{
	struct rt_buf key = { 0 };
	char *line, *end, *eol, *part, *tab;
	unsigned long lineno = 0;
	int nparts;

	if (text->len > 0 && text->p[text->len - 1] != '\n')
		rt_buf_addc(text, '\n'); /* a hand edit without the last newline */
	for (line = text->p; line < text->p + text->len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(text->p + text->len - line));
		lineno++;
		/*
		 * Read lines as rt_reader does: a byte-order mark and a CR before
		 * the newline (a file edited elsewhere) are not part of any key.
		 */
		if (lineno == 1)
			line += rt_bom(line, (size_t)(end - line));
		eol = end > line && end[-1] == '\r' ? end - 1 : end;
		if (eol == line)
			continue;
		rt_buf_reset(&key);
		nparts = 0;
		for (part = line; part <= eol; part = tab + 1) {
			if ((tab = memchr(part, '\t', (size_t)(eol - part))) == NULL)
				tab = eol;
			nparts++;
			if (tab - part == 4 && memcmp(part, "null", 4) == 0)
				rt_key_add(&key, RT_KEY_MISSING, "", 0);
			else if (*part == '"' && tab - part >= 2 && tab[-1] == '"') {
				size_t off = key.len;

				rt_key_add(&key, RT_KEY_STRING, "", 0);
				if (rt_json_unescape(part + 1, (size_t)(tab - part - 2), &key, NULL) == -1)
					rt_errx(RT_EXIT_USAGE, "%s:%lu: bad key string", path, lineno);
				key.p[off + 1] = (char)((key.len - off - 5) >> 24);
				key.p[off + 2] = (char)((key.len - off - 5) >> 16);
				key.p[off + 3] = (char)((key.len - off - 5) >> 8);
				key.p[off + 4] = (char)(key.len - off - 5);
			} else
				rt_key_add(&key, RT_KEY_JSON, part, (size_t)(tab - part));
		}
		if (nparts != nkeys)
			rt_errx(RT_EXIT_USAGE, "%s:%lu: %d key parts, but -k names %d", path, lineno, nparts,
			    nkeys);
		rt_map_insert(m, key.p, key.len, NULL);
	}
	rt_buf_free(&key);
}

/* What a run keeps between records. */
struct run {
	struct rt_input *in;
	struct rt_map map; /* every key so far; with --last, 1 + its place in kept */
	struct rt_buf key, newkeys;
	int seen, last;
	struct kept {
		char *line;
		size_t len;
	} * kept;
	size_t nkept, keptcap;
};

/* One record: written when its key is new, or with --last kept to replace the earlier copy. */
static int
one(struct rt_record *rec, void *arg, char *why, size_t whysz)
{
	struct run *run = arg;
	struct kept *k;
	uint64_t *slot;
	int i, isnew, missing = 0;

	rt_buf_reset(&run->key);
	for (i = 0; i < nkeys; i++)
		missing += rt_record_key_add(&run->key, rec, keys[i], strlen(keys[i]));
	if (missing == nkeys) {
		rt_warnx("%s:%lu: no \"%s\"%s to tell records apart", rt_input_name(run->in),
		    rt_input_line(run->in), keys[0], nkeys > 1 ? " nor the other -k keys" : "");
		return 1;
	}
	slot = rt_map_insert(&run->map, run->key.p, run->key.len, &isnew);
	if (isnew && run->seen)
		seen_line(&run->newkeys, run->key.p, run->key.len);
	if (!run->last) {
		if (isnew && (fwrite(rec->line, 1, rec->len, stdout) != rec->len || putchar('\n') == EOF))
			rt_err(RT_EXIT_IO, "stdout");
		return 0;
	}
	/* Later deliveries supersede; each key keeps its first place. */
	if (isnew) {
		run->kept = rt_egrow(run->kept, &run->keptcap, run->nkept + 1, sizeof(*run->kept));
		run->kept[run->nkept].line = NULL;
		*slot = ++run->nkept;
	}
	if (*slot == 0)
		return 0; /* seen in an earlier run */
	k = &run->kept[*slot - 1];
	k->line = rt_erealloc(k->line, rec->len + 1);
	memcpy(k->line, rec->line, rec->len);
	k->line[rec->len] = '\n';
	k->len = rec->len + 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET, NULL, NULL };
	struct rt_buf oldseen = { 0 };
	struct run run = { 0 };
	struct rt_input in;
	struct rt_atomic seenlock;
	const char *seen = NULL, *badname;
	char defkey[] = "id";
	size_t i;
	int ch, bad;
	FILE *fp;

	rt_cli_start(argc, argv);
	keys[nkeys++] = defkey;
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'k':
			parse_keys(optarg);
			break;
		case OPT_LAST:
			run.last = 1;
			break;
		case OPT_SEEN:
			seen = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (rt_input_open(&in, argc, argv, &badname) == -1)
		rt_err(RT_EXIT_USAGE, "%s", badname);

	rt_map_init(&run.map);
	run.in = &in;
	run.seen = seen != NULL;
	if (seen != NULL) {
		/* Held to the end, so that two runs never hand out the same key. */
		if (rt_atomic_lock(&seenlock, seen) == -1)
			rt_errx(rt_atomic_status(errno), "%s: %s", seen, rt_atomic_strerror(errno));
		if (rt_atomic_read(&seenlock, &oldseen) == -1)
			rt_err(RT_EXIT_IO, "%s", seen);
		seen_load(&run.map, seen, &oldseen);
	}
	rt_stdout_init();
	bad = rt_cli_records(&in, 0, one, &run, "stopped");
	for (i = 0; i < run.nkept; i++) {
		if (fwrite(run.kept[i].line, 1, run.kept[i].len, stdout) != run.kept[i].len)
			rt_err(RT_EXIT_IO, "stdout");
		free(run.kept[i].line);
	}
	free(run.kept);
	if (rt_stdout_close() == -1) {
		if (seen != NULL)
			rt_atomic_abort(&seenlock);
		rt_err(RT_EXIT_IO, "stdout");
	}
	if (seen != NULL) {
		rt_buf_add(&oldseen, run.newkeys.p, run.newkeys.len);
		if ((fp = rt_atomic_begin(&seenlock)) == NULL ||
		    (oldseen.len > 0 && fwrite(oldseen.p, 1, oldseen.len, fp) != oldseen.len) ||
		    rt_atomic_commit(&seenlock) == -1) {
			rt_warn("%s", seen);
			rt_atomic_abort(&seenlock);
			return RT_EXIT_IO;
		}
	}
	rt_map_free(&run.map);
	rt_buf_free(&run.key);
	rt_buf_free(&run.newkeys);
	rt_buf_free(&oldseen);
	return bad ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
