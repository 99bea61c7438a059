/*
 * Regions are marked with HTML comments, which GitHub does not show:
 * an inline one for the time of the last update, block ones (markers on
 * their own lines) for the YTD line, the monthly table and the log.
 * This file finds them, adopts a hand-kept file's, reads the log table and
 * splices new contents in; rt_trackview.c makes those contents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_err.h"
#include "rt_io.h"
#include "rt_table.h"
#include "rt_tracker.h"
#include "rt_trackview.h"

const char *const rt_region_names[RT_NREGIONS] = { "updated", "ytd", "monthly", "log" };

const char rt_tracker_template[] = "# Revenue Tracker\n"
				   "\n"
				   "Last updated: <!-- rt:updated --><!-- /rt:updated -->\n"
				   "\n"
				   "<!-- rt:ytd -->\n<!-- /rt:ytd -->\n"
				   "\n"
				   "## Monthly Summary\n"
				   "<!-- rt:monthly -->\n<!-- /rt:monthly -->\n"
				   "\n"
				   "## Transaction Log\n"
				   "<!-- rt:log -->\n<!-- /rt:log -->\n";

static const char *const headings[RT_NREGIONS] = { NULL, NULL, "Monthly Summary", "Transaction Log" };

static unsigned long
line_of(const char *text, size_t off)
{
	unsigned long n = 1;
	size_t i;

	for (i = 0; i < off; i++)
		n += text[i] == '\n';
	return n;
}

/* The fenced code blocks of a tracker: [from, to) of each, fence lines included. */
struct fences {
	size_t (*r)[2];
	size_t n, cap;
	size_t tail; /* where what goes at the end goes: before a block left open, else the end */
};

/*
 * The fence a line opens or closes (CommonMark: up to three spaces, then
 * three or more backticks or tildes; a backtick fence's info string holds
 * no backtick): its character and length, or 0.
 */
static size_t
fence_line(const char *p, size_t n, char *ch)
{
	size_t i = 0, k;

	while (i < n && i < 3 && p[i] == ' ')
		i++;
	if (i >= n || (p[i] != '`' && p[i] != '~'))
		return 0;
	for (k = i; k < n && p[k] == p[i]; k++)
		;
	if (k - i < 3 || (p[i] == '`' && memchr(p + k, '`', n - k) != NULL))
		return 0;
	*ch = p[i];
	return k - i;
}

/*
 * Is the marker at text + at preceded, on its line, by the start of a
 * fence?  "```st<!-- rt:log -->...`" opens no block (its info string holds
 * a backtick), but once rt writes the region on the lines after the marker,
 * "```st<!-- rt:log -->" alone would open one and hide every region after
 * it.  Such a marker is text.
 */
static int
after_fence(const char *text, size_t at)
{
	size_t from = at;
	char ch;

	while (from > 0 && text[from - 1] != '\n')
		from--;
	if (from == 0)
		from = rt_bom(text, at); /* as find_fences reads the first line */
	return fence_line(text + from, at - from, &ch) > 0;
}

/*
 * When the line off..end opens a region (its marker, outside any fence),
 * the end of the line that closes the last region opened there: the lines
 * between are rt's, and a fence among them (an ID of ```) opens nothing.
 * Else off..end is not a region's, and end is returned.
 */
static size_t
skip_regions(const char *text, size_t len, size_t off, size_t end)
{
	char open[32], close[32];
	const char *a, *b, *nl;
	int i, found;

	do {
		found = 0;
		for (i = 0; i < RT_NREGIONS; i++) {
			snprintf(open, sizeof(open), "<!-- rt:%s -->", rt_region_names[i]);
			snprintf(close, sizeof(close), "<!-- /rt:%s -->", rt_region_names[i]);
			if ((a = memmem(text + off, end - off, open, strlen(open))) == NULL ||
			    after_fence(text, (size_t)(a - text)) ||
			    (b = memmem(a, len - (size_t)(a - text), close, strlen(close))) == NULL)
				continue;
			/* Another region may open on the line this one closes. */
			off = (size_t)(b - text) + strlen(close);
			nl = memchr(text + off, '\n', len - off);
			end = nl != NULL ? (size_t)(nl - text) : len;
			found = 1;
			break;
		}
	} while (found);
	return end;
}

