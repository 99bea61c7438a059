/*
 * CSV input through libcsv in strict mode, fed one line at a time so that
 * every row knows the line it starts on and a broken quote is reported there.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_csv.h"
#include "rt_err.h"

static void
on_field(void *s, size_t n, void *data)
{
	struct rt_csv *c = data;
	size_t cap;

	if (c->nfields == c->cap) {
		cap = c->cap;
		c->off = rt_egrow(c->off, &cap, c->nfields + 1, sizeof(*c->off));
		c->len = rt_egrow(c->len, &c->cap, c->nfields + 1, sizeof(*c->len));
	}
	c->off[c->nfields] = c->text.len;
	c->len[c->nfields] = n;
	rt_buf_add(&c->text, s, n);
	rt_buf_addc(&c->text, '\0');
	c->nfields++;
	c->row_open = 1;
}

static void
on_row(int term, void *data)
{
	struct rt_csv *c = data;

	(void)term;
	c->row_done = 1;
}

static int
start(struct rt_csv *c)
{
	if (csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	/* libcsv grows a field by this much at a time: 128 bytes made a 10 MB field quadratic. */
	csv_set_blk_size(&c->parser, 1 << 20);
	return 0;
}

int
rt_csv_open(struct rt_csv *c, struct rt_reader *in)
{
	memset(c, 0, sizeof(*c));
	c->in = in;
	return start(c);
}

/*
 * Reads the next row: 1 with a row, 0 at the end, RT_READ_ERROR for a read
 * error (errno), -3 for a CSV syntax error (c->why, at c->row_line).
 */
int
rt_csv_next(struct rt_csv *c)
{
	char *line;
	size_t len;
	int rc;

	rt_buf_reset(&c->text);
	c->nfields = 0;
	c->row_open = c->row_done = 0;
	while (!c->done) {
		rc = rt_reader_next(c->in, &line, &len);
		if (rc == RT_READ_ERROR)
			return rc;
		if (rc == RT_READ_TOOLONG) {
			snprintf(c->why, sizeof(c->why), "line longer than %lu bytes", RT_LINE_MAX);
			c->row_line = c->in->lineno;
			return -3;
		}
		if (rc == RT_READ_EOF) {
			c->done = 1;
			if (csv_fini(&c->parser, on_field, on_row, c) != 0) {
				snprintf(c->why, sizeof(c->why),
				    "unterminated quoted field: the rest of the file is inside it");
				return -3;
			}
			break;
		}
		if (!c->row_open && c->nfields == 0)
			c->row_line = c->in->lineno;
		if (len == 0 && !c->row_open)
			continue; /* a blank line between rows */
		if (csv_parse(&c->parser, line, len, on_field, on_row, c) != len ||
		    csv_parse(&c->parser, "\n", 1, on_field, on_row, c) != 1) {
			snprintf(c->why, sizeof(c->why), "malformed quoting (%s)",
			    csv_strerror(csv_error(&c->parser)));
			c->row_line = c->in->lineno;
			/* Start afresh on the next line, so one bad row costs only itself. */
			csv_free(&c->parser);
			if (start(c) == -1)
				c->done = 1;
			return -3;
		}
		if (c->row_done)
			return 1;
		c->row_open = 1; /* a quoted field goes on over the newline */
	}
	return c->row_done && c->nfields > 0 ? 1 : 0;
}

const char *
rt_csv_field(const struct rt_csv *c, size_t i, size_t *n)
{
	if (i >= c->nfields) {
		*n = 0;
		return NULL;
	}
	*n = c->len[i];
	return c->text.p + c->off[i];
}

void
rt_csv_close(struct rt_csv *c)
{
	csv_free(&c->parser);
	free(c->off);
	free(c->len);
	rt_buf_free(&c->text);
}

/*
 * Appends one field, quoted when it must be: libcsv, like many readers, trims
 * spaces and tabs around a field that is not quoted.
 */
void
rt_csv_add_field(struct rt_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			break;
	if (i == n && (n == 0 || (s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t'))) {
		rt_buf_add(b, s, n);
		return;
	}
	rt_buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			rt_buf_addc(b, '"');
		rt_buf_addc(b, s[i]);
	}
	rt_buf_addc(b, '"');
}

/* Sets the field separator (libcsv's default is the comma). */
void
rt_csv_delimiter(struct rt_csv *c, char delim)
{
	csv_set_delim(&c->parser, (unsigned char)delim);
}
