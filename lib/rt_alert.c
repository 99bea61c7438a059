/*
 * The alert rules.  Money stays int64 throughout; medians and the median
 * absolute deviation (MAD) are integers of minor units too.  Only the
 * anomaly's scale (a MAD times 1.4826 times --anomaly-z, to compare with a
 * distance from the median) is a double: it is a ratio, never an amount
 * that is added up or written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_alert.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_money.h"
#include "rt_tracker.h"
#include "rt_view.h"

const char *const rt_rule_names[RT_NRULES] = { "anomaly", "silent", "threshold", "large", "refund_spike" };
static const char *const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

void
rt_alert_defaults(struct rt_alert_config *c)
{
	memset(c, 0, sizeof(*c));
	c->rules = 1u << RT_RULE_ANOMALY | 1u << RT_RULE_SILENT | 1u << RT_RULE_THRESHOLD |
	    1u << RT_RULE_LARGE | 1u << RT_RULE_REFUND_SPIKE;
	c->days = 1;
	c->anomaly_z = 3.5;
	c->anomaly_pct = 50;
	c->min_history = 14;
	c->silent_days = 3;
	c->daily_days = 20;
	c->refund_pct = 20;
	c->refund_min = 2;
}

void
rt_alert_config_free(struct rt_alert_config *c)
{
	size_t i;

	for (i = 0; i < c->nthresholds; i++)
		free(c->thresholds[i].source);
	free(c->thresholds);
	free(c->large);
	c->thresholds = NULL;
	c->large = NULL;
	c->nthresholds = c->nlarge = 0;
}

/* Parses [source=][<|>]amount[:currency]; the currency is USD when left out. */
int
rt_threshold_parse(struct rt_threshold *t, const char *spec)
{
	const char *eq = strchr(spec, '='), *p = eq != NULL ? eq + 1 : spec, *colon;
	const char *cur;
	int e;

	memset(t, 0, sizeof(*t));
	if (eq != NULL && !rt_source_valid(spec, (size_t)(eq - spec)))
		return -1;
	if (*p == '<' || *p == '>')
		t->above = *p++ == '>';
	colon = strchr(p, ':');
	cur = colon != NULL ? colon + 1 : "USD";
	if ((e = rt_currency_exponent(cur, strlen(cur))) < 0 ||
	    rt_money_parse(p, colon != NULL ? (size_t)(colon - p) : strlen(p), e, &t->amount) != RT_MONEY_OK)
		return -1;
	memcpy(t->currency, cur, 3);
	if (eq != NULL)
		t->source = rt_estrndup(spec, (size_t)(eq - spec));
	return 0;
}

void
rt_alerts_init(struct rt_alerts *a, const struct rt_alert_config *cfg, rt_day as_of)
{
	memset(a, 0, sizeof(*a));
	a->cfg = *cfg;
	a->as_of = as_of;
	a->first = as_of - cfg->days + 1;
	/* A silence is judged by the 28 days before it began, up to a year before the days checked. */
	rt_daily_init(&a->daily, a->first - 366 - RT_ALERT_WINDOW, as_of);
	rt_map_init(&a->ids);
}

void
rt_alerts_free(struct rt_alerts *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->list[i].id);
		free(a->list[i].source);
		free(a->list[i].message);
	}
	free(a->list);
	rt_daily_free(&a->daily);
	rt_map_free(&a->ids);
}

/* The id of an alert about a day: rule:source:currency:date, "total" for every source. */
static void
day_id(struct rt_buf *id, enum rt_rule rule, const char *source, const char *currency, rt_day date)
{
	char day[RT_DATE_BUFSZ];

	rt_buf_reset(id);
	rt_buf_addf(id, "%s:%s", rt_rule_names[rule], source != NULL ? source : "total");
	if (*currency != '\0')
		rt_buf_addf(id, ":%s", currency);
	rt_buf_addf(id, ":%s", rt_date_format(date, day));
}

/* Adds an alert unless one with its id was raised in this run; fmt makes the message. */
static void __attribute__((format(printf, 9, 10)))
raise_alert(struct rt_alerts *a, const struct rt_buf *id, enum rt_rule rule, const char *severity,
    const char *source, const char *currency, rt_day date, const int64_t ve[2], const char *fmt, ...)
{
	struct rt_buf msg = { 0 };
	struct rt_alert *al;
	va_list ap;
	int isnew;

	rt_map_insert(&a->ids, id->p, id->len, &isnew);
	if (!isnew)
		return;
	va_start(ap, fmt);
	rt_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	a->list = rt_egrow(a->list, &a->cap, a->n + 1, sizeof(*a->list));
	al = &a->list[a->n++];
	al->id = rt_estrndup(id->p, id->len);
	al->rule = rule;
	al->severity = severity;
	al->source = source != NULL ? rt_estrdup(source) : NULL;
	snprintf(al->currency, sizeof(al->currency), "%s", currency);
	al->date = date;
	al->value = ve[0];
	al->expected = ve[1];
	al->message = (char *)rt_buf_str(&msg);
}

