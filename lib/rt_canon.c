/*
 * A map emits objects with friendlier keys than the canonical record:
 * source_id instead of id, amount (a decimal in major units) instead of
 * amount_minor, ts instead of date.  This file settles them into one
 * canonical record, exactly, and checks it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rt_canon.h"
#include "rt_date.h"
#include "rt_json.h"
#include "rt_money.h"

/*
 * The keys a map may emit: the record's own (all but raw) and the friendlier
 * two, each in a slot of its own so that the map's object is read once.
 */
enum { SLOT_SOURCE_ID = RT_NFIELDS, SLOT_AMOUNT, NSLOTS };

/*
 * A content-derived id left to number, as a worker of rt-normalize --jobs
 * writes it: a control character no record's id holds, escaped in JSON.
 */
#define DEFERRED '\001'
#define DEFERRED_JSON ":\\u0001"

void
rt_canon_init(struct rt_canon *c, const char *source, int keep_raw)
{
	memset(c, 0, sizeof(*c));
	c->source = source;
	c->keep_raw = keep_raw;
	rt_map_init(&c->derived);
	rt_record_init(&c->rec);
}

void
rt_canon_free(struct rt_canon *c)
{
	rt_map_free(&c->derived);
	rt_record_free(&c->rec);
	rt_buf_free(&c->id);
	rt_buf_free(&c->text);
}

/* One map output on its way to a record: what is kept so far, where it failed. */
struct build {
	struct rt_canon *c;
	jv out; /* borrowed: rt_canon_build frees it */
	jv slots[NSLOTS]; /* the map's value for each key, or jv_invalid() */
	struct span {
		size_t off, n; /* in c->text, which may still move */
		int set;
	} s[RT_NFIELDS];
	int64_t amount;
	char *why;
	size_t whysz;
};

static int failf(struct build *, const char *, ...) __attribute__((format(printf, 2, 3)));

/* why = the printf-formatted reason; returns -1. */
static int
failf(struct build *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->why, b->whysz, fmt, ap);
	va_end(ap);
	return -1;
}

/* Keeps a copy of text as field i in c->text (pointers come later, once the buffer is final). */
static void
keep(struct build *b, int i, const char *text, size_t n)
{
	b->s[i].off = b->c->text.len;
	b->s[i].n = n;
	b->s[i].set = 1;
	rt_buf_add(&b->c->text, text, n);
}

/* A kept field's text (valid until c->text grows). */
static const char *
kept(const struct build *b, int i)
{
	return b->c->text.p + b->s[i].off;
}

/* The map's value for slot i (a new reference; invalid when missing). */
static jv
get(const struct build *b, int i)
{
	return jv_is_valid(b->slots[i]) ? jv_copy(b->slots[i]) : jv_invalid();
}

static int
slot_of(const char *k, size_t n)
{
	int i = rt_field_lookup(k, n);

	if (i >= 0)
		return i == RT_F_RAW ? -1 : i;
	if (n == 9 && memcmp(k, "source_id", 9) == 0)
		return SLOT_SOURCE_ID;
	return n == 6 && memcmp(k, "amount", 6) == 0 ? SLOT_AMOUNT : -1;
}

static int
absent(jv v)
{
	return jv_get_kind(v) == JV_KIND_NULL || jv_get_kind(v) == JV_KIND_INVALID;
}

/* A jv number that is a whole number and exact, as decimal text. */
static int
whole_number(jv v, char *buf, size_t size)
{
	double d = jv_number_value(v);

	if (d != d || d > 9007199254740992.0 || d < -9007199254740992.0 || d != (double)(long long)d)
		return -1;
	snprintf(buf, size, "%lld", (long long)d);
	return 0;
}

/* Every key is one a map may produce: each value goes to its slot. */
static int
check_keys(struct build *b)
{
	const char *name;
	int rc = 0, i;

	jv_object_foreach(b->out, key, val)
	{
		name = jv_string_value(key);
		if ((i = slot_of(name, (size_t)jv_string_length_bytes(jv_copy(key)))) < 0) {
			if (rc == 0)
				rc = failf(b, "the map produced an unknown key \"%s\"", name);
			jv_free(val);
		} else {
			jv_free(b->slots[i]);
			b->slots[i] = val;
		}
		jv_free(key);
	}
	return rc;
}