/* Finds every fenced code block; one left open runs to the end, as CommonMark has it. */
static void
find_fences(const char *text, size_t len, struct fences *f)
{
	size_t off, end, open = 0, openlen = 0, n, k;
	const char *nl;
	char ch, opench = 0;

	memset(f, 0, sizeof(*f));
	f->tail = len;
	/* A byte-order mark is no text of the first line: "```" after it opens a block. */
	off = rt_bom(text, len);
	for (; off < len; off = end + 1) {
		nl = memchr(text + off, '\n', len - off);
		end = nl != NULL ? (size_t)(nl - text) : len;
		n = fence_line(text + off, end - off, &ch);
		if (n == 0 && openlen == 0)
			end = skip_regions(text, len, off, end);
		if (n == 0)
			continue;
		if (openlen == 0) {
			open = off;
			openlen = n;
			opench = ch;
			continue;
		}
		/* A closing fence: the same character, as long at least, nothing after it but blanks. */
		for (k = off; text[k] == ' '; k++)
			;
		k += n;
		while (k < end && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
			k++;
		if (ch != opench || n < openlen || k < end)
			continue;
		f->r = rt_egrow(f->r, &f->cap, f->n + 1, sizeof(*f->r));
		f->r[f->n][0] = open;
		f->r[f->n++][1] = end;
		openlen = 0;
	}
	if (openlen > 0) {
		f->r = rt_egrow(f->r, &f->cap, f->n + 1, sizeof(*f->r));
		f->r[f->n][0] = open;
		f->r[f->n++][1] = len;
		f->tail = open; /* a region put after it would be code */
	}
}

static int
fenced(const struct fences *f, size_t off)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->r[i][0] <= off && off < f->r[i][1])
			return 1;
	return 0;
}

/* The first needle outside fenced code blocks and not after a fence, searching hay..hay+n of text. */
static const char *
find(const struct fences *f, const char *text, const char *hay, size_t n, const char *needle)
{
	const char *p;
	size_t len = strlen(needle);

	for (p = memmem(hay, n, needle, len);
	     p != NULL && (fenced(f, (size_t)(p - text)) || after_fence(text, (size_t)(p - text)));
	     p = memmem(p + 1, n - (size_t)(p + 1 - hay), needle, len))
		;
	return p;
}

static size_t
line_start(const struct rt_tracker *t, size_t off)
{
	while (off > 0 && t->text[off - 1] != '\n')
		off--;
	return off;
}

static size_t
line_end(const struct rt_tracker *t, size_t off)
{
	const char *nl = memchr(t->text + off, '\n', t->len - off);

	return nl != NULL ? (size_t)(nl - t->text) : t->len;
}

/*
 * Does the line from..end hold any byte of a region already found?  Such a
 * line is not a candidate for adoption, even when the region starts after
 * the line does: adopting it would overlap the region, and rt_tracker_apply
 * writes each region once.
 */
static int
claimed(const struct rt_tracker *t, size_t from, size_t end)
{
	int i;

	for (i = 0; i < RT_NREGIONS; i++)
		if (t->r[i].how == RT_REGION_FOUND && t->r[i].outer_from <= end && from < t->r[i].outer_to)
			return 1;
	return 0;
}

/* Is off strictly inside a region found, so that nothing may be inserted there? */
static int
inside(const struct rt_tracker *t, size_t off)
{
	int i;

	for (i = 0; i < RT_NREGIONS; i++)
		if (t->r[i].how == RT_REGION_FOUND && t->r[i].outer_from < off && off < t->r[i].outer_to)
			return 1;
	return 0;
}

/* "## Monthly Summary" at any heading level, in any case. */
static int
is_heading(const char *p, size_t n, const char *title)
{
	size_t i = 0, tl = strlen(title);

	while (i < n && i < 6 && p[i] == '#')
		i++;
	if (i == 0 || i >= n || p[i] != ' ')
		return 0;
	while (i < n && p[i] == ' ')
		i++;
	while (n > i && (p[n - 1] == ' ' || p[n - 1] == '#'))
		n--;
	return n - i == tl && strncasecmp(p + i, title, tl) == 0;
}