/* A record at or above a --large size in its currency, dated in the days checked; its id is the record's. */
static void
large(struct rt_alerts *a, const struct rt_record *r)
{
	const struct rt_value *cl = &r->f[RT_F_CLIENT], *ds = &r->f[RT_F_DESCRIPTION], *rid = &r->f[RT_F_ID];
	char m1[RT_MONEY_BUFSZ], m2[RT_MONEY_BUFSZ], day[RT_DATE_BUFSZ], title[64], *src;
	uint64_t size =
	    r->amount_minor < 0 ? (uint64_t)0 - (uint64_t)r->amount_minor : (uint64_t)r->amount_minor;
	const struct rt_limit *l;
	struct rt_buf id = { 0 };
	int cn = (int)rt_view_cut(cl->p, cl->n, 100), dn = (int)rt_view_cut(ds->p, ds->n, 100);
	size_t i;

	if (r->date < a->first || r->date > a->as_of || r->status == RT_STATUS_REVERSED)
		return;
	for (i = 0; i < a->cfg.nlarge; i++) {
		l = &a->cfg.large[i];
		if (memcmp(l->currency, r->f[RT_F_CURRENCY].p, 3) != 0 || size < (uint64_t)l->amount)
			continue;
		src = rt_estrndup(r->f[RT_F_SOURCE].p, r->f[RT_F_SOURCE].n);
		rt_buf_adds(&id, "large:");
		rt_buf_add(&id, rid->p, rid->n);
		raise_alert(a, &id, RT_RULE_LARGE, "info", src, l->currency, r->date,
		    (const int64_t[]){ r->amount_minor, l->amount },
		    "Large %s%s from %s on %s: %s%s%.*s%s%.*s%s, at or above %s", rt_kind_names[r->kind],
		    r->status == RT_STATUS_PENDING ? " (pending)" : "",
		    rt_source_title(src, title, sizeof(title)), rt_date_format(r->date, day),
		    rt_money_display(r->amount_minor, l->currency, m1, sizeof(m1)),
		    cn > 0 || dn > 0 ? " (" : "", cn, cn > 0 ? cl->p : "", cn > 0 && dn > 0 ? ", " : "", dn,
		    dn > 0 ? ds->p : "", cn > 0 || dn > 0 ? ")" : "",
		    rt_money_display(l->amount, l->currency, m2, sizeof(m2)));
		free(src);
		rt_buf_free(&id);
		break;
	}
}

/* Adds a checked record.  -1 (why filled) when a day's total would overflow 64 bits. */
int
rt_alerts_add(struct rt_alerts *a, const struct rt_record *r, char *why, size_t whysz)
{
	if (rt_daily_add(&a->daily, r, why, whysz) == -1)
		return -1;
	if (a->cfg.rules & 1u << RT_RULE_LARGE)
		large(a, r);
	return 0;
}

static int
cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* The median of v[0..n-1] (reordered): the middle value, or the mean of the two, truncated. */
static int64_t
median(int64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_i64);
	return n % 2 ? v[n / 2] : (int64_t)(((__int128)v[n / 2 - 1] + v[n / 2]) / 2);
}

/* |a - b|, held at INT64_MAX. */
static int64_t
distance(int64_t a, int64_t b)
{
	__int128 d = (__int128)a - b;

	d = d < 0 ? -d : d;
	return d > INT64_MAX ? INT64_MAX : (int64_t)d;
}

static int
weekend(rt_day d)
{
	return rt_weekday(d) >= 5;
}

/*
 * A day far outside its source's pattern: the net of day d against the
 * days of the same kind (weekdays, or weekend days) among the 28 before
 * it, since the source's first record.  Far means both beyond
 * --anomaly-z robust deviations (1.4826 MAD each) and --anomaly-pct
 * percent of the median, so a steady source's small wobble is no anomaly;
 * the median and MAD, unlike a mean, are not moved by one huge deal.  A
 * series of a source that has no record on d is left to the silent rule.
 */