/* Plain strings: null means absent; anything else but a string is an error. */
static int
take_strings(struct build *b)
{
	char *p;
	jv v;
	int i;
	size_t k;

	for (i = 0; i < RT_NFIELDS; i++) {
		if (i == RT_F_AMOUNT_MINOR || i == RT_F_RAW || i == RT_F_TS)
			continue;
		v = get(b, i);
		if (jv_get_kind(v) == JV_KIND_STRING)
			keep(b, i, jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v)));
		else if (!absent(v)) {
			jv_free(v);
			return failf(b, "\"%s\" must be a string", rt_field_names[i]);
		}
		jv_free(v);
	}
	/* Currency codes are upper case; Stripe sends "usd". */
	for (k = 0; b->s[RT_F_CURRENCY].set && k < b->s[RT_F_CURRENCY].n; k++) {
		p = b->c->text.p + b->s[RT_F_CURRENCY].off + k;
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	}
	/* The source: the map's, else the caller's. */
	if (!b->s[RT_F_SOURCE].set) {
		if (b->c->source == NULL)
			return failf(b, "no \"source\": give --source or set it in the map");
		keep(b, RT_F_SOURCE, b->c->source, strlen(b->c->source));
	}
	return 0;
}

/* ts: RFC 3339 with any offset, or Unix seconds; always written in UTC, and the date when none. */
static int
take_ts(struct build *b)
{
	char num[64], tsbuf[RT_INSTANT_BUFSZ], datebuf[RT_DATE_BUFSZ];
	jv v = get(b, RT_F_TS);
	const char *str;
	int64_t t;
	int rc = 0;

	if (jv_get_kind(v) == JV_KIND_STRING) {
		str = jv_string_value(v);
		/* Unix seconds given as text, as form posts send them. */
		if (rt_instant_parse(str, strlen(str), &t) == -1 &&
		    rt_money_parse_minor(str, strlen(str), &t) != RT_MONEY_OK)
			rc = failf(b, "\"ts\" \"%.40s\" is not an RFC 3339 instant", str);
	} else if (jv_get_kind(v) == JV_KIND_NUMBER) {
		if (whole_number(v, num, sizeof(num)) == -1 ||
		    rt_money_parse_minor(num, strlen(num), &t) != RT_MONEY_OK)
			rc = failf(b, "\"ts\" is not whole Unix seconds");
	} else if (!absent(v))
		rc = failf(b, "\"ts\" must be a string or a number");
	if (rc == 0 && !absent(v)) {
		rt_instant_format(t, tsbuf);
		keep(b, RT_F_TS, tsbuf, strlen(tsbuf));
		if (!b->s[RT_F_DATE].set) {
			rt_date_format(rt_instant_local_day(t), datebuf);
			keep(b, RT_F_DATE, datebuf, strlen(datebuf));
		}
	}
	jv_free(v);
	return rc;
}

/* The amount's text in num: a string as it is, a number only when whole and exact. */
static int
amount_text(struct build *b, jv v, const char *keyname, int major, char *num, size_t size)
{
	if (jv_get_kind(v) == JV_KIND_NUMBER) {
		if (whole_number(v, num, size) == 0)
			return 0;
		if (major)
			return failf(b,
			    "\"%s\" %.17g is a binary floating-point number: have the map pass the "
			    "amount as decimal text (\"12.34\", or tostring on the input's text)",
			    keyname, jv_number_value(v));
		return failf(b, "\"%s\" is not a whole number", keyname);
	}
	if (jv_get_kind(v) != JV_KIND_STRING)
		return failf(b, "\"%s\" must be a number or a decimal string", keyname);
	if (strlen(jv_string_value(v)) >= size)
		return failf(b, "\"%s\" is too long to be an amount", keyname);
	snprintf(num, size, "%s", jv_string_value(v));
	return 0;
}

