/*
 * The freelance pipeline: one lead a row, from first sighting (Prospecting)
 * through Proposal Sent and Negotiating to Closed, with its revenue, or
 * Lost.  A row is checked when it is used, not when the file is read, so
 * that one bad hand edit costs only that lead.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_err.h"
#include "rt_leads.h"
#include "rt_money.h"
#include "rt_record.h"

const char *const rt_lead_columns[] = { "id", "date", "platform", "agents", "title", "url", "budget",
	"status", "proposal_sent", "client_responded", "converted", "revenue", "currency", "notes", NULL };

const char *const rt_lead_status_names[] = { "Prospecting", "Proposal Sent", "Negotiating", "Closed",
	"Lost" };

/* Whether a and b are the same words: any case, and any run of spaces, '_' and '-' as one space. */
static int
same_words(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' && a[1] == ' ')
			a++;
		if (*a == '_' || *a == '-' || *a == ' ') {
			if (*b != '_' && *b != '-' && *b != ' ')
				return 0;
			a += strspn(a, " _-");
			b += strspn(b, " _-");
			continue;
		}
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		if (*a == '\0')
			return 1;
		a++, b++;
	}
}

/* A status as people type it: "closed", "PROPOSAL SENT", "proposal_sent", " Lost ". */
int
rt_lead_status_parse(const char *s, enum rt_lead_status *out)
{
	char *t;
	size_t n;
	int i, found = -1;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	t = rt_estrndup(s, n);
	for (i = 0; i < RT_LS_N && found < 0; i++)
		if (same_words(t, rt_lead_status_names[i]))
			found = i;
	free(t);
	if (found < 0)
		return -1;
	*out = (enum rt_lead_status)found;
	return 0;
}

/* The column a field name of `rt-lead set` stands for ("agent" for agents), or -1. */
int
rt_lead_column(const char *name)
{
	int i;

	for (i = 0; i < RT_LEAD_NCOLS; i++)
		if (same_words(name, rt_lead_columns[i]))
			return i;
	return same_words(name, "agent") ? RT_LEAD_AGENTS : -1;
}

static int
date_cell(const char *s, rt_day *d, const char *name, char *why, size_t whysz)
{
	*d = RT_NODAY;
	if (*s != '\0' && rt_date_parse(s, strlen(s), d) == -1)
		return rt_why(why, whysz, "%s \"%s\" is not a real YYYY-MM-DD date", name, s);
	return 0;
}

static int
money_cell(
    const char *s, const struct rt_lead *l, int64_t *v, int *has, const char *name, char *why, size_t whysz)
{
	int rc;

	*has = 0;
	if (*s == '\0')
		return 0;
	if ((rc = rt_money_parse(s, strlen(s), l->exponent, v)) != RT_MONEY_OK)
		return rt_why(why, whysz, "%s \"%s\" %s (%s)", name, s, rt_money_strerror(rc), l->currency);
	if (*v < 0)
		return rt_why(why, whysz, "%s \"%s\" is negative", name, s);
	*has = 1;
	return 0;
}

/*
 * Reads and checks one row: a date and a platform; a status among the five
 * (empty is Prospecting); dates real; the currency ISO 4217 (empty is USD,
 * any case); budget and revenue exact decimals in it, not negative; not
 * converted before its date.  -1 with why (without the row's place).
 */
