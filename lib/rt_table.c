/* Rendering rows of cells as a GitHub markdown table, aligned text or CSV, and reading markdown table rows back. */
#include <stdlib.h>
#include <string.h>

#include "rt_csv.h"
#include "rt_err.h"
#include "rt_table.h"

void
rt_table_init(struct rt_table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->right = rt_ecalloc(ncols, sizeof(*t->right));
}

void
rt_table_free(struct rt_table *t)
{
	free(t->right);
	free(t->cell);
	rt_buf_free(&t->text);
	memset(t, 0, sizeof(*t));
}

void
rt_table_right(struct rt_table *t, size_t col)
{
	t->right[col] = 1;
}

/* Appends a cell; rows fill left to right, the first row is the header. */
void
rt_table_add(struct rt_table *t, const char *s, size_t n)
{
	t->cell = rt_egrow(t->cell, &t->cap, t->ncells + 1, sizeof(*t->cell));
	t->cell[t->ncells++] = t->text.len;
	rt_buf_add(&t->text, s, n);
	rt_buf_addc(&t->text, '\0');
}

void
rt_table_adds(struct rt_table *t, const char *s)
{
	rt_table_add(t, s, strlen(s));
}

/* Columns on a terminal: UTF-8 continuation bytes take no room. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* Appends text with what a viewer would act on made harmless (rt_visible_char). */
static void
add_visible(struct rt_buf *b, const char *s, size_t n)
{
	const char *r;
	size_t i, len;

	for (i = 0; i < n; i += len) {
		if ((r = rt_visible_char(s + i, n - i, &len)) != NULL)
			rt_buf_adds(b, r);
		else
			rt_buf_add(b, s + i, len);
	}
}

/*
 * A markdown cell: a pipe would end it and a newline would end the row.  A
 * backslash or a backtick is escaped too, since either would change how the
 * rest reads, and rt_tracker_log_read must get an ID back as it was written;
 * so are '<', so that text from a source never becomes HTML, and a '!' after
 * it, so that no cell holds "<!--" and with it a tracker's region marker;
 * and brackets, so that a client named ![x](https://...) is not an image
 * every view of the tracker fetches, nor [Click here](...) a link.  Control
 * characters (terminal escapes) are made harmless as rt_visible_char says.
 */
void
rt_md_cell(struct rt_buf *b, const char *s, size_t n)
{
	const char *r;
	size_t i, len;

	for (i = 0; i < n; i += len) {
		len = 1;
		if (s[i] == '|' || s[i] == '\\' || s[i] == '`' || s[i] == '<' || s[i] == '[' || s[i] == ']' ||
		    (s[i] == '!' && i > 0 && s[i - 1] == '<')) {
			rt_buf_addc(b, '\\');
			rt_buf_addc(b, s[i]);
		} else if ((r = rt_visible_char(s + i, n - i, &len)) != NULL)
			rt_buf_adds(b, r);
		else
			rt_buf_add(b, s + i, len);
	}
}

void
rt_md_row(struct rt_buf *b, const char *const *cells, size_t n)
{
	size_t i;

	rt_buf_addc(b, '|');
	for (i = 0; i < n; i++) {
		rt_buf_addc(b, ' ');
		rt_md_cell(b, cells[i], strlen(cells[i]));
		rt_buf_add(b, " |", 2);
	}
	rt_buf_addc(b, '\n');
}

/*
 * Would a spreadsheet take this cell for a formula?  Text that begins with
 * = + - @ (or a tab or CR, which some strip first) does; a number, signed
 * or not, is a number and stays one.
 */
static int
formula(const char *s)
{
	size_t i = *s == '-' || *s == '+' ? 1 : 0, digits = 0;

	if (strchr("=+-@\t\r", *s) == NULL || *s == '\0')
		return 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
	return digits == 0 || s[i] != '\0';
}

/* A CSV cell; for a spreadsheet, a formula gets a leading ' and is shown as the text it is. */
static void
csv_cell(struct rt_buf *b, const char *s, enum rt_table_format f)
{
	struct rt_buf quoted = { 0 };

	if (f != RT_TABLE_CSV_NO_FORMULAS || !formula(s)) {
		rt_csv_add_field(b, s, strlen(s));
		return;
	}
	rt_buf_addc(&quoted, '\'');
	rt_buf_adds(&quoted, s);
	rt_csv_add_field(b, quoted.p, quoted.len);
	rt_buf_free(&quoted);
}