/* The amount, exactly: amount_minor in minor units, or amount in major units of the currency. */
static int
take_amount(struct build *b)
{
	const struct span *cur = &b->s[RT_F_CURRENCY];
	const char *keyname = "amount_minor";
	char num[64];
	int e = 0, rc;
	jv v = get(b, RT_F_AMOUNT_MINOR);

	if (absent(v)) {
		jv_free(v);
		keyname = "amount";
		if (absent(v = get(b, SLOT_AMOUNT)))
			rc = failf(b, "missing \"amount\" (or \"amount_minor\")");
		else if (!cur->set)
			rc = failf(b, "missing \"currency\"");
		else if ((e = rt_currency_exponent(kept(b, RT_F_CURRENCY), cur->n)) < 0)
			rc = failf(b, "\"currency\" \"%.*s\" is not an ISO 4217 code",
			    (int)(cur->n > 16 ? 16 : cur->n), kept(b, RT_F_CURRENCY));
		else
			rc = amount_text(b, v, keyname, 1, num, sizeof(num));
	} else
		rc = amount_text(b, v, keyname, 0, num, sizeof(num));
	jv_free(v);
	if (rc == -1)
		return -1;
	if (keyname[6] == '_') {
		if ((rc = rt_money_parse_minor(num, strlen(num), &b->amount)) == RT_MONEY_OK)
			return 0;
		return failf(b, "amount_minor \"%s\" %s", num,
		    rc == RT_MONEY_SYNTAX ? "is not a whole number of minor units" : rt_money_strerror(rc));
	}
	if ((rc = rt_money_parse(num, strlen(num), e, &b->amount)) == RT_MONEY_OK)
		return 0;
	return failf(b, "amount \"%s\" %s%s%.3s", num, rt_money_strerror(rc),
	    rc == RT_MONEY_PRECISION ? " for " : "", rc == RT_MONEY_PRECISION ? kept(b, RT_F_CURRENCY) : "");
}

/*
 * Appends to id the content id of c->rec: <source>:<hash of the fields from
 * date to entity>, and -2, -3... for the second and later records with the
 * same content in this run.
 */
static void
content_id(struct rt_canon *c, struct rt_buf *id)
{
	const struct rt_record *r = &c->rec;
	struct rt_buf content = { 0 };
	char hex[24];
	uint64_t *count;
	int i, isnew;

	for (i = RT_F_DATE; i <= RT_F_ENTITY; i++) {
		rt_buf_adds(&content, rt_field_names[i]);
		rt_buf_addc(&content, '\0');
		if (r->f[i].type != RT_V_NONE)
			rt_buf_add(&content, r->f[i].p, r->f[i].n);
		rt_buf_addc(&content, '\0');
	}
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)rt_hash(content.p, content.len));
	rt_buf_free(&content);
	rt_buf_add(id, r->f[RT_F_SOURCE].p, r->f[RT_F_SOURCE].n);
	rt_buf_addc(id, ':');
	if (c->defer) {
		/* Numbered later, in output order, by rt_canon_number. */
		rt_buf_addc(id, DEFERRED);
		rt_buf_adds(id, hex);
		return;
	}
	count = rt_map_insert(&c->derived, hex, 16, &isnew);
	++*count;
	rt_buf_adds(id, hex);
	if (*count > 1)
		rt_buf_addf(id, "-%llu", (unsigned long long)*count);
}

/*
 * The id: <source>:<source_id>, the map's own id, or for hand-kept files,
 * which have no ids, one derived from the content, a repeat counted.
 */
static int
make_id(struct build *b)
{
	struct rt_canon *c = b->c;
	const struct rt_record *r = &c->rec;
	const char *source = r->f[RT_F_SOURCE].p;
	size_t n = r->f[RT_F_SOURCE].n;
	char num[64];
	jv v = get(b, SLOT_SOURCE_ID);
	int rc = 0;

	if (jv_get_kind(v) == JV_KIND_NUMBER && whole_number(v, num, sizeof(num)) == 0) {
		jv_free(v);
		v = jv_string(num);
	}
	if (jv_get_kind(v) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(v)) > 0) {
		rt_buf_add(&c->id, source, n);
		rt_buf_addc(&c->id, ':');
		rt_buf_adds(&c->id, jv_string_value(v));
	} else if (!absent(v))
		rc = failf(b, "\"source_id\" must be a non-empty string or a whole number");
	else if (r->f[RT_F_ID].type == RT_V_STRING)
		rt_buf_add(&c->id, r->f[RT_F_ID].p, r->f[RT_F_ID].n);
	else
		content_id(c, &c->id);
	jv_free(v);
	if (rc == 0 && (c->id.len <= n + 1 || memcmp(c->id.p, source, n) != 0 || c->id.p[n] != ':'))
		rc = failf(b, "\"id\" must begin with \"<source>:\" (or give \"source_id\")");
	return rc;
}

