/*
 * The record hot path.  A line is read in one pass without building a tree:
 * top-level values are sliced out of the line (strings decoded only when they
 * hold escapes), nested values such as raw are checked and skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"
#include "rt_jsonlex.h"
#include "rt_map.h"
#include "rt_money.h"
#include "rt_record.h"

const char *const rt_field_names[RT_NFIELDS] = { "id", "source", "date", "end_date", "amount_minor",
	"currency", "kind", "status", "client", "description", "ts", "ref", "entity", "raw" };
const char *const rt_kind_names[] = { "sale", "refund", "fee", "chargeback", "adjustment" };
const char *const rt_status_names[] = { "completed", "pending", "reversed" };

void
rt_record_init(struct rt_record *r)
{
	memset(r, 0, sizeof(*r));
}

void
rt_record_free(struct rt_record *r)
{
	free(r->fields);
	rt_buf_free(&r->scratch);
	memset(r, 0, sizeof(*r));
}

void
rt_record_clear(struct rt_record *r)
{
	memset(r->f, 0, sizeof(r->f));
	r->nfields = 0;
	rt_buf_reset(&r->scratch);
}

/*
 * The canonical field a key names, or -1.  It runs for every key of every
 * line, so the length chooses the few names worth comparing.
 */
int
rt_field_lookup(const char *k, size_t n)
{
	switch (n) {
	case 2:
		return memcmp(k, "id", 2) == 0 ? RT_F_ID : memcmp(k, "ts", 2) == 0 ? RT_F_TS : -1;
	case 3:
		return memcmp(k, "ref", 3) == 0 ? RT_F_REF : memcmp(k, "raw", 3) == 0 ? RT_F_RAW : -1;
	case 4:
		return memcmp(k, "date", 4) == 0 ? RT_F_DATE : memcmp(k, "kind", 4) == 0 ? RT_F_KIND : -1;
	case 6:
		return memcmp(k, "source", 6) == 0 ? RT_F_SOURCE
		    : memcmp(k, "status", 6) == 0  ? RT_F_STATUS
		    : memcmp(k, "client", 6) == 0  ? RT_F_CLIENT
		    : memcmp(k, "entity", 6) == 0  ? RT_F_ENTITY
						   : -1;
	case 8:
		return memcmp(k, "currency", 8) == 0 ? RT_F_CURRENCY
		    : memcmp(k, "end_date", 8) == 0  ? RT_F_END_DATE
						     : -1;
	case 11:
		return memcmp(k, "description", 11) == 0 ? RT_F_DESCRIPTION : -1;
	case 12:
		return memcmp(k, "amount_minor", 12) == 0 ? RT_F_AMOUNT_MINOR : -1;
	}
	return -1;
}

/* why = the lexer's problem, with its column when it has a place. */
static int
bad(struct rt_jlex *lx, char *why, size_t whysz)
{
	if (lx->errat != NULL)
		snprintf(why, whysz, "column %zu: %s", (size_t)(lx->errat - lx->s) + 1, lx->errmsg);
	else
		snprintf(why, whysz, "%s", lx->errmsg);
	return -1;
}

/* A top-level value: a string decoded, anything else checked and kept as its JSON text. */
static int
value(struct rt_jlex *lx, struct rt_value *v)
{
	const char *start;
	int rc;

	rt_jlex_ws(lx);
	if (lx->p >= lx->e)
		return rt_jlex_fail(lx, lx->p, lx->eof);
	start = lx->p;
	switch (*lx->p) {
	case '"':
		v->type = RT_V_STRING;
		return rt_jlex_string(lx, &v->p, &v->n);
	case '-':
	case '0' ... '9':
		v->type = RT_V_NUMBER;
		rc = rt_jlex_number(lx, NULL);
		break;
	case 't':
		v->type = RT_V_TRUE;
		rc = rt_jlex_word(lx, "true", 4);
		break;
	case 'f':
		v->type = RT_V_FALSE;
		rc = rt_jlex_word(lx, "false", 5);
		break;
	case 'n':
		v->type = RT_V_NULL;
		rc = rt_jlex_word(lx, "null", 4);
		break;
	default:
		v->type = *lx->p == '{' ? RT_V_OBJECT : RT_V_ARRAY;
		rc = rt_jlex_skip(lx);
	}
	if (rc == -1)
		return -1;
	v->p = start;
	v->n = (size_t)(lx->p - start);
	return 0;
}

