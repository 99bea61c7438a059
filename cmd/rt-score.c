/* rt-score: scores jobs 0-100 by weighted rules and names the agents each goes to. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_cli.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_money.h"
#include "rt_record.h"

enum { OPT_MIN = RT_OPT_OWN, OPT_RULES };

static const char *const synopsis[] = {
	"[-qv] --rules file [--min score] [file ...]",
	NULL,
};

static const struct rt_option options[] = {
	{ "rules", OPT_RULES, "file", "the weighted rules and who each routes to" },
	{ "min", OPT_MIN, "score", "write only the jobs that score at least this (0-100)" },
	{ NULL, 0, NULL, NULL },
};

enum kind { BASE, KEYWORD, PLATFORM, BUDGET, HOURLY, NOBUDGET, DEFAULT };
enum op { LT, LE, GT, GE, EQ };

struct rule {
	enum kind kind;
	long points;
	char **words; /* keyword phrases or platform names, lower case */
	size_t nwords;
	enum op op;
	int64_t amount;
	char currency[4];
	char *shown; /* as a reason: "budget >= 1000 USD" */
	size_t *agents; /* into names */
	size_t nagents;
};

static struct rule *rules;
static size_t nrules;
static char **names; /* every agent, in the order the rules name them */
static size_t nnames;
static long base;

static const char *const kinds[] = { "base", "keyword", "platform", "budget", "hourly", "nobudget",
	"default" };
static const char *const ops[] = { "<", "<=", ">", ">=", "=" };

/* The words of a rule line: blank-separated, or "quoted" with blanks inside; NUL-terminated in place. */
static size_t
split(char *p, char **tok, size_t max, const char *where)
{
	size_t n = 0;

	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			return n;
		if (n == max)
			rt_errx(RT_EXIT_USAGE, "%s: more than %zu words", where, max);
		if (*p == '"') {
			tok[n++] = ++p;
			if ((p = strchr(p, '"')) == NULL)
				rt_errx(RT_EXIT_USAGE, "%s: a quote is not closed", where);
		} else {
			tok[n++] = p;
			p += strcspn(p, " \t");
		}
		if (*p == '\0')
			return n;
		*p++ = '\0';
	}
}

static size_t
agent(const char *name)
{
	size_t i;

	for (i = 0; i < nnames; i++)
		if (strcasecmp(names[i], name) == 0)
			return i;
	names = rt_erealloc(names, (nnames + 1) * sizeof(*names));
	names[nnames] = rt_estrdup(name);
	return nnames++;
}

/* The agents after "->": names separated by commas. */
static void
route(struct rule *r, char *list, const char *where)
{
	char *name, *e;

	while ((name = strsep(&list, ",")) != NULL) {
		name += strspn(name, " \t");
		for (e = name + strlen(name); e > name && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		if (*name == '\0')
			rt_errx(RT_EXIT_USAGE, "%s: an empty agent name after ->", where);
		r->agents = rt_erealloc(r->agents, (r->nagents + 1) * sizeof(*r->agents));
		r->agents[r->nagents++] = agent(name);
	}
}

static long
points(const char *s, const char *where, long lo)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < lo || v > 100)
		rt_errx(RT_EXIT_USAGE, "%s: \"%s\" is not a number of points from %ld to 100", where, s, lo);
	return v;
}