int
rt_lead_check(const struct rt_sheet *s, size_t row, struct rt_lead *l, char *why, size_t whysz)
{
	const char *cur;
	int i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < RT_LEAD_NCOLS; i++)
		l->cell[i] = rt_sheet_get(s, row, (size_t)i);
	l->status = RT_LS_PROSPECTING;
	if (*l->cell[RT_LEAD_STATUS] != '\0' &&
	    rt_lead_status_parse(l->cell[RT_LEAD_STATUS], &l->status) == -1)
		return rt_why(why, whysz, "status \"%s\" is not %s", l->cell[RT_LEAD_STATUS],
		    "Prospecting, Proposal Sent, Negotiating, Closed or Lost");
	if (*l->cell[RT_LEAD_DATE] == '\0')
		return rt_why(why, whysz, "no date: the day the lead was found");
	if (*l->cell[RT_LEAD_PLATFORM] == '\0')
		return rt_why(why, whysz, "no platform");
	if (date_cell(l->cell[RT_LEAD_DATE], &l->date, "date", why, whysz) == -1 ||
	    date_cell(l->cell[RT_LEAD_PROPOSAL_SENT], &l->proposal_sent, "proposal_sent", why, whysz) == -1 ||
	    date_cell(l->cell[RT_LEAD_CLIENT_RESPONDED], &l->client_responded, "client_responded", why,
		whysz) == -1 ||
	    date_cell(l->cell[RT_LEAD_CONVERTED], &l->converted, "converted", why, whysz) == -1)
		return -1;
	cur = *l->cell[RT_LEAD_CURRENCY] != '\0' ? l->cell[RT_LEAD_CURRENCY] : "USD";
	for (i = 0; i < 3 && cur[i] != '\0'; i++)
		l->currency[i] = (char)toupper((unsigned char)cur[i]);
	if (strlen(cur) != 3 || (l->exponent = rt_currency_exponent(l->currency, 3)) < 0)
		return rt_why(why, whysz, "currency \"%s\" is not an ISO 4217 code", cur);
	if (money_cell(l->cell[RT_LEAD_BUDGET], l, &l->budget, &l->has_budget, "budget", why, whysz) == -1 ||
	    money_cell(l->cell[RT_LEAD_REVENUE], l, &l->revenue, &l->has_revenue, "revenue", why, whysz) ==
		-1)
		return -1;
	if (l->converted != RT_NODAY && l->converted < l->date)
		return rt_why(why, whysz, "converted %s is before the lead's date %s",
		    l->cell[RT_LEAD_CONVERTED], l->cell[RT_LEAD_DATE]);
	return 0;
}

/* The row of lead id; -1 with why when there is none, or more than one. */
int
rt_lead_find(const struct rt_sheet *s, const char *id, size_t *row, char *why, size_t whysz)
{
	size_t r, found = 0;

	for (r = 0; r < s->nrows; r++) {
		if (strcmp(rt_sheet_get(s, r, RT_LEAD_ID), id) != 0)
			continue;
		if (found++ > 0) {
			snprintf(why, whysz,
			    "%s: lead %s is on lines %lu and %lu; give one of them another id", s->path, id,
			    s->line[*row], s->line[r]);
			return -1;
		}
		*row = r;
	}
	if (found == 0)
		snprintf(why, whysz, "%s: no lead has the id \"%s\"", s->path, id);
	return found == 1 ? 0 : -1;
}

/*
 * A URL as leads are compared: scheme and host in lower case, without the
 * fragment and without slashes ending the path; the query counts.
 */