/* The members of the object after its '{', each a field, the canonical ones indexed too. */
static int
members(struct rt_jlex *lx, struct rt_record *r)
{
	struct rt_field *f;
	int id;

	if (rt_jlex_take(lx, '}'))
		return 0;
	for (;;) {
		rt_jlex_ws(lx);
		if (lx->p >= lx->e || *lx->p != '"')
			return rt_jlex_fail(lx, lx->p, lx->p >= lx->e ? lx->eof : "expected a string key");
		if (r->nfields == r->fieldcap)
			r->fields = rt_egrow(r->fields, &r->fieldcap, r->nfields + 1, sizeof(*r->fields));
		f = &r->fields[r->nfields];
		if (rt_jlex_string(lx, &f->key, &f->keylen) == -1)
			return -1;
		if (!rt_jlex_take(lx, ':'))
			return rt_jlex_fail(lx, lx->p, lx->p >= lx->e ? lx->eof : "expected ':'");
		if (value(lx, &f->v) == -1)
			return -1;
		if ((id = rt_field_lookup(f->key, f->keylen)) >= 0) {
			if (r->f[id].type != RT_V_NONE)
				return rt_jlex_fail(lx, NULL, "duplicate key");
			r->f[id] = f->v;
		}
		r->nfields++;
		if (rt_jlex_take(lx, ','))
			continue;
		if (rt_jlex_take(lx, '}'))
			return 0;
		return rt_jlex_fail(lx, lx->p,
		    lx->p >= lx->e ? "unexpected end of line (truncated JSON?)" : "expected ',' or '}'");
	}
}

/* Reads one line holding a JSON object.  why gets the reason when it is not one. */
int
rt_record_parse(struct rt_record *r, const char *line, size_t len, char *why, size_t whysz)
{
	struct rt_jlex lx;

	rt_record_clear(r);
	/* Sized to the line, so decoding a string never moves what was decoded before. */
	rt_buf_grow(&r->scratch, len + 1);
	rt_jlex_init(&lx, line, len, &r->scratch);
	lx.eof = "unexpected end of line";
	/* The record is the outermost container: raw's members are at depth 2. */
	lx.depth = 1;
	rt_jlex_ws(&lx);
	if (lx.p >= lx.e)
		rt_jlex_fail(&lx, NULL, "empty line");
	else if (*lx.p != '{')
		rt_jlex_fail(&lx, lx.p, "not a JSON object");
	else if (lx.p++, members(&lx, r) == 0) {
		rt_jlex_ws(&lx);
		if (lx.p != lx.e)
			rt_jlex_fail(&lx, lx.p, "unexpected data after the object");
	}
	return lx.errmsg != NULL ? bad(&lx, why, whysz) : 0;
}

/* The value of any top-level key, or NULL. */
const struct rt_value *
rt_record_get(const struct rt_record *r, const char *k, size_t n)
{
	size_t i;
	int id;

	if ((id = rt_field_lookup(k, n)) >= 0)
		return r->f[id].type == RT_V_NONE ? NULL : &r->f[id];
	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].keylen == n && memcmp(r->fields[i].key, k, n) == 0)
			return &r->fields[i].v;
	return NULL;
}

void
rt_record_set(struct rt_record *r, enum rt_field_id id, enum rt_vtype t, const char *p, size_t n)
{
	r->f[id].type = t;
	r->f[id].p = p;
	r->f[id].n = n;
}

int
rt_source_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
			s[i] == '-'))
			return 0;
	return 1;
}

static int
oneof(const struct rt_value *v, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i][0] == (v->n > 0 ? v->p[0] : 0) && strlen(names[i]) == v->n &&
		    memcmp(names[i], v->p, v->n) == 0)
			return i;
	return -1;
}

/* why = fmt with the field's name and (at most 60 bytes of) its value; a string's in quotes. */
static int
fail(char *why, size_t whysz, const char *fmt, const struct rt_value *v, const char *name)
{
	char shown[72];
	int quote = v != NULL && v->type == RT_V_STRING && strstr(fmt, ", not %s") != NULL;
	size_t n = v != NULL && v->n < 60 ? v->n : 60;

	shown[0] = '\0';
	if (v != NULL)
		snprintf(shown, sizeof(shown), "%s%.*s%s%s", quote ? "\"" : "", (int)n, v->p,
		    quote ? "\"" : "", n < v->n ? "..." : "");
	snprintf(why, whysz, fmt, name, shown);
	return -1;
}