static int
starts_table(const char *p, size_t n)
{
	while (n > 0 && *p == ' ')
		p++, n--;
	return n > 0 && *p == '|';
}

/*
 * Finds the markers of each region outside fenced code blocks (a tracker
 * may show them in one); -1 when they are broken (why says where).
 */
static int
markers(struct rt_tracker *t, const struct fences *f, char *why, size_t whysz)
{
	char open[32], close[32];
	const char *a, *b, *again;
	struct rt_region *r;
	int i, j;

	for (i = 0; i < RT_NREGIONS; i++) {
		r = &t->r[i];
		snprintf(open, sizeof(open), "<!-- rt:%s -->", rt_region_names[i]);
		snprintf(close, sizeof(close), "<!-- /rt:%s -->", rt_region_names[i]);
		a = find(f, t->text, t->text, t->len, open);
		b = find(f, t->text, t->text, t->len, close);
		if (a == NULL && b == NULL) {
			r->how = RT_REGION_INSERT;
			continue;
		}
		if (a == NULL || b == NULL || b < a) {
			snprintf(why, whysz, "%lu: %s without its %s",
			    line_of(t->text, (size_t)((a != NULL ? a : b) - t->text)),
			    a != NULL ? open : close, a != NULL ? close : open);
			return -1;
		}
		again = find(f, t->text, a + 1, t->len - (size_t)(a + 1 - t->text), open);
		if (again == NULL)
			again = find(f, t->text, b + 1, t->len - (size_t)(b + 1 - t->text), close);
		if (again != NULL) {
			snprintf(why, whysz, "%lu: a second rt:%s marker",
			    line_of(t->text, (size_t)(again - t->text)), rt_region_names[i]);
			return -1;
		}
		r->how = RT_REGION_FOUND;
		r->from = (size_t)(a - t->text) + strlen(open);
		r->to = (size_t)(b - t->text);
		r->line = line_of(t->text, (size_t)(a - t->text));
		r->outer_from = (size_t)(a - t->text);
		r->outer_to = (size_t)(b - t->text) + strlen(close);
		if (i != RT_REGION_UPDATED && memchr(t->text + r->from, '\n', r->to - r->from) == NULL) {
			snprintf(why, whysz, "%lu: the rt:%s markers must be on lines of their own", r->line,
			    rt_region_names[i]);
			return -1;
		}
	}
	for (i = 0; i < RT_NREGIONS; i++)
		for (j = 0; j < RT_NREGIONS; j++)
			if (i != j && t->r[i].how == RT_REGION_FOUND && t->r[j].how == RT_REGION_FOUND &&
			    t->r[i].from <= t->r[j].from && t->r[j].from <= t->r[i].to) {
				snprintf(why, whysz, "%lu: the rt:%s region is inside rt:%s", t->r[j].line,
				    rt_region_names[j], rt_region_names[i]);
				return -1;
			}
	return 0;
}

/*
 * A line a person wrote where rt's "Last updated" or YTD line goes, outside
 * any region: adopted as that region.  Returns 1 when the line was taken.
 */
static int
adopt_line(struct rt_tracker *t, size_t off, size_t end)
{
	struct rt_region *u = &t->r[RT_REGION_UPDATED], *y = &t->r[RT_REGION_YTD];
	const char *p = t->text + off, *colon;
	size_t k, n = end - off;

	if (u->how == RT_REGION_INSERT && u->line == 0) {
		for (k = 0; k < n && (p[k] == '*' || p[k] == '_' || p[k] == ' '); k++)
			;
		if (n - k >= 12 && strncasecmp(p + k, "last updated", 12) == 0 &&
		    (colon = memchr(p + k, ':', n - k)) != NULL) {
			for (k = (size_t)(colon - p) + 1; k < n && (p[k] == '*' || p[k] == '_'); k++)
				;
			while (k < n && p[k] == ' ')
				k++;
			u->how = RT_REGION_ADOPT;
			u->from = off + k;
			u->to = end;
			u->line = line_of(t->text, off);
			return 1;
		}
	}
	if (y->how == RT_REGION_INSERT && y->line == 0 && !starts_table(p, n) && n >= 9) {
		/* The first letter first: a 100 MB line costs one pass, not nine. */
		for (k = 0; k + 9 <= n; k++)
			if ((p[k] == 'y' || p[k] == 'Y') && strncasecmp(p + k, "ytd total", 9) == 0)
				break;
		if (k + 9 <= n) {
			y->how = RT_REGION_ADOPT;
			y->from = off;
			y->to = end;
			y->line = line_of(t->text, off);
			return 1;
		}
	}
	return 0;
}