static void
url_key(const char *u, struct rt_buf *b)
{
	const char *host = strstr(u, "://"), *end = u + strcspn(u, "#"), *path, *query;
	size_t n;

	rt_buf_reset(b);
	u += strspn(u, " \t");
	path = host != NULL && host < end ? host + 3 + strcspn(host + 3, "/?#") : u;
	for (; u < path; u++)
		rt_buf_addc(b, (char)tolower((unsigned char)*u));
	query = path + strcspn(path, "?#");
	for (n = (size_t)(query - path); n > 0 && path[n - 1] == '/'; n--)
		;
	rt_buf_add(b, path, n);
	rt_buf_add(b, query, (size_t)(end - query));
	while (b->len > 0 && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\t'))
		b->len--;
	rt_buf_str(b);
}

/* Whether another row than skip has this URL; *row is that row. */
int
rt_lead_url_taken(const struct rt_sheet *s, const char *url, size_t skip, size_t *row)
{
	struct rt_buf want = { 0 }, have = { 0 };
	size_t r;
	int taken = 0;

	url_key(url, &want);
	for (r = 0; r < s->nrows && !taken && want.len > 0; r++) {
		url_key(rt_sheet_get(s, r, RT_LEAD_URL), &have);
		if (r != skip && strcmp(want.p, have.p) == 0) {
			*row = r;
			taken = 1;
		}
	}
	rt_buf_free(&want);
	rt_buf_free(&have);
	return taken;
}

/* One more than the largest whole-number id, so that a hand-kept 1, 2, 3 goes on at 4. */
long
rt_lead_next_id(const struct rt_sheet *s)
{
	const char *id;
	char *end;
	long max = 0, v;
	size_t r;

	for (r = 0; r < s->nrows; r++) {
		id = rt_sheet_get(s, r, RT_LEAD_ID);
		v = strtol(id, &end, 10);
		if (*id >= '0' && *id <= '9' && *end == '\0' && v > max && v < 1000000000L)
			max = v;
	}
	return max + 1;
}

/* Whether value is one a field can hold, whatever the rest of the lead says. */
static int
value_ok(int col, const char *v, char *why, size_t whysz)
{
	enum rt_lead_status st;
	int64_t x;
	rt_day d;

	switch (col) {
	case RT_LEAD_DATE:
	case RT_LEAD_PROPOSAL_SENT:
	case RT_LEAD_CLIENT_RESPONDED:
	case RT_LEAD_CONVERTED:
		if ((*v == '\0' && col != RT_LEAD_DATE) || rt_date_parse(v, strlen(v), &d) == 0)
			return 0;
		return rt_why(why, whysz, "%s=%s: not a YYYY-MM-DD date", rt_lead_columns[col], v);
	case RT_LEAD_STATUS:
		if (rt_lead_status_parse(v, &st) == 0)
			return 0;
		return rt_why(
		    why, whysz, "status=%s: not Prospecting, Proposal Sent, Negotiating, Closed or Lost", v);
	case RT_LEAD_BUDGET:
	case RT_LEAD_REVENUE:
		if (*v == '\0' || (*v != '-' && rt_money_parse(v, strlen(v), 18, &x) != RT_MONEY_SYNTAX))
			return 0;
		return rt_why(
		    why, whysz, "%s=%s: not an amount such as 2500 or 2500.00", rt_lead_columns[col], v);
	case RT_LEAD_CURRENCY:
		if (strlen(v) == 3 && isalpha((unsigned char)v[0]) && isalpha((unsigned char)v[1]) &&
		    isalpha((unsigned char)v[2]))
			return 0;
		return rt_why(why, whysz, "currency=%s: not a three-letter ISO 4217 code", v);
	case RT_LEAD_PLATFORM:
		if (*v != '\0')
			return 0;
		return rt_why(why, whysz, "platform=: a lead needs its platform");
	}
	return 0;
}

/* Applies field=value to the row: the name checked, the value checked and written as rt writes it. */
static int
assign(struct rt_sheet *s, size_t row, const char *a, char *why, size_t whysz)
{
	enum rt_lead_status st;
	const char *eq = strchr(a, '=');
	char *name, cur[4];
	int col, i;

	if (eq == NULL)
		return rt_why(why, whysz, "\"%s\" is not field=value", a);
	name = rt_estrndup(a, (size_t)(eq - a));
	col = rt_lead_column(name);
	free(name);
	if (col < 0)
		return rt_why(why, whysz, "\"%.*s\" is not a field of a lead", (int)(eq - a), a);
	if (col == RT_LEAD_ID)
		return rt_why(why, whysz, "the id of a lead does not change");
	if (value_ok(col, eq + 1, why, whysz) == -1)
		return -1;
	if (col == RT_LEAD_STATUS) {
		rt_lead_status_parse(eq + 1, &st);
		rt_sheet_set(s, row, (size_t)col, rt_lead_status_names[st]);
	} else if (col == RT_LEAD_CURRENCY) {
		for (i = 0; i < 3; i++)
			cur[i] = (char)toupper((unsigned char)eq[1 + i]);
		cur[3] = '\0';
		rt_sheet_set(s, row, (size_t)col, cur);
	} else
		rt_sheet_set(s, row, (size_t)col, eq + 1);
	return 0;
}

/* The day a step was reached, when the change reaches it and the lead has none. */
static void
stamp(struct rt_sheet *s, size_t row, int col, rt_day today)
{
	char d[RT_DATE_BUFSZ];

	if (*rt_sheet_get(s, row, (size_t)col) == '\0')
		rt_sheet_set(s, row, (size_t)col, rt_date_format(today, d));
}

/* Refuses to change what a Closed or Lost lead has settled. */
static int
final(const struct rt_lead *old, const struct rt_lead *new, char *why, size_t whysz)
{
	static const int settled[] = { RT_LEAD_REVENUE, RT_LEAD_CURRENCY, RT_LEAD_CONVERTED };
	size_t i;

	if (new->status != old->status)
		return rt_why(why, whysz, "lead %s is %s: its status is final (--force changes it)",
		    old->cell[RT_LEAD_ID], rt_lead_status_names[old->status]);
	for (i = 0; i < sizeof(settled) / sizeof(settled[0]); i++)
		if (strcmp(old->cell[settled[i]], new->cell[settled[i]]) != 0)
			return rt_why(why, whysz,
			    "lead %s is %s: its revenue, currency and converted date are final "
			    "(--force changes them)",
			    old->cell[RT_LEAD_ID], rt_lead_status_names[old->status]);
	return 0;
}

/*
 * rt-lead set: applies each field=value to the lead in row, then checks the
 * change.  Moving to Proposal Sent, Negotiating or Closed fills in
 * proposal_sent, client_responded or converted with today when empty.  A
 * Closed lead needs a revenue above zero, always; a Closed or Lost lead
 * keeps its status, revenue, currency and converted date unless force.
 * RT_LEAD_BADVALUE or RT_LEAD_REFUSED with why; the sheet is then not to
 * be written.
 */
int
rt_lead_set(struct rt_sheet *s, size_t row, char *const *assigns, int n, int force, rt_day today, char *why,
    size_t whysz)
{
	struct rt_lead old, new;
	char *before[RT_LEAD_NCOLS];
	size_t other;
	enum rt_lead_status st;
	int i, known, rc = 0;

	/* A hand edit may have left the lead invalid; the change may be what mends it. */
	rt_lead_check(s, row, &old, why, whysz);
	known = *old.cell[RT_LEAD_STATUS] == '\0' || rt_lead_status_parse(old.cell[RT_LEAD_STATUS], &st) == 0;
	for (i = 0; i < RT_LEAD_NCOLS; i++)
		before[i] = rt_estrdup(old.cell[i]);
	for (i = 0; i < n; i++)
		if (assign(s, row, assigns[i], why, whysz) == -1) {
			rc = RT_LEAD_BADVALUE;
			goto out;
		}
	if (rt_lead_check(s, row, &new, why, whysz) == -1) {
		rc = RT_LEAD_REFUSED;
		goto out;
	}
	if (!known || new.status != old.status) {
		if (new.status == RT_LS_PROPOSAL_SENT)
			stamp(s, row, RT_LEAD_PROPOSAL_SENT, today);
		if (new.status == RT_LS_NEGOTIATING)
			stamp(s, row, RT_LEAD_CLIENT_RESPONDED, today);
		if (new.status == RT_LS_CLOSED)
			stamp(s, row, RT_LEAD_CONVERTED, today);
		if (rt_lead_check(s, row, &new, why, whysz) == -1) {
			rc = RT_LEAD_REFUSED;
			goto out;
		}
	}
	for (i = 0; i < RT_LEAD_NCOLS; i++)
		old.cell[i] = before[i];
	if (known && !force && (old.status == RT_LS_CLOSED || old.status == RT_LS_LOST) &&
	    final(&old, &new, why, whysz) == -1)
		rc = RT_LEAD_REFUSED;
	else if (new.status == RT_LS_CLOSED && (!new.has_revenue || new.revenue == 0))
		rc = rt_why(why, whysz, "lead %s cannot be Closed without its revenue: add revenue=AMOUNT",
		    new.cell[RT_LEAD_ID]);
	else if (new.status == RT_LS_CLOSED &&new.converted == RT_NODAY)
		rc = rt_why(
		    why, whysz, "lead %s cannot be Closed without its converted date", new.cell[RT_LEAD_ID]);
	else if (strcmp(before[RT_LEAD_URL], new.cell[RT_LEAD_URL]) != 0 &&
	    rt_lead_url_taken(s, new.cell[RT_LEAD_URL], row, &other))
		rc = rt_why(why, whysz, "the url is already lead %s's", rt_sheet_get(s, other, RT_LEAD_ID));
	if (rc == -1)
		rc = RT_LEAD_REFUSED;
out:
	for (i = 0; i < RT_LEAD_NCOLS; i++)
		free(before[i]);
	return rc;
}

/* A platform as a record's source: lower case, any other run of characters one '-' ("Toptal Direct": toptal-direct). */
void
rt_lead_source(const char *platform, struct rt_buf *b)
{
	const char *p;
	int c, gap = 0;

	rt_buf_reset(b);
	for (p = platform; *p != '\0'; p++) {
		c = tolower((unsigned char)*p);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
			if (gap && b->len > 0)
				rt_buf_addc(b, '-');
			rt_buf_addc(b, (char)c);
			gap = 0;
		} else
			gap = 1;
	}
	rt_buf_str(b);
}

