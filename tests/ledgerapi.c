/*
 * ledgerapi: drives lib/rt_ledger.h as another program would (rt-dashboard,
 * rt-report, rt-alert with --ledger), for tests/ledger.bash.
 *
 * usage: ledgerapi records LEDGER [source|- [since|- [until|-]]]
 *        ledgerapi count LEDGER         (stops after 3 records)
 *        ledgerapi alert LEDGER id rule severity source|- date|- value|- expected|- message
 *        ledgerapi alerts LEDGER [since]
 *
 * Exit status: what the library returned (0, 2, 3, 4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_ledger.h"
#include "rt_money.h"

static const char *
opt(int argc, char **argv, int i)
{
	return i < argc && strcmp(argv[i], "-") != 0 ? argv[i] : NULL;
}

static rt_day
day(const char *s)
{
	rt_day d;

	if (s == NULL)
		return RT_LEDGER_NODAY;
	if (rt_date_parse(s, strlen(s), &d) == -1)
		rt_errx(2, "%s: not a date", s);
	return d;
}

/* Each record: its canonical line, and what the typed fields say of it. */
static int
print_record(void *arg, const struct rt_record *r)
{
	printf("%.*s\t%lld %d %d\n", (int)r->len, r->line, (long long)r->amount_minor, (int)r->kind,
	    (int)r->status);
	return 0;
}

static int
count_three(void *arg, const struct rt_record *r)
{
	return ++*(int *)arg == 3 ? 42 : 0;
}

static int
print_alert(void *arg, const struct rt_ledger_alert *a)
{
	printf("%s|%s|%s|%s|%s|", a->id, a->rule, a->severity, a->source ? a->source : "",
	    a->date ? a->date : "");
	if (a->value != NULL)
		printf("%lld", (long long)*a->value);
	putchar('|');
	if (a->expected != NULL)
		printf("%lld", (long long)*a->expected);
	printf("|%s|%s\n", a->message, a->fired_at);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct rt_ledger_filter f = { NULL, RT_LEDGER_NODAY, RT_LEDGER_NODAY };
	struct rt_ledger_alert a = { 0 };
	struct rt_ledger *l;
	int64_t value, expected;
	char why[1024];
	int st, n = 0;

	rt_setprogname("ledgerapi");
	if (argc < 3)
		rt_errx(2, "usage: ledgerapi records|count|alert|alerts LEDGER ...");
	if ((st = rt_ledger_open(&l, argv[2],
		 strcmp(argv[1], "alert") == 0 ? RT_LEDGER_WRITE : RT_LEDGER_READ, 2, why, sizeof(why))) != 0)
		rt_errx(st, "%s", why);
	if (strcmp(argv[1], "records") == 0) {
		f.source = opt(argc, argv, 3);
		f.since = day(opt(argc, argv, 4));
		f.until = day(opt(argc, argv, 5));
		st = rt_ledger_records(l, &f, print_record, NULL, why, sizeof(why));
	} else if (strcmp(argv[1], "count") == 0) {
		st = rt_ledger_records(l, &f, count_three, &n, why, sizeof(why));
		printf("stopped after %d with %d\n", n, st);
		st = st == 42 ? 0 : st;
	} else if (strcmp(argv[1], "alert") == 0 && argc == 11) {
		a.id = argv[3];
		a.rule = argv[4];
		a.severity = argv[5];
		a.source = opt(argc, argv, 6);
		a.date = opt(argc, argv, 7);
		if (opt(argc, argv, 8) != NULL && rt_money_parse_minor(argv[8], strlen(argv[8]), &value) == 0)
			a.value = &value;
		if (opt(argc, argv, 9) != NULL &&
		    rt_money_parse_minor(argv[9], strlen(argv[9]), &expected) == 0)
			a.expected = &expected;
		a.message = argv[10];
		st = rt_ledger_alert(l, &a, why, sizeof(why));
	} else if (strcmp(argv[1], "alerts") == 0) {
		st = rt_ledger_alerts(l, opt(argc, argv, 3), print_alert, NULL, why, sizeof(why));
	} else
		rt_errx(2, "%s: unknown, or the wrong number of arguments", argv[1]);
	if (st != 0)
		rt_warnx("%s", why);
	rt_ledger_close(l);
	if (fclose(stdout) != 0)
		return 4;
	return st;
}