/*
 * The line off..end is the heading of region i ("## Monthly Summary"): the
 * table under it, after blank lines, is adopted as the region; with no
 * table, the region goes just after the heading.
 */
static void
adopt_table(struct rt_tracker *t, int i, size_t off, size_t end)
{
	size_t tstart, tend, len = t->len;

	for (tstart = end + 1; tstart < len && t->text[tstart] == '\n'; tstart++)
		;
	for (tend = tstart; tend < len && starts_table(t->text + tend, line_end(t, tend) - tend) &&
	     !claimed(t, tend, line_end(t, tend));)
		tend = line_end(t, tend) + 1;
	if (tend > tstart) {
		t->r[i].how = RT_REGION_ADOPT;
		t->r[i].from = tstart;
		t->r[i].to = tend - 1 > len ? len : tend - 1; /* up to the last newline */
		t->r[i].line = line_of(t->text, tstart);
	} else {
		t->r[i].from = t->r[i].to = end < len ? end + 1 : len;
		t->r[i].line = line_of(t->text, off);
	}
}

/*
 * What is still missing goes in at sensible places: "Last updated" under
 * the title (h1 is the end of its line) or at the top, the YTD line before
 * the monthly table, the tables with their headings before an open fence.
 */
static void
place_missing(struct rt_tracker *t, const struct fences *f, size_t h1, size_t bom, const size_t *heading_end)
{
	const char *text = t->text;
	size_t off, len = t->len;
	int i;

	if (t->r[RT_REGION_UPDATED].how == RT_REGION_INSERT) {
		t->r[RT_REGION_UPDATED].from = t->r[RT_REGION_UPDATED].to =
		    h1 != (size_t)-1 ? (h1 < len ? h1 + 1 : len) : bom;
		t->r[RT_REGION_UPDATED].heading = h1 != (size_t)-1;
	}
	if (t->r[RT_REGION_YTD].how == RT_REGION_INSERT) {
		off = f->tail;
		if (heading_end[RT_REGION_MONTHLY] != (size_t)-1) {
			for (off = heading_end[RT_REGION_MONTHLY]; off > 0 && text[off - 1] != '\n'; off--)
				;
		} else if (t->r[RT_REGION_MONTHLY].how == RT_REGION_FOUND) {
			/*
			 * Before the monthly region, and before the heading just above
			 * it, unless that is inside another region.
			 */
			off = line_start(t, t->r[RT_REGION_MONTHLY].outer_from);
			if (inside(t, off))
				off = t->r[RT_REGION_MONTHLY].outer_from;
			else if (off > 0 && text[line_start(t, off - 1)] == '#' &&
			    !inside(t, line_start(t, off - 1)))
				off = line_start(t, off - 1);
		}
		t->r[RT_REGION_YTD].from = t->r[RT_REGION_YTD].to = off;
	}
	for (i = RT_REGION_MONTHLY; i <= RT_REGION_LOG; i++)
		if (t->r[i].how == RT_REGION_INSERT && heading_end[i] == (size_t)-1) {
			t->r[i].from = t->r[i].to = f->tail;
			t->r[i].heading = 1;
		}
}

/*
 * Reads a tracker.  Regions with markers are found; a hand-kept file gets its
 * "Last updated:" line, its "YTD Total" line and the tables under "Monthly
 * Summary" and "Transaction Log" adopted; what is missing is inserted.
 * Nothing inside a fenced code block is taken for a marker or adopted, and a
 * byte-order mark stays first.
 */