/*
 * The canonical record of a won lead (SPEC section 2), appended to out:
 * id <source>:lead-<id>, the platform as source, dated the day it
 * converted, its revenue as a completed sale.  A lead that converted and is
 * no longer Closed (moved on with --force) is the same record reversed, so
 * that a ledger that counted it stops.  Other leads write nothing.
 */
int
rt_lead_export(const struct rt_lead *l, struct rt_buf *out, char *why, size_t whysz)
{
	struct rt_buf source = { 0 }, id = { 0 };
	struct rt_record rec;
	char amount[32];
	const char *status;
	int rc = 0;

	if (l->status == RT_LS_CLOSED)
		status = "completed";
	else if (l->converted != RT_NODAY && l->has_revenue)
		status = "reversed";
	else
		return 0;
	if (*l->cell[RT_LEAD_ID] == '\0')
		return rt_why(why, whysz, "a won lead without an id");
	if (!l->has_revenue || l->converted == RT_NODAY)
		return rt_why(why, whysz, "lead %s is Closed without its %s", l->cell[RT_LEAD_ID],
		    l->has_revenue ? "converted date" : "revenue");
	rt_lead_source(l->cell[RT_LEAD_PLATFORM], &source);
	rt_buf_addf(&id, "%s:lead-%s", rt_buf_str(&source), l->cell[RT_LEAD_ID]);
	snprintf(amount, sizeof(amount), "%lld", (long long)l->revenue);
	rt_record_init(&rec);
	rt_record_set(&rec, RT_F_ID, RT_V_STRING, id.p, id.len);
	rt_record_set(&rec, RT_F_SOURCE, RT_V_STRING, source.p, source.len);
	rt_record_set(
	    &rec, RT_F_DATE, RT_V_STRING, l->cell[RT_LEAD_CONVERTED], strlen(l->cell[RT_LEAD_CONVERTED]));
	rt_record_set(&rec, RT_F_AMOUNT_MINOR, RT_V_NUMBER, amount, strlen(amount));
	rt_record_set(&rec, RT_F_CURRENCY, RT_V_STRING, l->currency, 3);
	rt_record_set(&rec, RT_F_KIND, RT_V_STRING, "sale", 4);
	rt_record_set(&rec, RT_F_STATUS, RT_V_STRING, status, strlen(status));
	if (*l->cell[RT_LEAD_TITLE] != '\0')
		rt_record_set(&rec, RT_F_DESCRIPTION, RT_V_STRING, l->cell[RT_LEAD_TITLE],
		    strlen(l->cell[RT_LEAD_TITLE]));
	if (rt_record_check(&rec, why, whysz) == 0)
		rt_record_write(out, &rec);
	else
		rc = -1;
	rt_record_free(&rec);
	rt_buf_free(&source);
	rt_buf_free(&id);
	return rc;
}