/*
 * Checks a parsed line against SPEC section 2 and fills the typed fields.
 * Keys beyond the canonical ones are allowed here; rt-normalize refuses them.
 */
int
rt_record_check(struct rt_record *r, char *why, size_t whysz)
{
	static const enum rt_field_id required[] = { RT_F_ID, RT_F_SOURCE, RT_F_DATE, RT_F_AMOUNT_MINOR,
		RT_F_CURRENCY, RT_F_KIND, RT_F_STATUS };
	static const enum rt_field_id strings[] = { RT_F_ID, RT_F_SOURCE, RT_F_DATE, RT_F_END_DATE,
		RT_F_CURRENCY, RT_F_KIND, RT_F_STATUS, RT_F_CLIENT, RT_F_DESCRIPTION, RT_F_TS, RT_F_REF,
		RT_F_ENTITY };
	struct rt_value *v;
	int64_t t;
	size_t i;
	int k;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (r->f[required[i]].type == RT_V_NONE || r->f[required[i]].type == RT_V_NULL)
			return fail(why, whysz, "missing \"%s\"%s", NULL, rt_field_names[required[i]]);
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		v = &r->f[strings[i]];
		if (v->type == RT_V_NULL && i >= 3)
			v->type = RT_V_NONE; /* an optional key given as null is absent */
		if (v->type != RT_V_NONE && v->type != RT_V_STRING)
			return fail(
			    why, whysz, "\"%s\" must be a string, not %s", v, rt_field_names[strings[i]]);
	}
	if (r->f[RT_F_ID].n == 0)
		return fail(why, whysz, "\"%s\" is empty%s", NULL, "id");
	v = &r->f[RT_F_SOURCE];
	if (!rt_source_valid(v->p, v->n))
		return fail(why, whysz, "\"%s\" \"%s\" is not [a-z0-9_-]+", v, "source");
	v = &r->f[RT_F_DATE];
	if (rt_date_parse(v->p, v->n, &r->date) == -1)
		return fail(why, whysz, "\"%s\" \"%s\" is not a real YYYY-MM-DD date", v, "date");
	r->end_date = r->date;
	v = &r->f[RT_F_END_DATE];
	if (v->type == RT_V_STRING) {
		if (rt_date_parse(v->p, v->n, &r->end_date) == -1)
			return fail(why, whysz, "\"%s\" \"%s\" is not a real YYYY-MM-DD date", v, "end_date");
		if (r->end_date < r->date)
			return fail(why, whysz, "\"%s\" %s is before \"date\"", v, "end_date");
	}
	v = &r->f[RT_F_CURRENCY];
	if ((r->exponent = rt_currency_exponent(v->p, v->n)) < 0)
		return fail(why, whysz, "\"%s\" \"%s\" is not an ISO 4217 code", v, "currency");
	v = &r->f[RT_F_AMOUNT_MINOR];
	if (v->type != RT_V_NUMBER)
		return fail(why, whysz, "\"%s\" must be an integer, not %s", v, "amount_minor");
	if ((k = rt_money_parse_minor(v->p, v->n, &r->amount_minor)) != RT_MONEY_OK)
		return fail(why, whysz,
		    k == RT_MONEY_OVERFLOW ? "\"%s\" %s is beyond 64 bits" : "\"%s\" %s is not an integer", v,
		    "amount_minor");
	v = &r->f[RT_F_KIND];
	if ((k = oneof(v, rt_kind_names, 5)) < 0)
		return fail(why, whysz, "\"%s\" \"%s\" is not sale, refund, fee, chargeback or adjustment", v,
		    "kind");
	r->kind = (enum rt_kind)k;
	v = &r->f[RT_F_STATUS];
	if ((k = oneof(v, rt_status_names, 3)) < 0)
		return fail(why, whysz, "\"%s\" \"%s\" is not completed, pending or reversed", v, "status");
	r->status = (enum rt_status)k;
	if ((r->kind == RT_KIND_SALE && r->amount_minor < 0) ||
	    ((r->kind == RT_KIND_REFUND || r->kind == RT_KIND_FEE || r->kind == RT_KIND_CHARGEBACK) &&
		r->amount_minor > 0))
		return fail(why, whysz, "\"%s\" has the wrong sign for its kind (%s)", &r->f[RT_F_KIND],
		    "amount_minor");
	v = &r->f[RT_F_TS];
	if (v->type == RT_V_STRING && rt_instant_parse(v->p, v->n, &t) == -1)
		return fail(why, whysz, "\"%s\" \"%s\" is not an RFC 3339 instant", v, "ts");
	v = &r->f[RT_F_RAW];
	if (v->type == RT_V_NULL)
		v->type = RT_V_NONE;
	if (v->type != RT_V_NONE && v->type != RT_V_OBJECT)
		return fail(why, whysz, "\"%s\" must be an object, not %s", v, "raw");
	return 0;
}