int
rt_tracker_scan(struct rt_tracker *t, const char *text, size_t len, char *why, size_t whysz)
{
	size_t off, end, h1 = (size_t)-1, heading_end[RT_NREGIONS], bom;
	const char *p;
	struct fences f;
	int i;

	memset(t, 0, sizeof(*t));
	t->text = text;
	t->len = len;
	find_fences(text, len, &f);
	if (markers(t, &f, why, whysz) == -1) {
		free(f.r);
		return -1;
	}
	for (i = 0; i < RT_NREGIONS; i++)
		heading_end[i] = (size_t)-1;
	bom = rt_bom(text, len);

	for (off = bom; off < len; off = end + 1) {
		end = line_end(t, off);
		p = text + off;
		if (claimed(t, off, end))
			continue; /* a region's own lines are rt's */
		if (fenced(&f, off))
			continue;
		if (h1 == (size_t)-1 && end - off > 2 && p[0] == '#' && p[1] == ' ')
			h1 = end;
		if (adopt_line(t, off, end))
			continue;
		for (i = RT_REGION_MONTHLY; i <= RT_REGION_LOG; i++)
			if (t->r[i].how == RT_REGION_INSERT && heading_end[i] == (size_t)-1 &&
			    is_heading(p, end - off, headings[i])) {
				heading_end[i] = end;
				adopt_table(t, i, off, end);
			}
	}
	place_missing(t, &f, h1, bom, heading_end);
	free(f.r);
	return 0;
}

/*
 * A block region's current lines, each ending in a newline: the content
 * between the markers, or the adopted line or table.
 */
void
rt_tracker_lines(const struct rt_tracker *t, enum rt_region_id id, struct rt_buf *out)
{
	const char *p;
	size_t n;

	rt_tracker_old(t, id, &p, &n);
	if (t->r[id].how == RT_REGION_FOUND && n > 0 && p[0] == '\n')
		p++, n--;
	rt_buf_add(out, p, n);
	if (out->len > 0 && out->p[out->len - 1] != '\n')
		rt_buf_addc(out, '\n');
}

/* The region's current text: the content between markers, or the adopted line or table. */
void
rt_tracker_old(const struct rt_tracker *t, enum rt_region_id id, const char **p, size_t *n)
{
	const struct rt_region *r = &t->r[id];

	*p = t->text + r->from;
	*n = r->how == RT_REGION_INSERT ? 0 : r->to - r->from;
}

struct edit {
	size_t from, to;
	int id;
};

static int
cmp_edit(const void *x, const void *y)
{
	const struct edit *a = x, *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	/* What is inserted where an adopted line starts goes before that line, not into it. */
	if ((a->to == a->from) != (b->to == b->from))
		return a->to == a->from ? -1 : 1;
	return a->id - b->id;
}

static void
region_text(struct rt_buf *out, const struct rt_tracker *t, int id, const struct rt_buf *content)
{
	const struct rt_region *r = &t->r[id];
	const char *name = rt_region_names[id];
	int block = id != RT_REGION_UPDATED;

	if (r->how == RT_REGION_FOUND) {
		if (block)
			rt_buf_addc(out, '\n');
		rt_buf_add(out, content->p, content->len);
		return;
	}
	if (r->how == RT_REGION_INSERT) {
		if (r->from == t->len && t->len > 0 && t->text[t->len - 1] != '\n')
			rt_buf_addc(out, '\n');
		if (id == RT_REGION_YTD && r->from == t->len && t->len > 0)
			rt_buf_addc(out, '\n'); /* a paragraph of its own */
		if (id == RT_REGION_UPDATED)
			rt_buf_adds(out, r->heading ? "\nLast updated: " : "Last updated: ");
		else if (r->heading)
			rt_buf_addf(out, "%s## %s\n", t->len > 0 ? "\n" : "", headings[id]);
	}
	rt_buf_addf(out, "<!-- rt:%s -->%s", name, block ? "\n" : "");
	rt_buf_add(out, content->p, content->len);
	rt_buf_addf(out, "<!-- /rt:%s -->", name);
	if (r->how == RT_REGION_INSERT) {
		if (id == RT_REGION_UPDATED)
			rt_buf_adds(out, r->heading ? "\n" : "\n\n");
		else
			rt_buf_adds(out, id == RT_REGION_YTD && r->from < t->len ? "\n\n" : "\n");
	}
}

