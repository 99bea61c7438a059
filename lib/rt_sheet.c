/*
 * A CSV file of named columns that people edit in a spreadsheet or by hand
 * and rt rewrites.  Reading forgives what such editing leaves: a byte-order
 * mark, CRLF line ends, blank lines and rows of empty cells, spaces around
 * cells, columns in another order, header names in another case or with
 * spaces for underscores, a singular for a plural, rows cut short, and
 * columns rt does not know (kept, after rt's own).  It does not guess at
 * broken quoting: such a row is reported with its line and left out.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rt_csv.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_sheet.h"

/* A header cell as a column name: lower case, "Proposal Sent" and "proposal-sent" as proposal_sent. */
static char *
column_name(const char *s, size_t n)
{
	char *out = rt_emalloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = s[i] == ' ' || s[i] == '-' ? '_' : (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
	return out;
}

/* rt's column that a header name stands for ("agent" for agents), or -1. */
static int
known_column(const struct rt_sheet *s, const char *name)
{
	size_t i, n = strlen(name), k;

	for (i = 0; i < s->nnames; i++) {
		k = strlen(s->names[i]);
		if (strcmp(name, s->names[i]) == 0 ||
		    (k == n + 1 && s->names[i][n] == 's' && strncmp(name, s->names[i], n) == 0))
			return (int)i;
	}
	return -1;
}

static char **
cell(struct rt_sheet *s, size_t row, size_t col)
{
	return &s->cells[row * s->ncols + col];
}

/*
 * Reads the header: each cell's place to a column, rt's or one more kept
 * as a person named it.  at[i] is where the file's i-th cell goes.
 */
static int
header(struct rt_sheet *s, struct rt_csv *c, size_t **at, char *why, size_t whysz)
{
	const char *p;
	size_t i, n, known = 0;
	char *name;
	int k;

	*at = rt_ecalloc(c->nfields + 1, sizeof(**at));
	for (i = 0; i < c->nfields; i++) {
		p = rt_csv_field(c, i, &n);
		name = column_name(p, n);
		if ((k = known_column(s, name)) >= 0) {
			(*at)[i] = (size_t)k;
			known++;
			free(name);
			continue;
		}
		s->header = rt_erealloc(s->header, (s->ncols + 1) * sizeof(*s->header));
		s->header[s->ncols] = rt_estrndup(p, n);
		(*at)[i] = s->ncols++;
		free(name);
	}
	if (known == 0) {
		snprintf(why, whysz, "%s:%lu: the first row names none of the columns (%s, %s, ...)", s->path,
		    c->row_line, s->names[0], s->names[1]);
		return RT_SHEET_NOHEADER;
	}
	return RT_SHEET_OK;
}

/* Keeps one row: its cells in their columns; a row of empty cells is a blank line. */
static void
row(struct rt_sheet *s, struct rt_csv *c, const size_t *at, size_t nat)
{
	const char *p;
	size_t i, n, r, used = 0;

	for (i = 0; i < c->nfields; i++) {
		p = rt_csv_field(c, i, &n);
		if (n == 0)
			continue;
		if (i >= nat) {
			rt_warnx("%s:%lu: %zu cells, but the header names %zu columns; row left out", s->path,
			    c->row_line, c->nfields, nat);
			s->nbad++;
			return;
		}
		used++;
	}
	if (used == 0)
		return;
	r = rt_sheet_append(s);
	s->line[r] = c->row_line;
	for (i = 0; i < c->nfields && i < nat; i++) {
		p = rt_csv_field(c, i, &n);
		free(*cell(s, r, at[i]));
		*cell(s, r, at[i]) = rt_estrndup(p, n);
	}
}

static int
load(struct rt_sheet *s, char *why, size_t whysz)
{
	struct rt_reader in;
	struct rt_csv c;
	size_t *at = NULL, nat = 0;
	int rc, st = RT_SHEET_OK;

	/* A file about to be rewritten is read from the descriptor locked, never by name again. */
	if ((s->locked ? rt_atomic_reader(&s->lock, &in, s->path) : rt_reader_open(&in, s->path)) == -1)
		return RT_SHEET_UNREADABLE;
	rt_csv_open(&c, &in);
	while ((rc = rt_csv_next(&c)) != 0) {
		if (rc == RT_READ_ERROR) {
			st = RT_SHEET_UNREADABLE;
			break;
		}
		if (rc == -3) {
			rt_warnx("%s:%lu: %s; row left out", s->path, c.row_line, c.why);
			s->nbad++;
			continue;
		}
		if (at == NULL) {
			nat = c.nfields;
			if ((st = header(s, &c, &at, why, whysz)) != RT_SHEET_OK)
				break;
			continue;
		}
		row(s, &c, at, nat);
	}
	rt_csv_close(&c);
	rt_reader_close(&in);
	free(at);
	return st;
}

/*
 * Reads the sheet at path, whose columns rt names in names.  With lock, the
 * file is locked first (and may not exist yet: the sheet is then empty),
 * so that the caller can change it and rt_sheet_write it back.  Bad rows
 * are reported on stderr, counted in nbad and left out; with lock, a sheet
 * with any is refused (RT_SHEET_BADROWS), since writing it back would lose
 * them.  RT_SHEET_OK, or another RT_SHEET_* with why.
 */
int
rt_sheet_open(
    struct rt_sheet *s, const char *path, const char *const *names, int lock, char *why, size_t whysz)
{
	size_t i;
	int st;

	memset(s, 0, sizeof(*s));
	s->path = path;
	s->names = names;
	for (s->nnames = 0; names[s->nnames] != NULL; s->nnames++)
		;
	s->ncols = s->nnames;
	s->header = rt_ecalloc(s->ncols, sizeof(*s->header));
	for (i = 0; i < s->nnames; i++)
		s->header[i] = rt_estrdup(names[i]);
	snprintf(why, whysz, "%s: %s", path, "cannot be read");
	if (lock) {
		if (rt_atomic_lock(&s->lock, path) == -1) {
			snprintf(why, whysz, "%s: %s", path, rt_atomic_strerror(errno));
			/* Not a regular file (a device, a FIFO) is a usage error, as sed -i has it. */
			return rt_atomic_status(errno) == RT_EXIT_USAGE ? RT_SHEET_UNREADABLE
									: RT_SHEET_UNLOCKABLE;
		}
		s->locked = 1;
	}
	s->exists = 1;
	if ((st = load(s, why, whysz)) == RT_SHEET_UNREADABLE) {
		if (lock && errno == ENOENT) {
			s->exists = 0;
			return RT_SHEET_OK;
		}
		snprintf(why, whysz, "%s: %s", path, strerror(errno));
	}
	if (st == RT_SHEET_OK && lock && s->nbad > 0) {
		snprintf(why, whysz,
		    "%s: %lu row%s above cannot be read; mend the file before it is rewritten", path, s->nbad,
		    s->nbad == 1 ? "" : "s");
		st = RT_SHEET_BADROWS;
	}
	return st;
}

/* The exit status (SPEC section 4) for what rt_sheet_open returned. */
int
rt_sheet_exit(int st)
{
	switch (st) {
	case RT_SHEET_OK:
		return RT_EXIT_OK;
	case RT_SHEET_UNREADABLE:
		return RT_EXIT_USAGE;
	case RT_SHEET_UNLOCKABLE:
		return RT_EXIT_IO;
	default:
		return RT_EXIT_BADINPUT;
	}
}

const char *
rt_sheet_get(const struct rt_sheet *s, size_t row, size_t col)
{
	return s->cells[row * s->ncols + col];
}

void
rt_sheet_set(struct rt_sheet *s, size_t r, size_t col, const char *v)
{
	free(*cell(s, r, col));
	*cell(s, r, col) = rt_estrdup(v != NULL ? v : "");
}

/* A new row of empty cells at the end; its index. */
size_t
rt_sheet_append(struct rt_sheet *s)
{
	size_t cap = s->cap, i;

	s->line = rt_egrow(s->line, &cap, s->nrows + 1, sizeof(*s->line));
	s->cells = rt_egrow(s->cells, &s->cap, (s->nrows + 1), s->ncols * sizeof(*s->cells));
	s->line[s->nrows] = 0;
	for (i = 0; i < s->ncols; i++)
		*cell(s, s->nrows, i) = rt_estrdup("");
	return s->nrows++;
}

/*
 * Replaces the locked file with the sheet: rt's columns in its order, then
 * the others, LF line ends, quoted only where CSV needs it.  -1 (errno
 * set) leaves the file as it was; the lock is released either way.
 */
int
rt_sheet_write(struct rt_sheet *s)
{
	struct rt_buf b = { 0 };
	size_t r, i;
	FILE *fp;
	int rc = -1;

	for (r = 0; r <= s->nrows; r++) {
		for (i = 0; i < s->ncols; i++) {
			if (i > 0)
				rt_buf_addc(&b, ',');
			if (r == 0)
				rt_csv_add_field(&b, s->header[i], strlen(s->header[i]));
			else
				rt_csv_add_field(&b, *cell(s, r - 1, i), strlen(*cell(s, r - 1, i)));
		}
		rt_buf_addc(&b, '\n');
	}
	s->locked = 0;
	if ((fp = rt_atomic_begin(&s->lock)) == NULL || fwrite(b.p, 1, b.len, fp) != b.len)
		rt_atomic_abort(&s->lock);
	else
		rc = rt_atomic_commit(&s->lock);
	rt_buf_free(&b);
	return rc;
}

/* Frees the sheet; a lock still held is given up and the file left as it was. */
void
rt_sheet_close(struct rt_sheet *s)
{
	size_t i;

	if (s->locked)
		rt_atomic_abort(&s->lock);
	for (i = 0; i < s->nrows * s->ncols; i++)
		free(s->cells[i]);
	for (i = 0; i < s->ncols; i++)
		free(s->header[i]);
	free(s->cells);
	free(s->header);
	free(s->line);
	memset(s, 0, sizeof(*s));
}
