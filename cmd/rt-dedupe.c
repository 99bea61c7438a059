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
		if (lineno == 1 && end - line >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
			line += 3;
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

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET, NULL, NULL };
	struct rt_buf key = { 0 }, newkeys = { 0 }, oldseen = { 0 };
	struct {
		char *line;
		size_t len;
	} *kept = NULL;
	struct rt_input in;
	struct rt_record rec;
	struct rt_atomic seenlock;
	struct rt_map map;
	const char *seen = NULL, *badname;
	char defkey[] = "id";
	size_t nkept = 0, keptcap = 0, i;
	uint64_t *slot;
	int ch, last = 0, bad = 0, rc, isnew, missing;
	FILE *fp;

	rt_cli_start(argc, argv);
	keys[nkeys++] = defkey;
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case 'k':
			parse_keys(optarg);
			break;
		case OPT_LAST:
			last = 1;
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

	rt_map_init(&map);
	if (seen != NULL) {
		/* Held to the end, so that two runs never hand out the same key. */
		if (rt_atomic_lock(&seenlock, seen) == -1)
			rt_errx(rt_atomic_status(errno), "%s: %s", seen, rt_atomic_strerror(errno));
		if (rt_atomic_read(&seenlock, &oldseen) == -1)
			rt_err(RT_EXIT_IO, "%s", seen);
		seen_load(&map, seen, &oldseen);
	}
	rt_record_init(&rec);
	rt_stdout_init();

	while ((rc = rt_record_next(&in, &rec, 0)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", rt_input_name(&in));
		if (rc == RT_RECORD_BAD) {
			bad = 1;
			continue;
		}
		rt_buf_reset(&key);
		missing = 0;
		for (i = 0; i < (size_t)nkeys; i++)
			missing += rt_record_key_add(&key, &rec, keys[i], strlen(keys[i]));
		if (missing == nkeys) {
			rt_warnx("%s:%lu: no \"%s\"%s to tell records apart", rt_input_name(&in),
			    rt_input_line(&in), keys[0], nkeys > 1 ? " nor the other -k keys" : "");
			bad = 1;
			continue;
		}
		slot = rt_map_insert(&map, key.p, key.len, &isnew);
		if (isnew && seen != NULL)
			seen_line(&newkeys, key.p, key.len);
		if (last) {
			/* Later deliveries supersede; each key keeps its first place. */
			if (isnew) {
				kept = rt_egrow(kept, &keptcap, nkept + 1, sizeof(*kept));
				kept[nkept].line = NULL;
				*slot = ++nkept;
			}
			if (*slot == 0)
				continue; /* seen in an earlier run */
			i = *slot - 1;
			kept[i].line = rt_erealloc(kept[i].line, rec.len + 1);
			memcpy(kept[i].line, rec.line, rec.len);
			kept[i].line[rec.len] = '\n';
			kept[i].len = rec.len + 1;
			continue;
		}
		if (isnew && (fwrite(rec.line, 1, rec.len, stdout) != rec.len || putchar('\n') == EOF))
			rt_err(RT_EXIT_IO, "stdout");
	}
	for (i = 0; i < nkept; i++) {
		if (fwrite(kept[i].line, 1, kept[i].len, stdout) != kept[i].len)
			rt_err(RT_EXIT_IO, "stdout");
		free(kept[i].line);
	}
	free(kept);
	if (rt_stdout_close() == -1) {
		if (seen != NULL)
			rt_atomic_abort(&seenlock);
		rt_err(RT_EXIT_IO, "stdout");
	}
	if (seen != NULL) {
		rt_buf_add(&oldseen, newkeys.p, newkeys.len);
		if ((fp = rt_atomic_begin(&seenlock)) == NULL ||
		    (oldseen.len > 0 && fwrite(oldseen.p, 1, oldseen.len, fp) != oldseen.len) ||
		    rt_atomic_commit(&seenlock) == -1) {
			rt_warn("%s", seen);
			rt_atomic_abort(&seenlock);
			return RT_EXIT_IO;
		}
	}
	rt_record_free(&rec);
	rt_map_free(&map);
	rt_buf_free(&key);
	rt_buf_free(&newkeys);
	rt_buf_free(&oldseen);
	return bad ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