/* Writes the tracker with each region's content (lines ending in newlines, or inline text) in place. */
void
rt_tracker_apply(const struct rt_tracker *t, struct rt_buf *const *content, struct rt_buf *out)
{
	struct edit e[RT_NREGIONS];
	size_t at = 0;
	int i;

	for (i = 0; i < RT_NREGIONS; i++) {
		e[i].from = t->r[i].from;
		e[i].to = t->r[i].how == RT_REGION_INSERT ? t->r[i].from : t->r[i].to;
		e[i].id = i;
	}
	qsort(e, RT_NREGIONS, sizeof(e[0]), cmp_edit);
	for (i = 0; i < RT_NREGIONS; i++) {
		rt_buf_add(out, t->text + at, e[i].from - at);
		region_text(out, t, e[i].id, content[e[i].id]);
		at = e[i].to;
	}
	rt_buf_add(out, t->text + at, t->len - at);
}

static enum rt_tracklog_col
column(const char *s, size_t n)
{
	static const struct {
		const char *name;
		enum rt_tracklog_col col;
	} names[] = {
		{ "date", RT_COL_DATE },
		{ "day", RT_COL_DATE },
		{ "id", RT_COL_ID },
		{ "transaction id", RT_COL_ID },
		{ "source", RT_COL_SOURCE },
		{ "platform", RT_COL_SOURCE },
		{ "client", RT_COL_CLIENT },
		{ "customer", RT_COL_CLIENT },
		{ "buyer", RT_COL_CLIENT },
		{ "lead", RT_COL_CLIENT },
		{ "company", RT_COL_CLIENT },
		{ "description", RT_COL_DESCRIPTION },
		{ "details", RT_COL_DESCRIPTION },
		{ "item", RT_COL_DESCRIPTION },
		{ "memo", RT_COL_DESCRIPTION },
		{ "amount", RT_COL_AMOUNT },
		{ "revenue", RT_COL_AMOUNT },
		{ "value", RT_COL_AMOUNT },
		{ "currency", RT_COL_CURRENCY },
		{ "kind", RT_COL_KIND },
		{ "type", RT_COL_KIND },
		{ "status", RT_COL_STATUS },
	};
	size_t i;

	while (n > 0 && (*s == '*' || *s == '_'))
		s++, n--;
	while (n > 0 && (s[n - 1] == '*' || s[n - 1] == '_'))
		n--;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && strncasecmp(names[i].name, s, n) == 0)
			return names[i].col;
	return RT_COL_OTHER;
}

static int
delimiter_row(const char **cell, const size_t *len, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < len[i]; j++)
			if (cell[i][j] != '-' && cell[i][j] != ':' && cell[i][j] != ' ')
				return 0;
	return n > 0;
}

/*
 * The ID as it will read back from its cell (white space at the ends
 * trimmed, line breaks made spaces), so that an ID a cell cannot hold
 * exactly still compares equal next time.
 */
void
rt_tracker_log_key(const char *id, struct rt_buf *key)
{
	struct rt_buf cell = { 0 };
	const char *p;
	size_t n;

	rt_md_cell(&cell, id, strlen(id));
	p = cell.p != NULL ? cell.p : "";
	n = cell.len;
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	rt_buf_reset(key);
	rt_md_unescape(p, n, key);
	rt_buf_free(&cell);
}

/*
 * Is the record ID already in the log?  A new ID is added, so a second
 * record with it is not logged twice.
 */
int
rt_tracker_log_has(struct rt_tracklog *log, const char *id)
{
	struct rt_buf key = { 0 };
	int isnew;

	rt_tracker_log_key(id, &key);
	rt_map_insert(&log->ids, key.p != NULL ? key.p : "", key.len, &isnew);
	rt_buf_free(&key);
	return !isnew;
}