/* budget|hourly POINTS OP AMOUNT CODE */
static void
money_rule(struct rule *r, char **tok, size_t n, const char *where)
{
	size_t i;
	int e, rc;

	if (n != 5)
		rt_errx(RT_EXIT_USAGE,
		    "%s: %s wants POINTS, an operator, an amount and a currency: %s 20 >= 1000 USD", where,
		    kinds[r->kind], kinds[r->kind]);
	for (i = 0; i < 5 && strcmp(tok[2], ops[i]) != 0; i++)
		;
	if (i == 5)
		rt_errx(RT_EXIT_USAGE, "%s: \"%s\" is not <, <=, >, >= or =", where, tok[2]);
	r->op = (enum op)i;
	if ((e = rt_currency_exponent(tok[4], strlen(tok[4]))) < 0)
		rt_errx(RT_EXIT_USAGE, "%s: \"%s\" is not an ISO 4217 code", where, tok[4]);
	memcpy(r->currency, tok[4], 4);
	if ((rc = rt_money_parse(tok[3], strlen(tok[3]), e, &r->amount)) != RT_MONEY_OK)
		rt_errx(RT_EXIT_USAGE, "%s: amount \"%s\" %s", where, tok[3], rt_money_strerror(rc));
	r->shown = rt_emalloc(strlen(tok[3]) + 32);
	sprintf(r->shown, "%s %s %s %s", kinds[r->kind], ops[r->op], tok[3], r->currency);
}

