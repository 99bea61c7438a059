/*
 * Checks that rt_tracker_scan survives any markdown, and that when it accepts
 * a file, one update the way rt-md-update makes it gives a file whose four
 * regions are all found with the contents written, whose log holds the IDs
 * added, and which a second update leaves byte for byte the same; the log
 * reader and the table-row splitter also get the bytes as they are.
 */
#include <string.h>

#include "fuzz.h"
#include "rt_table.h"
#include "rt_tracker.h"
#include "rt_trackview.h"

static const char stamp[] = "2026-11-21 06:00 CST";
static const char ytd[] = "**YTD total: $1.00** (USD, 2026-01-01..2026-11-21)\n";
static const char monthly[] = "| Month | Total |\n|---|---:|\n| 2026-01 | $1.00 |\n";

/*
 * The regions lie inside the text and do not overlap, which rt_tracker_apply
 * relies on; an insertion may sit where another region starts or ends.
 */
static void
check_regions(const struct rt_tracker *t)
{
	size_t from[RT_NREGIONS], to[RT_NREGIONS];
	const struct rt_region *r;
	int i, j;

	for (i = 0; i < RT_NREGIONS; i++) {
		r = &t->r[i];
		FUZZ_CHECK(
		    r->how == RT_REGION_FOUND || r->how == RT_REGION_ADOPT || r->how == RT_REGION_INSERT,
		    "rt:%s how %d", rt_region_names[i], r->how);
		FUZZ_CHECK(
		    r->from <= t->len, "rt:%s starts at %zu of %zu", rt_region_names[i], r->from, t->len);
		if (r->how != RT_REGION_INSERT)
			FUZZ_CHECK(r->from <= r->to && r->to <= t->len, "rt:%s is %zu..%zu of %zu",
			    rt_region_names[i], r->from, r->to, t->len);
		if (r->how == RT_REGION_FOUND)
			FUZZ_CHECK(r->outer_from < r->from && r->to < r->outer_to && r->outer_to <= t->len,
			    "rt:%s markers %zu..%zu around %zu..%zu", rt_region_names[i], r->outer_from,
			    r->outer_to, r->from, r->to);
		from[i] = r->how == RT_REGION_FOUND ? r->outer_from : r->from;
		to[i] = r->how == RT_REGION_FOUND ? r->outer_to : r->how == RT_REGION_ADOPT ? r->to : r->from;
	}
	for (i = 0; i < RT_NREGIONS; i++)
		for (j = 0; j < RT_NREGIONS; j++)
			FUZZ_CHECK(i == j || !(from[i] < to[j] && from[j] < to[i]),
			    "rt:%s at %zu..%zu and rt:%s at %zu..%zu overlap", rt_region_names[i], from[i],
			    to[i], rt_region_names[j], from[j], to[j]);
}

/* A new log region as rt-md-update builds it: the old rows, then a row for each new ID. */
static void
log_update(const struct rt_tracklog *lg, const struct rt_buf *old, const char *const *ids, size_t nids,
    struct rt_buf *out)
{
	struct rt_tracklog_entry e = { "2026-11-20", NULL, "fuzz", "client", "description", "USD", "sale",
		"completed", 100 };
	size_t i;

	rt_buf_add(out, old->p, lg->append_at);
	if (!lg->has_table && nids > 0)
		rt_tracker_log_header(out);
	for (i = 0; i < nids; i++) {
		e.id = ids[i];
		rt_tracker_log_row(out, lg, &e);
	}
	rt_buf_add(out, old->p + lg->append_at, old->len - lg->append_at);
}

/*
 * An ID from the input's first line, when it is one a table cell can hold:
 * no control characters (rt_visible_char's: C0, DEL, C1, bidi) and no white
 * space at either end.
 */
static size_t
input_id(const char *p, size_t n, char *id, size_t size)
{
	size_t i, len;

	for (i = 0; i < n && i < size - 1 && p[i] != '\n'; i++) {
		if (rt_visible_char(p + i, n - i, &len) != NULL)
			return 0;
		id[i] = p[i];
	}
	id[i] = '\0';
	if (i == 0 || id[0] == ' ' || id[i - 1] == ' ')
		return 0;
	return i;
}