/*
 * Reads the log region's current text: the columns of its table and every
 * ID in it, including rows a person added.  -1 when the table has no ID
 * column, since rt could then not tell which records are in it already.
 */
int
rt_tracker_log_read(struct rt_tracklog *log, const char *p, size_t n)
{
	static const enum rt_tracklog_col mine[] = { RT_COL_DATE, RT_COL_ID, RT_COL_SOURCE, RT_COL_CLIENT,
		RT_COL_DESCRIPTION, RT_COL_AMOUNT };
	const char *cell[64], *line, *nl;
	size_t len[64], ncells, i, idcol = (size_t)-1, row = 0;
	struct rt_buf tmp = { 0 };
	uint64_t *value, lineno = 0;

	memset(log, 0, sizeof(*log));
	rt_map_init(&log->ids);
	for (line = p; line < p + n; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(p + n - line))) == NULL)
			nl = p + n;
		if (!starts_table(line, (size_t)(nl - line))) {
			if (log->has_table)
				break; /* the table ended; what follows is the person's */
			continue;
		}
		log->has_table = 1;
		log->append_at = nl < p + n ? (size_t)(nl - p) + 1 : n;
		ncells = rt_md_split(line, (size_t)(nl - line), cell, len, 64);
		if (row++ == 0) {
			log->cols = rt_ecalloc(ncells, sizeof(*log->cols));
			log->ncols = ncells;
			for (i = 0; i < ncells; i++)
				if ((log->cols[i] = column(cell[i], len[i])) == RT_COL_ID &&
				    idcol == (size_t)-1)
					idcol = i;
			if (idcol == (size_t)-1) {
				rt_buf_free(&tmp);
				return -1;
			}
			continue;
		}
		/* Only the row under the header is its delimiter: a later row of dashes is an ID. */
		if ((row == 2 && delimiter_row(cell, len, ncells)) || idcol >= ncells)
			continue;
		rt_buf_reset(&tmp);
		rt_md_unescape(cell[idcol], len[idcol], &tmp);
		if (tmp.len > 0 && *(value = rt_map_insert(&log->ids, tmp.p, tmp.len, NULL)) == 0)
			*value = lineno;
	}
	rt_buf_free(&tmp);
	if (!log->has_table) {
		log->ncols = sizeof(mine) / sizeof(mine[0]);
		log->cols = rt_ecalloc(log->ncols, sizeof(*log->cols));
		memcpy(log->cols, mine, sizeof(mine));
		log->append_at = n;
	}
	return 0;
}

void
rt_tracker_log_free(struct rt_tracklog *log)
{
	free(log->cols);
	rt_map_free(&log->ids);
	memset(log, 0, sizeof(*log));
}

/* The source an rt id names ("close" of "close:oppo_1"), or 0 when it is no rt id. */
static size_t
id_source(const char *id, size_t n)
{
	size_t i;

	for (i = 0; i < n && id[i] != ':'; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '_' ||
			id[i] == '-'))
			return 0;
	return i < n ? i : 0;
}

/*
 * One row of the log as rt would write it now, in place of the row at
 * cell/len: the row as it was when every cell rt owns says the same (so
 * that a person's spacing stays), else rt's row with the person's own
 * columns (those rt does not know) carried over.
 */
