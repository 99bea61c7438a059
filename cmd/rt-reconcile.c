/* rt-reconcile: match the ledger's daily net (or its records) per source against a bank statement CSV. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_cli.h"
#include "rt_csv.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_ledger.h"
#include "rt_map.h"
#include "rt_money.h"
#include "rt_record.h"
#include "rt_table.h"

static const char *const synopsis[] = {
	"[-q] [--by day|record] [--source source[,source ...]] [--days n]\n"
	"\t[--since date] [--until date] [--currency code] [--date-column name]\n"
	"\t[--amount-column name] [--description-column name] [--date-format fmt]\n"
	"\t[--format ndjson|md] [--wait seconds] ledger statement.csv",
	NULL,
};

enum {
	OPT_AMOUNT_COLUMN = RT_OPT_OWN,
	OPT_BY,
	OPT_CURRENCY,
	OPT_DATE_COLUMN,
	OPT_DATE_FORMAT,
	OPT_DAYS,
	OPT_DESCRIPTION_COLUMN,
	OPT_FORMAT,
	OPT_SINCE,
	OPT_SOURCE,
	OPT_UNTIL,
	OPT_WAIT
};

static const struct rt_option options[] = {
	{ "by", OPT_BY, "day|record",
	    "match each source's net of a day (default), or each record (payouts)" },
	{ "source", OPT_SOURCE, "source[,source ...]", "only these sources' records (default: all)" },
	{ "days", OPT_DAYS, "n", "a bank row may be dated up to n days from the ledger's (default: 3)" },
	{ "since", OPT_SINCE, "date",
	    "the first ledger day to match (default: the statement's first less --days)" },
	{ "until", OPT_UNTIL, "date", "the last ledger day to match (default: the statement's last)" },
	{ "currency", OPT_CURRENCY, "code", "the statement's currency (default: USD)" },
	{ "date-column", OPT_DATE_COLUMN, "name", "the statement's date column (default: date)" },
	{ "amount-column", OPT_AMOUNT_COLUMN, "name", "the statement's amount column (default: amount)" },
	{ "description-column", OPT_DESCRIPTION_COLUMN, "name",
	    "the statement's description column (default: description)" },
	{ "date-format", OPT_DATE_FORMAT, "fmt",
	    "how the statement writes dates, as strptime(3) (default: %Y-%m-%d)" },
	{ "format", OPT_FORMAT, "ndjson|md", "write NDJSON (default) or a markdown table" },
	{ "wait", OPT_WAIT, "seconds", "wait this long for the ledger's writer (default: 30)" },
	{ NULL, 0, NULL, NULL },
};

/* A sum of money to find on the other side: a ledger day (or record), or a bank row. */
struct item {
	rt_day date;
	int64_t amount;
	char *source, *text; /* ledger: source and id (--by record); bank: description */
	unsigned long line; /* bank: the statement's line */
	long match; /* the index of the item matched on the other side, or -1 */
};

struct side {
	struct item *v;
	size_t n, cap;
};

struct reading {
	const char *currency;
	struct rt_map sources; /* --source, when given */
	int by_record;
	struct rt_map days; /* source and date -> index into ledger */
	struct side *ledger;
	int overflow;
};

static struct item *
add_item(struct side *s)
{
	s->v = rt_egrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	s->v[s->n].match = -1;
	return &s->v[s->n++];
}

/* Each completed record of the statement's currency: a day's net per source, or itself. */
static int
ledger_record(void *arg, const struct rt_record *r)
{
	struct reading *rd = arg;
	const struct rt_value *src = &r->f[RT_F_SOURCE], *cur = &r->f[RT_F_CURRENCY];
	struct rt_buf key = { 0 };
	struct item *it;
	uint64_t *slot;
	int isnew;

	if (r->status != RT_STATUS_COMPLETED || cur->n != 3 || memcmp(cur->p, rd->currency, 3) != 0 ||
	    (rd->sources.count > 0 && rt_map_find(&rd->sources, src->p, src->n) == NULL))
		return 0;
	if (rd->by_record) {
		it = add_item(rd->ledger);
		it->date = r->date;
		it->amount = r->amount_minor;
		it->source = rt_estrndup(src->p, src->n);
		it->text = rt_estrndup(r->f[RT_F_ID].p, r->f[RT_F_ID].n);
		return 0;
	}
	rt_key_add(&key, RT_KEY_STRING, src->p, src->n);
	rt_buf_add(&key, &r->date, sizeof(r->date));
	slot = rt_map_insert(&rd->days, key.p, key.len, &isnew);
	rt_buf_free(&key);
	if (isnew) {
		it = add_item(rd->ledger);
		it->date = r->date;
		it->source = rt_estrndup(src->p, src->n);
		*slot = rd->ledger->n - 1;
	}
	if (rt_money_add(&rd->ledger->v[*slot].amount, r->amount_minor) == -1)
		rd->overflow = 1;
	return rd->overflow;
}