void
rt_lead_report_init(struct rt_lead_report *r, rt_day from, rt_day to, rt_day today)
{
	memset(r, 0, sizeof(*r));
	r->from = from;
	r->to = to;
	r->week_from = today - 6;
	r->week_to = today;
	rt_map_init(&r->agents.index);
	rt_map_init(&r->platforms.index);
}

/* The tally of name (any case), made when new. */
static struct rt_lead_tally *
tally(struct rt_lead_tallies *ts, const char *name, size_t n)
{
	struct rt_buf key = { 0 };
	uint64_t *slot;
	size_t i;
	int isnew;

	for (i = 0; i < n; i++)
		rt_buf_addc(&key, (char)tolower((unsigned char)name[i]));
	slot = rt_map_insert(&ts->index, key.p != NULL ? key.p : "", key.len, &isnew);
	rt_buf_free(&key);
	if (isnew) {
		ts->t = rt_egrow(ts->t, &ts->cap, ts->n + 1, sizeof(*ts->t));
		memset(&ts->t[ts->n], 0, sizeof(ts->t[ts->n]));
		ts->t[ts->n].name = rt_estrndup(name, n);
		*slot = ts->n++;
	}
	return &ts->t[*slot];
}

/* Counts a lead in the range for one agent or platform. */
static int
count(struct rt_lead_tally *t, const struct rt_lead *l, char *why, size_t whysz)
{
	size_t i;

	t->leads++;
	if (l->proposal_sent != RT_NODAY || l->status == RT_LS_PROPOSAL_SENT ||
	    l->status == RT_LS_NEGOTIATING || l->status == RT_LS_CLOSED)
		t->proposals++;
	if (l->status == RT_LS_LOST)
		t->lost++;
	if (l->status != RT_LS_CLOSED)
		return 0;
	t->closed++;
	if (l->converted != RT_NODAY)
		t->days += l->converted - l->date;
	if (!l->has_revenue)
		return 0;
	for (i = 0; i < t->nrevenue && strcmp(t->revenue[i].currency, l->currency) != 0; i++)
		;
	if (i == t->nrevenue) {
		t->revenue = rt_erealloc(t->revenue, (t->nrevenue + 1) * sizeof(*t->revenue));
		memcpy(t->revenue[i].currency, l->currency, 4);
		t->revenue[i].minor = 0;
		t->nrevenue++;
	}
	if (rt_money_add(&t->revenue[i].minor, l->revenue) == -1)
		return rt_why(why, whysz, "%s's %s revenue overflows 64 bits", t->name, l->currency);
	return 0;
}