static void
split_lines(const char *p, size_t n)
{
	const char *cell[8], *line, *nl;
	size_t len[8], k, i;

	for (line = p; line < p + n; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(p + n - line))) == NULL)
			nl = p + n;
		k = rt_md_split(line, (size_t)(nl - line), cell, len, 8);
		FUZZ_CHECK(k <= 8, "%zu cells", k);
		for (i = 0; i < k; i++)
			FUZZ_CHECK(cell[i] >= line && cell[i] + len[i] <= nl, "cell %zu outside its line", i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *ids[2], *p;
	struct rt_buf upd = { 0 }, y = { 0 }, mon = { 0 }, lines = { 0 }, log = { 0 }, out1 = { 0 },
		      out2 = { 0 };
	struct rt_buf *content[RT_NREGIONS] = { &upd, &y, &mon, &log };
	struct rt_tracker t, t1;
	struct rt_tracklog lg;
	char why[256], id[48];
	size_t nids = 0, n;
	int i, haslog;

	split_lines(text, size);
	if (rt_tracker_log_read(&lg, text, size) == 0)
		FUZZ_CHECK(lg.append_at <= size && lg.ncols > 0, "log read as %zu columns, appended at %zu",
		    lg.ncols, lg.append_at);
	rt_tracker_log_free(&lg);

	why[0] = '\0';
	if (rt_tracker_scan(&t, text, size, why, sizeof(why)) == -1) {
		FUZZ_CHECK(why[0] != '\0', "a refused tracker has no reason");
		return 0;
	}
	check_regions(&t);

	rt_buf_adds(&upd, stamp);
	rt_buf_adds(&y, ytd);
	rt_buf_adds(&mon, monthly);
	rt_tracker_lines(&t, RT_REGION_LOG, &lines);
	ids[nids++] = "fuzz:new";
	if (input_id(text, size, id, sizeof(id)) > 0 && strcmp(id, "fuzz:new") != 0)
		ids[nids++] = id;
	if ((haslog = rt_tracker_log_read(&lg, lines.p, lines.len) == 0)) {
		FUZZ_CHECK(lg.append_at <= lines.len, "append at %zu of %zu", lg.append_at, lines.len);
		for (i = 0; i < (int)nids; i++)
			if (rt_map_find(&lg.ids, ids[i], strlen(ids[i])) != NULL)
				ids[i--] = ids[--nids]; /* already there: not added */
		log_update(&lg, &lines, ids, nids, &log);
	} else
		rt_buf_add(&log, lines.p, lines.len);
	rt_tracker_log_free(&lg);
	rt_tracker_apply(&t, content, &out1);

	/* The file written reads back with every region where it was put. */
	FUZZ_CHECK(rt_tracker_scan(&t1, out1.p, out1.len, why, sizeof(why)) == 0,
	    "the updated tracker does not scan: %s\n%.*s", why, (int)out1.len, out1.p);
	check_regions(&t1);
	for (i = 0; i < RT_NREGIONS; i++)
		FUZZ_CHECK(
		    t1.r[i].how == RT_REGION_FOUND, "rt:%s not found after an update", rt_region_names[i]);
	rt_tracker_old(&t1, RT_REGION_UPDATED, &p, &n);
	FUZZ_CHECK(n == strlen(stamp) && memcmp(p, stamp, n) == 0, "rt:updated is \"%.*s\"", (int)n, p);
	for (i = RT_REGION_YTD; i < RT_NREGIONS; i++) {
		rt_buf_reset(&lines);
		rt_tracker_lines(&t1, i, &lines);
		FUZZ_CHECK(lines.len == content[i]->len && memcmp(lines.p, content[i]->p, lines.len) == 0,
		    "rt:%s is not what was written", rt_region_names[i]);
	}

	/* The second update finds the IDs added and changes nothing. */
	rt_buf_reset(&lines);
	rt_tracker_lines(&t1, RT_REGION_LOG, &lines);
	if (haslog) {
		FUZZ_CHECK(
		    rt_tracker_log_read(&lg, lines.p, lines.len) == 0, "the updated log does not read");
		for (i = 0; i < (int)nids; i++)
			FUZZ_CHECK(rt_map_find(&lg.ids, ids[i], strlen(ids[i])) != NULL,
			    "ID \"%s\" added but not read back", ids[i]);
		rt_buf_reset(&log);
		log_update(&lg, &lines, NULL, 0, &log);
		rt_tracker_log_free(&lg);
	}
	rt_tracker_apply(&t1, content, &out2);
	FUZZ_CHECK(out2.len == out1.len && memcmp(out2.p, out1.p, out1.len) == 0,
	    "a second update changed the tracker");

	rt_buf_free(&upd);
	rt_buf_free(&y);
	rt_buf_free(&mon);
	rt_buf_free(&lines);
	rt_buf_free(&log);
	rt_buf_free(&out1);
	rt_buf_free(&out2);
	return 0;
}