static void
anomaly(struct rt_alerts *a, const struct rt_series *s, rt_day d, struct rt_buf *id)
{
	int64_t hist[RT_ALERT_WINDOW], dev[RT_ALERT_WINDOW], x = rt_series_day(s, d).net, med, mad, off;
	char m1[RT_MONEY_BUFSZ], m2[RT_MONEY_BUFSZ], day[RT_DATE_BUFSZ], title[64];
	size_t n = 0, i;
	rt_day e;
	int z;

	/* A day without any record is the silent rule's to judge, not a day of revenue. */
	if (d - s->first < a->cfg.min_history || rt_series_day(s, d).records == 0)
		return;
	for (e = d - RT_ALERT_WINDOW; e < d; e++)
		if (e >= s->first && weekend(e) == weekend(d))
			hist[n++] = rt_series_day(s, e).net;
	if (n < 4 || (med = median(hist, n)) <= 0)
		return; /* no daily pattern to be outside of */
	for (i = 0; i < n; i++)
		dev[i] = distance(hist[i], med);
	mad = median(dev, n);
	off = distance(x, med);
	z = mad == 0 ? off > 0 : (double)off > a->cfg.anomaly_z * 1.4826 * (double)mad;
	if (!z || (__int128)off * 100 < (__int128)a->cfg.anomaly_pct * med)
		return;
	day_id(id, RT_RULE_ANOMALY, s->source, s->currency, d);
	raise_alert(a, id, RT_RULE_ANOMALY, x < med ? "warning" : "info", s->source, s->currency, d,
	    (const int64_t[]){ x, med },
	    "%s took %s on %s %s, %lld%% %s its usual %s (the median of %zu %s before)",
	    rt_source_title(s->source, title, sizeof(title)),
	    rt_money_display(x, s->currency, m1, sizeof(m1)), weekdays[rt_weekday(d)], rt_date_format(d, day),
	    (long long)(rt_pct_of(off, med) / 100), x < med ? "below" : "above",
	    rt_money_display(med, s->currency, m2, sizeof(m2)), n, weekend(d) ? "weekend days" : "weekdays");
}

/* A day's refunds and chargebacks beyond --refund-pct of the average daily sales of the 28 days before. */
static void
refund_spike(struct rt_alerts *a, const struct rt_series *s, rt_day d, struct rt_buf *id)
{
	struct rt_day_total t = rt_series_day(s, d);
	char m1[RT_MONEY_BUFSZ], m2[RT_MONEY_BUFSZ], day[RT_DATE_BUFSZ], title[64];
	__int128 gross = 0;
	int64_t n = 0, avg;
	rt_day e;

	if (t.refund_records < a->cfg.refund_min)
		return;
	for (e = d - RT_ALERT_WINDOW; e < d; e++)
		if (e >= s->first) {
			gross += rt_series_day(s, e).gross;
			n++;
		}
	if (n == 0 || -(__int128)t.refunds * 100 * n <= gross * a->cfg.refund_pct)
		return;
	avg = (int64_t)(gross / n);
	day_id(id, RT_RULE_REFUND_SPIKE, s->source, s->currency, d);
	raise_alert(a, id, RT_RULE_REFUND_SPIKE, "warning", s->source, s->currency, d,
	    (const int64_t[]){ t.refunds, -(int64_t)(gross * a->cfg.refund_pct / (100 * n)) },
	    "%s had %d refunds and chargebacks on %s, %s: beyond %d%% of its average daily sales (%s)",
	    rt_source_title(s->source, title, sizeof(title)), t.refund_records, rt_date_format(d, day),
	    rt_money_display(t.refunds, s->currency, m1, sizeof(m1)), a->cfg.refund_pct,
	    rt_money_display(avg, s->currency, m2, sizeof(m2)));
}

/* Whether the source of series i..end-1 has a record dated d, in any currency. */
static int
has_record(const struct rt_alerts *a, size_t i, size_t end, rt_day d)
{
	for (; i < end; i++)
		if (rt_series_day(&a->daily.series[i], d).records > 0)
			return 1;
	return 0;
}

/*
 * A source gone silent during the days checked: no record for
 * --silent-days days when it had records on --daily-days of the 28 days
 * before the silence began.  The alert is dated on the last of those
 * silent days and named after the first, so a silence fires once however
 * long it lasts.  The source is series i..end-1 (its currencies).
 */
static void
silent(struct rt_alerts *a, size_t i, size_t end, struct rt_buf *id)
{
	char d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ], title[64];
	rt_day last, judged = INT32_MIN, d, e;
	int busy;

	/* The latest record day before the days checked; then day by day through them. */
	for (last = a->first - 1; last >= a->daily.from && !has_record(a, i, end, last); last--)
		;
	for (d = a->first; d <= a->as_of; d++) {
		if (has_record(a, i, end, d))
			last = d;
		if (last < a->daily.from || last == judged || d - last < a->cfg.silent_days)
			continue;
		judged = last;
		for (busy = 0, e = last - RT_ALERT_WINDOW + 1; e <= last; e++)
			busy += has_record(a, i, end, e);
		if (busy < a->cfg.daily_days)
			continue;
		day_id(id, RT_RULE_SILENT, a->daily.series[i].source, "", last + 1);
		raise_alert(a, id, RT_RULE_SILENT, "critical", a->daily.series[i].source, "",
		    last + a->cfg.silent_days, (const int64_t[]){ a->cfg.silent_days, 0 },
		    "%s has had no record for %d days, %s..%s, after records on %d of the 28 days before: is "
		    "its collector broken?",
		    rt_source_title(a->daily.series[i].source, title, sizeof(title)), a->cfg.silent_days,
		    rt_date_format(last + 1, d1), rt_date_format(last + a->cfg.silent_days, d2), busy);
	}
}