static int
each(struct rt_lead_report *r, struct rt_lead_tally *t, const struct rt_lead *l, char *why, size_t whysz)
{
	if (l->date >= r->week_from && l->date <= r->week_to)
		t->week++;
	return l->date >= r->from && l->date <= r->to ? count(t, l, why, whysz) : 0;
}

/*
 * Counts a checked lead: in the totals when it is dated in the range, for
 * each of its agents (separated by ',' or ';'; the same name twice counts
 * once) and for its platform.  Every agent and platform of the file gets a
 * tally, so that one with no lead lately still shows.
 */
int
rt_lead_report_add(struct rt_lead_report *r, const struct rt_lead *l, char *why, size_t whysz)
{
	const char *p = l->cell[RT_LEAD_AGENTS], *q, *e;
	struct rt_lead_tally *t, **done = NULL;
	size_t ndone = 0, i, n;
	int rc = 0;

	if (l->date >= r->from && l->date <= r->to) {
		r->status[l->status]++;
		r->leads++;
	}
	if (*p == '\0')
		p = "(none)";
	for (; *p != '\0' && rc == 0; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, ",;");
		for (q = p; q < e && (*q == ' ' || *q == '\t'); q++)
			;
		for (n = (size_t)(e - q); n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\t'); n--)
			;
		if (n == 0)
			continue;
		t = tally(&r->agents, q, n);
		for (i = 0; i < ndone && done[i] != t; i++)
			;
		if (i < ndone)
			continue;
		done = rt_erealloc(done, (ndone + 1) * sizeof(*done));
		done[ndone++] = t;
		rc = each(r, t, l, why, whysz);
	}
	free(done);
	if (rc == 0)
		rc = each(r,
		    tally(&r->platforms, l->cell[RT_LEAD_PLATFORM], strlen(l->cell[RT_LEAD_PLATFORM])), l,
		    why, whysz);
	return rc;
}

static int
by_name(const void *a, const void *b)
{
	const struct rt_lead_tally *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->name, y->name);
}

/* Puts agents and platforms in order of name; no tally may be added after. */
void
rt_lead_report_sort(struct rt_lead_report *r)
{
	if (r->agents.n > 1)
		qsort(r->agents.t, r->agents.n, sizeof(*r->agents.t), by_name);
	if (r->platforms.n > 1)
		qsort(r->platforms.t, r->platforms.n, sizeof(*r->platforms.t), by_name);
}

/*
 * Whether a converts better than b: a larger share of its leads closed
 * (compared exactly, as closed_a * leads_b > closed_b * leads_a), then more
 * leads closed, then the name first in order.
 */
int
rt_lead_better(const struct rt_lead_tally *a, const struct rt_lead_tally *b)
{
	long long x = (long long)a->closed * b->leads, y = (long long)b->closed * a->leads;

	if (x != y)
		return x > y;
	if (a->closed != b->closed)
		return a->closed > b->closed;
	return by_name(a, b) < 0;
}

/* The best converter of those that closed a lead in the range, or NULL. */
const struct rt_lead_tally *
rt_lead_best(const struct rt_lead_tallies *ts)
{
	const struct rt_lead_tally *best = NULL;
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (ts->t[i].closed > 0 && (best == NULL || rt_lead_better(&ts->t[i], best)))
			best = &ts->t[i];
	return best;
}

static void
tallies_free(struct rt_lead_tallies *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		free(ts->t[i].name);
		free(ts->t[i].revenue);
	}
	free(ts->t);
	rt_map_free(&ts->index);
}

void
rt_lead_report_free(struct rt_lead_report *r)
{
	tallies_free(&r->agents);
	tallies_free(&r->platforms);
}