static void
merge_row(struct rt_buf *out, const char *line, size_t linelen, const char **cell, const size_t *len,
    size_t ncells, const struct rt_tracklog *log, const struct rt_tracklog_entry *e, struct rt_log_merge *m)
{
	const char *ncell[64];
	size_t nlen[64], nn, i;
	struct rt_buf row = { 0 }, a = { 0 }, b = { 0 };
	int same = 1, cr = linelen > 0 && line[linelen - 1] == '\r';

	rt_tracker_log_row(&row, log, e);
	nn = rt_md_split(row.p, row.len - 1, ncell, nlen, 64);
	for (i = 0; i < log->ncols && i < nn && same; i++) {
		if (log->cols[i] == RT_COL_OTHER)
			continue;
		if (i >= ncells) {
			same = 0;
			break;
		}
		rt_buf_reset(&a);
		rt_buf_reset(&b);
		if (log->cols[i] == RT_COL_ID) {
			rt_md_unescape(cell[i], len[i], &a);
			rt_md_unescape(ncell[i], nlen[i], &b);
		} else {
			rt_buf_add(&a, cell[i], len[i]);
			rt_buf_add(&b, ncell[i], nlen[i]);
		}
		same = a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
	}
	if (same) {
		rt_buf_add(out, line, linelen);
	} else {
		m->updated++;
		rt_buf_addc(out, '|');
		for (i = 0; i < log->ncols && i < nn; i++) {
			rt_buf_addc(out, ' ');
			if (log->cols[i] == RT_COL_OTHER)
				rt_buf_add(out, i < ncells ? cell[i] : "", i < ncells ? len[i] : 0);
			else
				rt_buf_add(out, ncell[i], nlen[i]);
			rt_buf_add(out, " |", 2);
		}
		if (cr)
			rt_buf_addc(out, '\r');
	}
	rt_buf_free(&row);
	rt_buf_free(&a);
	rt_buf_free(&b);
}

/*
 * The log region's text with its rows brought up to date (SPEC section 8):
 * a row whose record changed (amount, description, ...) is rewritten in
 * place; a row whose record no longer belongs in the log (reversed,
 * pending, dated after the as-of date) is removed, and so, with m->prune,
 * is a row of an rt id (source:...) whose source is in the input but whose
 * record is not (retracted from the ledger).  Every other row, and
 * everything around the table, is kept byte for byte.  New records are not
 * added here.
 */
void
rt_tracker_log_merge(
    struct rt_buf *out, const char *p, size_t n, const struct rt_tracklog *log, struct rt_log_merge *m)
{
	const char *cell[64], *line, *nl;
	size_t len[64], ncells, i, idcol = (size_t)-1, row = 0, k;
	struct rt_buf tmp = { 0 };
	struct rt_map ids, sources;
	uint64_t *slot;
	int in_table = 0, done = 0;

	m->updated = m->removed = 0;
	rt_map_init(&ids);
	rt_map_init(&sources);
	for (i = 0; i < m->n; i++) {
		rt_tracker_log_key(m->entries[i].id, &tmp);
		*rt_map_insert(&ids, tmp.p != NULL ? tmp.p : "", tmp.len, NULL) = i + 1;
		rt_map_insert(&sources, m->entries[i].source, strlen(m->entries[i].source), NULL);
	}
	for (i = 0; i < log->ncols; i++)
		if (log->cols[i] == RT_COL_ID && idcol == (size_t)-1)
			idcol = i;
	for (line = p; line < p + n; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(p + n - line))) == NULL)
			nl = p + n;
		if (done || !starts_table(line, (size_t)(nl - line))) {
			done = done || in_table;
			rt_buf_add(out, line, (size_t)(nl < p + n ? nl + 1 - line : nl - line));
			continue;
		}
		in_table = 1;
		ncells = rt_md_split(line, (size_t)(nl - line), cell, len, 64);
		row++;
		slot = NULL;
		if (row > 2 || (row == 2 && !delimiter_row(cell, len, ncells))) {
			if (idcol != (size_t)-1 && idcol < ncells) {
				rt_buf_reset(&tmp);
				rt_md_unescape(cell[idcol], len[idcol], &tmp);
				slot = rt_map_find(&ids, tmp.p != NULL ? tmp.p : "", tmp.len);
				k = id_source(tmp.p, tmp.len);
				if (slot == NULL && m->prune && k > 0 &&
				    rt_map_find(&sources, tmp.p, k) != NULL) {
					m->removed++;
					continue;
				}
			}
		}
		if (slot == NULL) {
			rt_buf_add(out, line, (size_t)(nl < p + n ? nl + 1 - line : nl - line));
			continue;
		}
		if (!m->shown[*slot - 1]) {
			m->removed++;
			continue;
		}
		merge_row(out, line, (size_t)(nl - line), cell, len, ncells, log, &m->entries[*slot - 1], m);
		if (nl < p + n)
			rt_buf_addc(out, '\n');
	}
	rt_map_free(&ids);
	rt_map_free(&sources);
	rt_buf_free(&tmp);
}