/* Writes the canonical keys, in SPEC order, compact, and a newline. */
void
rt_record_write(struct rt_buf *b, const struct rt_record *r)
{
	const struct rt_value *v;
	int i, first = 1;

	rt_buf_addc(b, '{');
	for (i = 0; i < RT_NFIELDS; i++) {
		v = &r->f[i];
		if (v->type == RT_V_NONE)
			continue;
		if (!first)
			rt_buf_addc(b, ',');
		first = 0;
		rt_buf_addc(b, '"');
		rt_buf_adds(b, rt_field_names[i]);
		rt_buf_add(b, "\":", 2);
		if (v->type == RT_V_STRING)
			rt_json_add_string(b, v->p, v->n);
		else
			rt_buf_add(b, v->p, v->n);
	}
	rt_buf_add(b, "}\n", 2);
}

/* Adds the value of a top-level key to a composite key; returns 1 when it is missing or null. */
int
rt_record_key_add(struct rt_buf *b, const struct rt_record *r, const char *k, size_t n)
{
	const struct rt_value *v = rt_record_get(r, k, n);

	if (v == NULL || v->type == RT_V_NULL) {
		rt_key_add(b, RT_KEY_MISSING, "", 0);
		return 1;
	}
	rt_key_add(b, v->type == RT_V_STRING ? RT_KEY_STRING : RT_KEY_JSON, v->p, v->n);
	return 0;
}

/*
 * The next record of a filter's input: RT_READ_LINE with it parsed (and,
 * with check, checked against SPEC section 2), RT_READ_EOF, RT_READ_ERROR
 * (errno set), or RT_RECORD_BAD for a line that is none, reported with its
 * place as every filter reports it.
 */
int
rt_record_next(struct rt_input *in, struct rt_record *r, int check)
{
	char why[512], *line;
	size_t len;
	int rc;

	if ((rc = rt_input_next(in, &line, &len)) == RT_READ_EOF || rc == RT_READ_ERROR)
		return rc;
	if (rc == RT_READ_TOOLONG)
		snprintf(why, sizeof(why), "line longer than %lu MiB", RT_LINE_MAX >> 20);
	else if (rt_record_parse(r, line, len, why, sizeof(why)) == 0 &&
	    (!check || rt_record_check(r, why, sizeof(why)) == 0)) {
		r->line = line;
		r->len = len;
		return RT_READ_LINE;
	}
	rt_warnx("%s:%lu: %s", rt_input_name(in), rt_input_line(in), why);
	return RT_RECORD_BAD;
}

/*
 * Hands every record of in to fn, checked against SPEC section 2 when check
 * is set.  A line that is no record is reported as rt_record_next reports
 * it, and *bad is set.  fn returns 0 to go on, 1 for a record it reported
 * and skipped (*bad is set), -1 to stop: why says what is wrong, and
 * rt_input_name and rt_input_line(in) where.  Returns 0 at the end of the
 * input, 1 when fn stopped, RT_READ_ERROR on a read error (errno set).
 */
int
rt_record_each(struct rt_input *in, int check, rt_record_fn fn, void *arg, int *bad, char *why, size_t whysz)
{
	struct rt_record rec;
	int rc, took = 0;

	rt_record_init(&rec);
	while ((rc = rt_record_next(in, &rec, check)) != RT_READ_EOF && rc != RT_READ_ERROR) {
		if (rc == RT_RECORD_BAD || (took = fn(&rec, arg, why, whysz)) == 1)
			*bad = 1;
		else if (took == -1)
			break;
	}
	rt_record_free(&rec);
	return took == -1 ? 1 : rc;
}