/* The statement's column named name (any case), or exit 1. */
static size_t
column(struct rt_csv *c, const char *name, const char *path)
{
	const char *f;
	size_t i, n;

	for (i = 0; i < c->nfields; i++)
		if ((f = rt_csv_field(c, i, &n)) != NULL && strlen(name) == n && strncasecmp(f, name, n) == 0)
			return i;
	rt_errx(RT_EXIT_USAGE, "%s:%lu: no \"%s\" column in the header", path, c->row_line, name);
}

/* The statement's rows of money, each with its line; returns the number of bad rows. */
static unsigned long
read_statement(const char *path, const char *cols[3], const char *fmt, int exponent, struct side *bank)
{
	struct rt_reader in;
	struct rt_csv c;
	unsigned long bad = 0;
	size_t at[3], n, i;
	const char *f;
	struct item *it;
	rt_day d;
	int64_t v;
	int rc;

	if (rt_reader_open(&in, path) == -1)
		rt_err(RT_EXIT_USAGE, "%s", path);
	if (rt_csv_open(&c, &in) == -1)
		rt_errx(RT_EXIT_IO, "%s: cannot start the CSV reader", path);
	if ((rc = rt_csv_next(&c)) != 1)
		rt_errx(rc == RT_READ_ERROR ? RT_EXIT_IO : RT_EXIT_BADINPUT, "%s: %s", path,
		    rc == 0	   ? "empty: no header"
			: rc == -3 ? c.why
				   : strerror(errno));
	for (i = 0; i < 3; i++)
		at[i] = column(&c, cols[i], path);
	while ((rc = rt_csv_next(&c)) != 0) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", path);
		if (rc == -3) {
			rt_warnx("%s:%lu: %s", path, c.row_line, c.why);
			bad++;
			continue;
		}
		f = rt_csv_field(&c, at[0], &n);
		if (f == NULL || rt_date_parse_format(f, n, fmt, &d) == -1) {
			rt_warnx("%s:%lu: date \"%.*s\" is not %s", path, c.row_line, (int)(f ? n : 0),
			    f ? f : "", fmt);
			bad++;
			continue;
		}
		f = rt_csv_field(&c, at[1], &n);
		if (f == NULL || (rc = rt_money_parse_text(f, n, exponent, &v)) != RT_MONEY_OK) {
			rt_warnx("%s:%lu: amount \"%.*s\" %s", path, c.row_line, (int)(f ? n : 0), f ? f : "",
			    rt_money_strerror(f == NULL ? RT_MONEY_SYNTAX : rc));
			bad++;
			continue;
		}
		if (v == 0)
			continue;
		it = add_item(bank);
		it->date = d;
		it->amount = v;
		it->line = c.row_line;
		f = rt_csv_field(&c, at[2], &n);
		it->text = rt_estrndup(f != NULL ? f : "", f != NULL ? n : 0);
	}
	rt_csv_close(&c);
	rt_reader_close(&in);
	return bad;
}

struct pair {
	size_t l, b;
	rt_day gap;
};

static int
cmp_pair(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->gap != b->gap)
		return a->gap < b->gap ? -1 : 1;
	if (a->l != b->l)
		return a->l < b->l ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* The bank's items in order of amount, then date, for finding those of one amount quickly. */
static const struct side *by_amount;