/* A day's net, of one source or of every source together, below (or above) a --threshold. */
static void
threshold(struct rt_alerts *a, const struct rt_threshold *t, rt_day d, struct rt_buf *id)
{
	char m1[RT_MONEY_BUFSZ], m2[RT_MONEY_BUFSZ], day[RT_DATE_BUFSZ], title[64];
	const struct rt_series *s;
	int64_t net = 0;
	size_t i;

	for (i = 0; i < a->daily.nseries; i++) {
		s = &a->daily.series[i];
		if (strcmp(s->currency, t->currency) == 0 &&
		    (t->source == NULL || strcmp(s->source, t->source) == 0) &&
		    rt_money_add(&net, rt_series_day(s, d).net) == -1)
			return; /* beyond 64 bits: no threshold is that far */
	}
	if (t->above ? net <= t->amount : net >= t->amount)
		return;
	/* The id names the threshold too: two thresholds crossed the same day are two alerts. */
	day_id(id, RT_RULE_THRESHOLD, t->source, t->currency, d);
	rt_money_format(t->amount, rt_currency_exponent(t->currency, 3), 0, m1, sizeof(m1));
	rt_buf_addf(id, ":%s:%s", t->above ? "above" : "below", m1);
	raise_alert(a, id, RT_RULE_THRESHOLD, t->above ? "info" : "warning", t->source, t->currency, d,
	    (const int64_t[]){ net, t->amount }, "%s took %s on %s, %s the threshold of %s",
	    t->source != NULL ? rt_source_title(t->source, title, sizeof(title)) : "All sources together",
	    rt_money_display(net, t->currency, m1, sizeof(m1)), rt_date_format(d, day),
	    t->above ? "above" : "below", rt_money_display(t->amount, t->currency, m2, sizeof(m2)));
}

static int
cmp_alert(const void *x, const void *y)
{
	const struct rt_alert *a = x, *b = y;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Runs the day rules over the days checked, and orders every alert by date, rule and id. */
void
rt_alerts_run(struct rt_alerts *a)
{
	struct rt_buf id = { 0 };
	unsigned r = a->cfg.rules;
	size_t i, end;
	rt_day d;

	rt_daily_sort(&a->daily);
	for (d = a->first; d <= a->as_of; d++) {
		for (i = 0; i < a->daily.nseries; i++) {
			if (r & 1u << RT_RULE_ANOMALY)
				anomaly(a, &a->daily.series[i], d, &id);
			if (r & 1u << RT_RULE_REFUND_SPIKE)
				refund_spike(a, &a->daily.series[i], d, &id);
		}
		for (i = 0; r & 1u << RT_RULE_THRESHOLD && i < a->cfg.nthresholds; i++)
			threshold(a, &a->cfg.thresholds[i], d, &id);
	}
	for (i = 0; r & 1u << RT_RULE_SILENT && i < a->daily.nseries; i = end) {
		end = rt_daily_source_end(&a->daily, i);
		silent(a, i, end, &id);
	}
	rt_buf_free(&id);
	if (a->n > 1)
		qsort(a->list, a->n, sizeof(*a->list), cmp_alert);
}

/* One alert record: id, rule, severity, source, currency, date, value, expected, message. */
void
rt_alert_json(struct rt_buf *b, const struct rt_alert *al)
{
	char day[RT_DATE_BUFSZ];

	rt_buf_adds(b, "{\"id\":");
	rt_json_add_string(b, al->id, strlen(al->id));
	rt_buf_addf(
	    b, ",\"rule\":\"%s\",\"severity\":\"%s\",\"source\":", rt_rule_names[al->rule], al->severity);
	if (al->source != NULL)
		rt_json_add_string(b, al->source, strlen(al->source));
	else
		rt_buf_adds(b, "null");
	if (al->currency[0] != '\0')
		rt_buf_addf(b, ",\"currency\":\"%s\"", al->currency);
	else
		rt_buf_adds(b, ",\"currency\":null");
	rt_buf_addf(b, ",\"date\":\"%s\",\"value\":", rt_date_format(al->date, day));
	rt_buf_addi64(b, al->value);
	rt_buf_adds(b, ",\"expected\":");
	rt_buf_addi64(b, al->expected);
	rt_buf_adds(b, ",\"message\":");
	rt_json_add_string(b, al->message, strlen(al->message));
	rt_buf_adds(b, "}\n");
}