static void
rule(char *text, const char *where)
{
	struct rule r = { 0 };
	char *tok[64], *arrow, *p;
	size_t n, i, k;
	int quoted = 0;

	/* A comment starts at a # outside quotes, at the start or after a blank. */
	for (p = text; *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		if (*p == '#' && !quoted && (p == text || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	if ((arrow = strstr(text, "->")) != NULL)
		*arrow = '\0';
	if ((n = split(text, tok, 64, where)) == 0) {
		if (arrow != NULL)
			rt_errx(RT_EXIT_USAGE, "%s: -> without a rule before it", where);
		return;
	}
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && strcmp(tok[0], kinds[k]) != 0; k++)
		;
	if (k == sizeof(kinds) / sizeof(kinds[0]))
		rt_errx(RT_EXIT_USAGE,
		    "%s: \"%s\" is not base, keyword, platform, budget, hourly, nobudget or default", where,
		    tok[0]);
	r.kind = (enum kind)k;
	if (r.kind == DEFAULT ? n != 1 || arrow == NULL : n < 2)
		rt_errx(RT_EXIT_USAGE, "%s: %s", where,
		    r.kind == DEFAULT ? "default wants only -> and the agents" : "a rule wants its points");
	if (r.kind != DEFAULT)
		r.points = points(tok[1], where, r.kind == BASE ? 0 : -100);
	if (r.kind == BASE) {
		if (n != 2 || arrow != NULL)
			rt_errx(RT_EXIT_USAGE, "%s: base wants only its points", where);
		base = r.points;
		return;
	}
	if (r.kind == BUDGET || r.kind == HOURLY)
		money_rule(&r, tok, n, where);
	else if (r.kind == NOBUDGET && n != 2)
		rt_errx(RT_EXIT_USAGE, "%s: nobudget wants only its points", where);
	else if ((r.kind == KEYWORD || r.kind == PLATFORM) && n < 3)
		rt_errx(
		    RT_EXIT_USAGE, "%s: %s wants at least one word after its points", where, kinds[r.kind]);
	for (i = 2; (r.kind == KEYWORD || r.kind == PLATFORM) && i < n; i++) {
		if (*tok[i] == '\0')
			rt_errx(RT_EXIT_USAGE, "%s: an empty word", where);
		for (p = tok[i]; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		r.words = rt_erealloc(r.words, (r.nwords + 1) * sizeof(*r.words));
		r.words[r.nwords++] = rt_estrdup(tok[i]);
	}
	if (r.kind == NOBUDGET)
		r.shown = rt_estrdup("no budget stated");
	if (arrow != NULL)
		route(&r, arrow + 2, where);
	rules = rt_erealloc(rules, (nrules + 1) * sizeof(*rules));
	rules[nrules++] = r;
}

static void
load(const char *path)
{
	struct rt_reader in;
	char where[4096], *line, *copy;
	size_t len;
	int rc;

	if (rt_reader_open(&in, path) == -1)
		rt_err(RT_EXIT_USAGE, "%s", path);
	while ((rc = rt_reader_next(&in, &line, &len)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_USAGE, "%s", path);
		snprintf(where, sizeof(where), "%s:%lu", path, in.lineno);
		if (rc == RT_READ_TOOLONG)
			rt_errx(RT_EXIT_USAGE, "%s: line too long", where);
		copy = rt_estrndup(line, len);
		rule(copy, where);
		free(copy);
	}
	rt_reader_close(&in);
}

/* Whether phrase (lower case) is in text as whole words, in any case. */
static int
has_phrase(const char *text, size_t n, const char *phrase)
{
	size_t k = strlen(phrase), i;

	for (i = 0; k > 0 && i + k <= n; i++)
		if ((i == 0 || !isalnum((unsigned char)text[i - 1])) &&
		    strncasecmp(text + i, phrase, k) == 0 &&
		    (i + k == n || !isalnum((unsigned char)text[i + k])))
			return 1;
	return 0;
}

static const struct rt_value *
string(const struct rt_record *rec, const char *key)
{
	const struct rt_value *v = rt_record_get(rec, key, strlen(key));

	return v != NULL && v->type == RT_V_STRING ? v : NULL;
}

/* Whether a rule holds for the job; *what is the word that matched, for the reason. */
static int
holds(const struct rule *r, const struct rt_record *rec, const char **what)
{
	const struct rt_value *title = string(rec, "title"), *summary = string(rec, "summary"),
			      *plat = string(rec, "platform"), *kind = string(rec, "budget_kind"),
			      *cur = string(rec, "budget_currency"),
			      *amount = rt_record_get(rec, "budget_minor", 12);
	const char *want = r->kind == HOURLY ? "hourly" : "fixed";
	int64_t v;
	size_t i;

	*what = r->shown;
	switch (r->kind) {
	case BASE:
	case DEFAULT:
		return 0;
	case KEYWORD:
		for (i = 0; i < r->nwords; i++)
			if ((title != NULL && has_phrase(title->p, title->n, r->words[i])) ||
			    (summary != NULL && has_phrase(summary->p, summary->n, r->words[i]))) {
				*what = r->words[i];
				return 1;
			}
		return 0;
	case PLATFORM:
		for (i = 0; plat != NULL && i < r->nwords; i++)
			if (strlen(r->words[i]) == plat->n &&
			    strncasecmp(plat->p, r->words[i], plat->n) == 0) {
				*what = r->words[i];
				return 1;
			}
		return 0;
	case NOBUDGET:
		return amount == NULL || amount->type == RT_V_NULL;
	default:
		if (amount == NULL || amount->type != RT_V_NUMBER || kind == NULL || cur == NULL ||
		    cur->n != 3 || memcmp(cur->p, r->currency, 3) != 0 ||
		    rt_money_parse_minor(amount->p, amount->n, &v) != RT_MONEY_OK ||
		    kind->n != strlen(want) || memcmp(kind->p, want, kind->n) != 0)
			return 0;
		switch (r->op) {
		case LT:
			return v < r->amount;
		case LE:
			return v <= r->amount;
		case GT:
			return v > r->amount;
		case GE:
			return v >= r->amount;
		default:
			return v == r->amount;
		}
	}
}

static void
add_string(struct rt_buf *b, const char *s)
{
	rt_json_add_string(b, s, strlen(s));
}

/*
 * Scores one job: base plus the points of every rule that holds, kept
 * within 0..100; the agents of those rules, or of default when they name
 * none.  Writes the job with "score", "agents" and "reasons" (replacing
 * any it had) unless it scores under min.
 */
static void
score(const struct rt_record *rec, long min, struct rt_buf *out)
{
	const struct rt_field *f;
	struct rt_buf reasons = { 0 }, reason = { 0 };
	unsigned char *routed = rt_ecalloc(nnames + 1, 1);
	const char *what = "";
	long total = base;
	size_t i, k, nrouted = 0;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < nrules; i++) {
			if (pass == 0 && !holds(&rules[i], rec, &what))
				continue;
			if (pass == 1 && (rules[i].kind != DEFAULT || nrouted > 0))
				continue;
			for (k = 0; k < rules[i].nagents; k++)
				nrouted += !routed[rules[i].agents[k]]++;
			if (pass == 1)
				continue;
			total += rules[i].points;
			rt_buf_reset(&reason);
			rt_buf_addf(&reason, "%+ld %s%s", rules[i].points,
			    rules[i].kind == PLATFORM ? "platform " : "", what);
			rt_buf_addc(&reasons, reasons.len > 0 ? ',' : '[');
			add_string(&reasons, rt_buf_str(&reason));
		}
	total = total < 0 ? 0 : total > 100 ? 100 : total;
	if (total >= min) {
		rt_buf_addc(out, '{');
		for (i = 0, k = 0; i < rec->nfields; i++) {
			f = &rec->fields[i];
			if ((f->keylen == 5 && memcmp(f->key, "score", 5) == 0) ||
			    (f->keylen == 6 && memcmp(f->key, "agents", 6) == 0) ||
			    (f->keylen == 7 && memcmp(f->key, "reasons", 7) == 0))
				continue;
			if (k++ > 0)
				rt_buf_addc(out, ',');
			rt_json_add_string(out, f->key, f->keylen);
			rt_buf_addc(out, ':');
			if (f->v.type == RT_V_STRING)
				rt_json_add_string(out, f->v.p, f->v.n);
			else
				rt_buf_add(out, f->v.p, f->v.n);
		}
		rt_buf_addf(out, "%s\"score\":%ld,\"agents\":[", k > 0 ? "," : "", total);
		for (i = 0, k = 0; i < nnames; i++)
			if (routed[i]) {
				rt_buf_adds(out, k++ > 0 ? "," : "");
				add_string(out, names[i]);
			}
		rt_buf_adds(out, "],\"reasons\":");
		rt_buf_adds(out, reasons.len > 0 ? rt_buf_str(&reasons) : "[");
		rt_buf_adds(out, "]}\n");
	}
	free(routed);
	rt_buf_free(&reasons);
	rt_buf_free(&reason);
}

int
main(int argc, char *argv[])
{
	struct rt_cli cli = { synopsis, options, NULL, RT_CLI_QUIET | RT_CLI_VERBOSE, NULL, NULL };
	struct rt_buf out = { 0 };
	struct rt_record rec;
	struct rt_input in;
	const char *path = NULL, *badname;
	char *end;
	long min = 0;
	int ch, rc, bad = 0;

	rt_cli_start(argc, argv);
	while ((ch = rt_cli_next(&cli, argc, argv)) != -1) {
		switch (ch) {
		case OPT_MIN:
			errno = 0;
			min = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg || min < 0 || min > 100)
				rt_errx(RT_EXIT_USAGE, "--min \"%s\" is not a score from 0 to 100", optarg);
			break;
		case OPT_RULES:
			path = optarg;
			break;
		}
	}
	if (path == NULL)
		rt_cli_misuse("name the rules: --rules file");
	argc -= optind;
	argv += optind;
	if (rt_input_open(&in, argc, argv, &badname) == -1)
		rt_err(RT_EXIT_USAGE, "%s", badname);
	load(path);
	rt_record_init(&rec);
	rt_stdout_init();

	while ((rc = rt_record_next(&in, &rec, 0)) != RT_READ_EOF) {
		if (rc == RT_READ_ERROR)
			rt_err(RT_EXIT_IO, "%s", rt_input_name(&in));
		if (rc == RT_RECORD_BAD) {
			bad = 1;
			continue;
		}
		rt_buf_reset(&out);
		score(&rec, min, &out);
		if (out.len == 0)
			rt_log(
			    "%s:%lu: under --min %ld; left out", rt_input_name(&in), rt_input_line(&in), min);
		else if (fwrite(out.p, 1, out.len, stdout) != out.len)
			rt_err(RT_EXIT_IO, "stdout");
	}
	if (rt_stdout_close() == -1)
		rt_err(RT_EXIT_IO, "stdout");
	rt_record_free(&rec);
	rt_buf_free(&out);
	return bad ? RT_EXIT_BADINPUT : RT_EXIT_OK;
}