void
rt_table_render(const struct rt_table *t, enum rt_table_format f, struct rt_buf *b)
{
	size_t *w, *off, i, c, nrows = t->ncells / t->ncols, pad;
	struct rt_buf shown = { 0 };
	const char *s;

	/* Text for a terminal is shown as rt_visible_char says: one line a row, no escape sequences. */
	off = rt_ecalloc(t->ncells, sizeof(*off));
	for (i = 0; i < t->ncells; i++) {
		off[i] = shown.len;
		add_visible(&shown, t->text.p + t->cell[i], strlen(t->text.p + t->cell[i]));
		rt_buf_addc(&shown, '\0');
	}
	w = rt_ecalloc(t->ncols, sizeof(*w));
	for (i = 0; i < nrows * t->ncols; i++)
		if (width(shown.p + off[i]) > w[i % t->ncols])
			w[i % t->ncols] = width(shown.p + off[i]);
	for (i = 0; i < nrows; i++) {
		if (f == RT_TABLE_MD)
			rt_buf_addc(b, '|');
		for (c = 0; c < t->ncols; c++) {
			s = t->text.p + t->cell[i * t->ncols + c];
			switch (f) {
			case RT_TABLE_CSV:
			case RT_TABLE_CSV_NO_FORMULAS:
				if (c > 0)
					rt_buf_addc(b, ',');
				csv_cell(b, s, f);
				break;
			case RT_TABLE_MD:
				rt_buf_addc(b, ' ');
				rt_md_cell(b, s, strlen(s));
				rt_buf_add(b, " |", 2);
				break;
			case RT_TABLE_TEXT:
				s = shown.p + off[i * t->ncols + c];
				pad = w[c] - width(s);
				if (c > 0)
					rt_buf_add(b, "  ", 2);
				if (t->right[c])
					while (pad-- > 0)
						rt_buf_addc(b, ' ');
				rt_buf_adds(b, s);
				if (!t->right[c] && c + 1 < t->ncols)
					while (pad-- > 0)
						rt_buf_addc(b, ' ');
				break;
			}
		}
		if (f == RT_TABLE_TEXT)
			while (b->len > 0 && b->p[b->len - 1] == ' ')
				b->len--;
		rt_buf_addc(b, '\n');
		if (i == 0 && f == RT_TABLE_MD) {
			rt_buf_addc(b, '|');
			for (c = 0; c < t->ncols; c++)
				rt_buf_adds(b, t->right[c] ? "---:|" : "---|");
			rt_buf_addc(b, '\n');
		}
	}
	free(w);
	free(off);
	rt_buf_free(&shown);
}

/* A report's --format for people: "text" (aligned) or "md"; -1 for anything else. */
int
rt_table_format_parse(const char *name, enum rt_table_format *f)
{
	if (strcmp(name, "text") == 0)
		*f = RT_TABLE_TEXT;
	else if (strcmp(name, "md") == 0)
		*f = RT_TABLE_MD;
	else
		return -1;
	return 0;
}

/* Splits a markdown table row into trimmed cells; a backslash keeps a pipe in its cell. */
size_t
rt_md_split(const char *p, size_t n, const char **cell, size_t *len, size_t max)
{
	size_t i = 0, start, ncells = 0, a, b;

	while (i < n && p[i] == ' ')
		i++;
	if (i < n && p[i] == '|')
		i++;
	while (i < n && ncells < max) {
		for (start = i; i < n && p[i] != '|'; i++)
			if (p[i] == '\\' && i + 1 < n)
				i++;
		a = start;
		b = i;
		while (a < b && (p[a] == ' ' || p[a] == '\t'))
			a++;
		while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t' || p[b - 1] == '\r'))
			b--;
		if (i >= n && a == b)
			break; /* nothing after the last pipe */
		cell[ncells] = p + a;
		len[ncells++] = b - a;
		i++;
	}
	return ncells;
}

/*
 * A cell's text as the value it stands for: code backticks dropped and
 * markdown's backslash escapes undone (rt_md_cell writes \|, \\, \`, \< and
 * \!), so an ID compares as rt wrote it and as a reader sees it.
 */
void
rt_md_unescape(const char *id, size_t idlen, struct rt_buf *out)
{
	size_t k;

	while (idlen >= 2 && id[0] == '`' && id[idlen - 1] == '`')
		id++, idlen -= 2;
	for (k = 0; k < idlen; k++) {
		if (id[k] == '\\' && k + 1 < idlen && id[k + 1] != '\0' &&
		    strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", id[k + 1]) != NULL)
			k++;
		rt_buf_addc(out, id[k]);
	}
}