static int
cmp_amount(const void *x, const void *y)
{
	const struct item *a = &by_amount->v[*(const size_t *)x], *b = &by_amount->v[*(const size_t *)y];

	if (a->amount != b->amount)
		return a->amount < b->amount ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

/*
 * Matches to the exact amount within days: every possible pair, nearest in
 * time first (then the earlier ledger item, then the earlier bank line),
 * taken when both sides are still free.  The bank's items are sorted by
 * amount and date, so each ledger item finds its candidates by bisection.
 */
static void
match(struct side *ledger, struct side *bank, long days)
{
	struct pair *p = NULL;
	size_t np = 0, cap = 0, i, j, lo, hi, mid, *idx;
	const struct item *b;
	rt_day gap;

	idx = rt_ecalloc(bank->n + 1, sizeof(*idx));
	for (j = 0; j < bank->n; j++)
		idx[j] = j;
	by_amount = bank;
	qsort(idx, bank->n, sizeof(*idx), cmp_amount);
	for (i = 0; i < ledger->n; i++) {
		for (lo = 0, hi = bank->n; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			b = &bank->v[idx[mid]];
			if (b->amount < ledger->v[i].amount ||
			    (b->amount == ledger->v[i].amount && b->date < ledger->v[i].date - days))
				lo = mid + 1;
			else
				hi = mid;
		}
		for (j = lo; j < bank->n; j++) {
			b = &bank->v[idx[j]];
			if (b->amount != ledger->v[i].amount || b->date > ledger->v[i].date + days)
				break;
			gap = b->date - ledger->v[i].date;
			p = rt_egrow(p, &cap, np + 1, sizeof(*p));
			p[np++] = (struct pair){ i, idx[j], gap < 0 ? -gap : gap };
		}
	}
	if (np > 1)
		qsort(p, np, sizeof(*p), cmp_pair);
	for (i = 0; i < np; i++)
		if (ledger->v[p[i].l].match == -1 && bank->v[p[i].b].match == -1) {
			ledger->v[p[i].l].match = (long)p[i].b;
			bank->v[p[i].b].match = (long)p[i].l;
		}
	free(idx);
	free(p);
}

static int
cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if ((c = strcmp(a->source ? a->source : "", b->source ? b->source : "")) != 0)
		return c;
	if ((c = strcmp(a->text ? a->text : "", b->text ? b->text : "")) != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static void
json_field(struct rt_buf *b, const char *key, const char *s)
{
	rt_buf_addf(b, ",\"%s\":", key);
	rt_json_add_string(b, s, strlen(s));
}

/* One result: matched (both), only in the bank (l NULL), only in the ledger (b NULL). */
static void
result_ndjson(struct rt_buf *o, const struct item *l, const struct item *b, int64_t amount, const char *cur,
    int by_record)
{
	char d[RT_DATE_BUFSZ];

	rt_buf_addf(o, "{\"status\":\"%s\"", l && b ? "matched" : l ? "ledger_only" : "bank_only");
	if (l != NULL) {
		json_field(o, "source", l->source);
		if (by_record)
			json_field(o, "id", l->text);
		json_field(o, "date", rt_date_format(l->date, d));
	}
	if (b != NULL)
		json_field(o, "bank_date", rt_date_format(b->date, d));
	rt_buf_adds(o, ",\"amount_minor\":");
	rt_buf_addi64(o, amount);
	json_field(o, "currency", cur);
	if (b != NULL) {
		json_field(o, "description", b->text);
		rt_buf_addf(o, ",\"line\":%lu", b->line);
	}
	rt_buf_add(o, "}\n", 2);
}

static void
result_row(struct rt_table *t, const struct item *l, const struct item *b, int64_t amount, const char *cur)
{
	char d[RT_DATE_BUFSZ], money[RT_MONEY_BUFSZ];

	rt_table_adds(t, l && b ? "matched" : l ? "only in the ledger" : "only in the bank");
	rt_table_adds(t, l != NULL ? l->source : "");
	rt_table_adds(t, l != NULL ? rt_date_format(l->date, d) : "");
	rt_table_adds(t, b != NULL ? rt_date_format(b->date, d) : "");
	rt_table_adds(t, rt_money_display(amount, cur, money, sizeof(money)));
	rt_table_adds(t, b != NULL ? b->text : l != NULL && l->text != NULL ? l->text : "");
}

/* Matched first (by ledger date), then what only the bank has, then what only the ledger has. */
static void
report(
    struct side *ledger, struct side *bank, const char *cur, int md, int by_record, unsigned long counts[3])
{
	static const char *const head[] = { "Status", "Source", "Ledger date", "Bank date", "Amount",
		"Description" };
	struct rt_buf o = { 0 };
	struct rt_table t;
	size_t i, pass;

	rt_table_init(&t, 6);
	for (i = 0; i < 6; i++)
		rt_table_adds(&t, head[i]);
	rt_table_right(&t, 4);
	for (pass = 0; pass < 3; pass++) {
		struct side *s = pass == 1 ? bank : ledger;

		for (i = 0; i < s->n; i++) {
			const struct item *it = &s->v[i];
			const struct item *l = pass == 1 ? NULL : it, *b = pass == 1 ? it : NULL;

			if ((pass == 0) != (it->match != -1))
				continue;
			if (pass == 0)
				b = &bank->v[it->match];
			counts[pass]++;
			if (md)
				result_row(&t, l, b, it->amount, cur);
			else
				result_ndjson(&o, l, b, it->amount, cur, by_record);
		}
	}
	if (md)
		rt_table_render(&t, RT_TABLE_MD, &o);
	if (o.len > 0 && fwrite(o.p, 1, o.len, stdout) != o.len)
		rt_err(RT_EXIT_IO, "stdout");
	rt_table_free(&t);
	rt_buf_free(&o);
}

static void
parse_sources(struct rt_map *m, char *list, const char **one)
{
	char *s;

	while ((s = strsep(&list, ",")) != NULL) {
		if (!rt_source_valid(s, strlen(s)))
			rt_errx(RT_EXIT_USAGE, "--source \"%s\" is not a source name ([a-z0-9_-]+)", s);
		rt_map_insert(m, s, strlen(s), NULL);
		*one = m->count == 1 ? s : NULL;
	}
}

static void
free_side(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].source);
		free(s->v[i].text);
	}
	free(s->v);
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET, NULL, NULL };
	struct rt_ledger_filter f = { NULL, RT_LEDGER_NODAY, RT_LEDGER_NODAY };
	const char *cols[3] = { "date", "amount", "description" }, *fmt = "%Y-%m-%d", *currency = "USD";
	struct side ledger = { 0 }, bank = { 0 };
	struct reading rd = { 0 };
	struct rt_ledger *l;
	unsigned long bad, counts[3] = { 0, 0, 0 };
	long days = 3;
	char why[1024];
	int ch, md = 0, wait = RT_LEDGER_WAIT, st, exponent, since_given = 0, until_given = 0;
	size_t i;

	rt_cli_start(argc, argv);
	rt_map_init(&rd.sources);
	rt_map_init(&rd.days);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_AMOUNT_COLUMN:
			cols[1] = optarg;
			break;
		case OPT_BY:
			if (strcmp(optarg, "day") != 0 && strcmp(optarg, "record") != 0)
				rt_errx(RT_EXIT_USAGE, "--by \"%s\" is not day or record", optarg);
			rd.by_record = optarg[0] == 'r';
			break;
		case OPT_CURRENCY:
			if (rt_currency_exponent(optarg, strlen(optarg)) < 0)
				rt_errx(RT_EXIT_USAGE, "--currency \"%s\" is not an ISO 4217 code", optarg);
			currency = optarg;
			break;
		case OPT_DATE_COLUMN:
			cols[0] = optarg;
			break;
		case OPT_DATE_FORMAT:
			fmt = optarg;
			break;
		case OPT_DAYS:
			days = rt_cli_number("days", optarg, 0, 366);
			break;
		case OPT_DESCRIPTION_COLUMN:
			cols[2] = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "ndjson") != 0 && strcmp(optarg, "md") != 0)
				rt_errx(RT_EXIT_USAGE, "--format \"%s\" is not ndjson or md", optarg);
			md = optarg[0] == 'm';
			break;
		case OPT_SINCE:
			f.since = rt_cli_date("since", optarg);
			since_given = 1;
			break;
		case OPT_SOURCE:
			parse_sources(&rd.sources, optarg, &f.source);
			break;
		case OPT_UNTIL:
			f.until = rt_cli_date("until", optarg);
			until_given = 1;
			break;
		case OPT_WAIT:
			wait = (int)rt_cli_number("wait", optarg, 0, 86400);
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2)
		rt_cli_misuse("name the ledger and the bank statement (a CSV file)");
	exponent = rt_currency_exponent(currency, strlen(currency));

	if ((st = rt_ledger_open(&l, argv[0], RT_LEDGER_READ, wait, why, sizeof(why))) != 0)
		rt_errx(st, "%s", why);
	bad = read_statement(argv[1], cols, fmt, exponent, &bank);
	/* By default the ledger's days the statement can hold: from its first less --days to its last. */
	for (i = 0; i < bank.n; i++) {
		if (!since_given && (f.since == RT_LEDGER_NODAY || bank.v[i].date - days < f.since))
			f.since = bank.v[i].date - (rt_day)days;
		if (!until_given && (f.until == RT_LEDGER_NODAY || bank.v[i].date > f.until))
			f.until = bank.v[i].date;
	}
	rd.currency = currency;
	rd.ledger = &ledger;
	if (bank.n > 0 || since_given || until_given) {
		if ((st = rt_ledger_records(l, &f, ledger_record, &rd, why, sizeof(why))) != 0)
			rt_errx(rd.overflow ? RT_EXIT_BADINPUT : st, "%s",
			    rd.overflow ? "a day's net would overflow 64 bits" : why);
	}
	rt_ledger_close(l);
	if (!rd.by_record) {
		/* A day whose records net to nothing moves no money. */
		for (i = 0; i < ledger.n;)
			if (ledger.v[i].amount == 0) {
				free(ledger.v[i].source);
				ledger.v[i] = ledger.v[--ledger.n];
			} else
				i++;
	}
	qsort(ledger.v, ledger.n, sizeof(*ledger.v), cmp_item);
	qsort(bank.v, bank.n, sizeof(*bank.v), cmp_item);
	match(&ledger, &bank, days);

	rt_stdout_init();
	report(&ledger, &bank, currency, md, rd.by_record, counts);
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	if (!rt_quiet)
		fprintf(stderr, "%s: %lu matched, %lu only in the bank, %lu only in the ledger\n",
		    rt_progname, counts[0], counts[1], counts[2]);
	free_side(&ledger);
	free_side(&bank);
	rt_map_free(&rd.sources);
	rt_map_free(&rd.days);
	return bad > 0 || counts[1] > 0 || counts[2] > 0 ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