/*
 * Builds the record from out (the map's output, consumed) and appends it to
 * line; raw is the source object's JSON text on one line, kept under "raw"
 * when asked.  -1: why says what is wrong.
 */
int
rt_canon_build(
    struct rt_canon *c, jv out, const char *raw, size_t rawlen, struct rt_buf *line, char *why, size_t whysz)
{
	struct build b;
	char minor[32];
	int rc = -1, i;

	memset(&b, 0, sizeof(b));
	b.c = c;
	b.out = out;
	b.why = why;
	b.whysz = whysz;
	for (i = 0; i < NSLOTS; i++)
		b.slots[i] = jv_invalid();
	rt_buf_reset(&c->text);
	rt_buf_reset(&c->id);
	if (jv_get_kind(out) != JV_KIND_OBJECT)
		failf(&b, "the map produced %s, not an object", jv_kind_name(jv_get_kind(out)));
	else if (check_keys(&b) == 0 && take_strings(&b) == 0 && take_ts(&b) == 0 && take_amount(&b) == 0) {
		/* Defaults a map may leave out. */
		if (!b.s[RT_F_KIND].set)
			keep(&b, RT_F_KIND, "sale", 4);
		if (!b.s[RT_F_STATUS].set)
			keep(&b, RT_F_STATUS, "completed", 9);
		/* Pointers into c->text are safe from here on: it no longer grows. */
		rt_record_clear(&c->rec);
		for (i = 0; i < RT_NFIELDS; i++)
			if (b.s[i].set)
				rt_record_set(&c->rec, i, RT_V_STRING, kept(&b, i), b.s[i].n);
		snprintf(minor, sizeof(minor), "%lld", (long long)b.amount);
		rt_record_set(&c->rec, RT_F_AMOUNT_MINOR, RT_V_NUMBER, minor, strlen(minor));
		if (make_id(&b) == 0) {
			rt_record_set(&c->rec, RT_F_ID, RT_V_STRING, c->id.p, c->id.len);
			if (c->keep_raw && raw != NULL)
				rt_record_set(&c->rec, RT_F_RAW, RT_V_OBJECT, raw, rawlen);
			if (rt_record_check(&c->rec, why, whysz) == 0) {
				rt_record_write(line, &c->rec);
				rc = 0;
			}
		}
	}
	for (i = 0; i < NSLOTS; i++)
		jv_free(b.slots[i]);
	jv_free(out);
	return rc;
}

/*
 * Copies records (whole lines) from p to out, numbering the content-derived
 * ids a worker left unnumbered (c->defer) as one process numbers them, in
 * the order they are written: the second record of the same content is
 * <source>:<hash>-2, and so on.
 */
void
rt_canon_number(struct rt_canon *c, const char *p, size_t n, struct rt_buf *out)
{
	const char *e = p + n, *nl, *q;
	uint64_t *count;
	int isnew;

	if (memmem(p, n, DEFERRED_JSON, 7) == NULL) {
		rt_buf_add(out, p, n);
		return;
	}
	for (; p < e; p = nl) {
		nl = memchr(p, '\n', (size_t)(e - p));
		nl = nl != NULL ? nl + 1 : e;
		/* {"id":"<source>:\u0001<16 hex digits>", the source holding no ':' */
		if (nl - p > 7 && memcmp(p, "{\"id\":\"", 7) == 0 &&
		    (q = memchr(p + 7, ':', (size_t)(nl - p - 7))) != NULL && nl - q > 7 + 16 &&
		    memcmp(q, DEFERRED_JSON, 7) == 0) {
			count = rt_map_insert(&c->derived, q + 7, 16, &isnew);
			++*count;
			rt_buf_add(out, p, (size_t)(q + 1 - p));
			rt_buf_add(out, q + 7, 16);
			if (*count > 1)
				rt_buf_addf(out, "-%llu", (unsigned long long)*count);
			rt_buf_add(out, q + 23, (size_t)(nl - (q + 23)));
		} else
			rt_buf_add(out, p, (size_t)(nl - p));
	}
}
