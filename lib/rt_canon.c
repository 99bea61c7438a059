/*
 * A map emits objects with friendlier keys than the canonical record:
 * source_id instead of id, amount (a decimal in major units) instead of
 * amount_minor, ts instead of date.  This file settles them into one
 * canonical record, exactly, and checks it.
 */
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

/* What the map gave for a key (a copy), or jv_invalid() when it gave none. */
static jv
slot(const jv *slots, int i)
{
	return jv_is_valid(slots[i]) ? jv_copy(slots[i]) : jv_invalid();
}

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

static int
failf(char *why, size_t whysz, const char *fmt, const char *a)
{
	snprintf(why, whysz, fmt, a);
	return -1;
}

/* Keeps a copy of s in c->text; returns its offset (pointers come later, once the buffer is final). */
static size_t
keep(struct rt_canon *c, const char *s, size_t n)
{
	size_t off = c->text.len;

	rt_buf_add(&c->text, s, n);
	return off;
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

/*
 * Builds the record from out (the map's output, consumed) and appends it to
 * line; raw is the source object's JSON text on one line, kept under "raw"
 * when asked.  -1: why says what is wrong.
 */
int
rt_canon_build(
    struct rt_canon *c, jv out, const char *raw, size_t rawlen, struct rt_buf *line, char *why, size_t whysz)
{
	struct {
		size_t off, n;
		int set;
	} s[RT_NFIELDS];
	char num[64], tsbuf[RT_INSTANT_BUFSZ], datebuf[RT_DATE_BUFSZ], minor[32], hex[24];
	jv slots[NSLOTS];
	const char *source, *str, *keyname;
	struct rt_record *r = &c->rec;
	int rc = -1, i, e, isnew;
	size_t k, n;
	uint64_t *count;
	int64_t t, amount;
	jv v;

	memset(s, 0, sizeof(s));
	for (i = 0; i < NSLOTS; i++)
		slots[i] = jv_invalid();
	rt_buf_reset(&c->text);
	rt_buf_reset(&c->id);
	if (jv_get_kind(out) != JV_KIND_OBJECT) {
		failf(why, whysz, "the map produced %s, not an object", jv_kind_name(jv_get_kind(out)));
		goto done;
	}
	jv_object_foreach(out, key, val)
	{
		keyname = jv_string_value(key);
		if ((i = slot_of(keyname, (size_t)jv_string_length_bytes(jv_copy(key)))) < 0) {
			failf(why, whysz, "the map produced an unknown key \"%s\"", keyname);
			jv_free(key);
			jv_free(val);
			goto done;
		}
		jv_free(slots[i]);
		slots[i] = val;
		jv_free(key);
	}

	/* Plain strings: null means absent; anything else but a string is an error. */
	for (i = 0; i < RT_NFIELDS; i++) {
		if (i == RT_F_AMOUNT_MINOR || i == RT_F_RAW || i == RT_F_TS)
			continue;
		v = slot(slots, i);
		if (jv_get_kind(v) == JV_KIND_STRING) {
			str = jv_string_value(v);
			n = (size_t)jv_string_length_bytes(jv_copy(v));
			s[i].off = keep(c, str, n);
			s[i].n = n;
			s[i].set = 1;
		} else if (jv_get_kind(v) != JV_KIND_NULL && jv_get_kind(v) != JV_KIND_INVALID) {
			failf(why, whysz, "\"%s\" must be a string", rt_field_names[i]);
			jv_free(v);
			goto done;
		}
		jv_free(v);
	}

	/* The source: the map's, else --source. */
	if (s[RT_F_SOURCE].set)
		source = NULL;
	else if ((source = c->source) != NULL) {
		s[RT_F_SOURCE].off = keep(c, source, strlen(source));
		s[RT_F_SOURCE].n = strlen(source);
		s[RT_F_SOURCE].set = 1;
	} else {
		failf(why, whysz, "no \"source\": give --source or set it in the map%s", "");
		goto done;
	}

	/* Currency codes are upper case; Stripe sends "usd". */
	for (k = 0; s[RT_F_CURRENCY].set && k < s[RT_F_CURRENCY].n; k++) {
		char *p = c->text.p + s[RT_F_CURRENCY].off + k;

		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	}

	/* ts: RFC 3339 with any offset, or Unix seconds; always written in UTC. */
	v = slot(slots, RT_F_TS);
	if (jv_get_kind(v) == JV_KIND_STRING || jv_get_kind(v) == JV_KIND_NUMBER) {
		if (jv_get_kind(v) == JV_KIND_STRING) {
			str = jv_string_value(v);
			if (rt_instant_parse(str, strlen(str), &t) == -1) {
				/* Unix seconds given as text, as form posts send them. */
				if (rt_money_parse_minor(str, strlen(str), &t) != RT_MONEY_OK) {
					failf(why, whysz, "\"ts\" \"%.40s\" is not an RFC 3339 instant", str);
					jv_free(v);
					goto done;
				}
			}
		} else if (whole_number(v, num, sizeof(num)) == -1 ||
		    rt_money_parse_minor(num, strlen(num), &t) != RT_MONEY_OK) {
			failf(why, whysz, "\"ts\" is not whole Unix seconds%s", "");
			jv_free(v);
			goto done;
		}
		rt_instant_format(t, tsbuf);
		s[RT_F_TS].off = keep(c, tsbuf, strlen(tsbuf));
		s[RT_F_TS].n = strlen(tsbuf);
		s[RT_F_TS].set = 1;
		if (!s[RT_F_DATE].set) {
			rt_date_format(rt_instant_local_day(t), datebuf);
			s[RT_F_DATE].off = keep(c, datebuf, 10);
			s[RT_F_DATE].n = 10;
			s[RT_F_DATE].set = 1;
		}
	} else if (jv_get_kind(v) != JV_KIND_NULL && jv_get_kind(v) != JV_KIND_INVALID) {
		failf(why, whysz, "\"ts\" must be a string or a number%s", "");
		jv_free(v);
		goto done;
	}
	jv_free(v);

	/* The amount, exactly: amount_minor in minor units, or amount in major units. */
	v = slot(slots, RT_F_AMOUNT_MINOR);
	if (jv_get_kind(v) == JV_KIND_INVALID || jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		v = slot(slots, SLOT_AMOUNT);
		if (jv_get_kind(v) == JV_KIND_INVALID || jv_get_kind(v) == JV_KIND_NULL) {
			failf(why, whysz, "missing \"amount\" (or \"amount_minor\")%s", "");
			jv_free(v);
			goto done;
		}
		if (!s[RT_F_CURRENCY].set) {
			failf(why, whysz, "missing \"currency\"%s", "");
			jv_free(v);
			goto done;
		}
		if ((e = rt_currency_exponent(c->text.p + s[RT_F_CURRENCY].off, s[RT_F_CURRENCY].n)) < 0) {
			snprintf(why, whysz, "\"currency\" \"%.*s\" is not an ISO 4217 code",
			    (int)(s[RT_F_CURRENCY].n > 16 ? 16 : s[RT_F_CURRENCY].n),
			    c->text.p + s[RT_F_CURRENCY].off);
			jv_free(v);
			goto done;
		}
		keyname = "amount";
	} else {
		e = 0;
		keyname = "amount_minor";
	}
	if (jv_get_kind(v) == JV_KIND_NUMBER) {
		if (whole_number(v, num, sizeof(num)) == -1) {
			failf(why, whysz, "\"%s\" is not a whole number", keyname);
			jv_free(v);
			goto done;
		}
	} else if (jv_get_kind(v) == JV_KIND_STRING) {
		snprintf(num, sizeof(num), "%s", jv_string_value(v));
		if (strlen(jv_string_value(v)) >= sizeof(num)) {
			failf(why, whysz, "\"%s\" is too long to be an amount", keyname);
			jv_free(v);
			goto done;
		}
	} else {
		failf(why, whysz, "\"%s\" must be a number or a decimal string", keyname);
		jv_free(v);
		goto done;
	}
	jv_free(v);
	if ((i = e == 0 && strcmp(keyname, "amount_minor") == 0
		    ? rt_money_parse_minor(num, strlen(num), &amount)
		    : rt_money_parse(num, strlen(num), e, &amount)) != RT_MONEY_OK) {
		snprintf(why, whysz, "%s \"%s\" %s%s%.3s", keyname, num,
		    i == RT_MONEY_SYNTAX && e == 0 && strcmp(keyname, "amount_minor") == 0
			? "is not a whole number of minor units"
			: rt_money_strerror(i),
		    i == RT_MONEY_PRECISION ? " for " : "",
		    i == RT_MONEY_PRECISION ? c->text.p + s[RT_F_CURRENCY].off : "");
		goto done;
	}
	snprintf(minor, sizeof(minor), "%lld", (long long)amount);

	/* Defaults a map may leave out. */
	if (!s[RT_F_KIND].set) {
		s[RT_F_KIND].off = keep(c, "sale", 4);
		s[RT_F_KIND].n = 4;
		s[RT_F_KIND].set = 1;
	}
	if (!s[RT_F_STATUS].set) {
		s[RT_F_STATUS].off = keep(c, "completed", 9);
		s[RT_F_STATUS].n = 9;
		s[RT_F_STATUS].set = 1;
	}

	/* Pointers into c->text are safe from here on: it no longer grows. */
	rt_record_clear(r);
	for (i = 0; i < RT_NFIELDS; i++)
		if (s[i].set)
			rt_record_set(r, i, RT_V_STRING, c->text.p + s[i].off, s[i].n);
	rt_record_set(r, RT_F_AMOUNT_MINOR, RT_V_NUMBER, minor, strlen(minor));

	/* The id: <source>:<source_id>, the map's own id, or one derived from the content. */
	source = r->f[RT_F_SOURCE].p;
	n = r->f[RT_F_SOURCE].n;
	v = slot(slots, SLOT_SOURCE_ID);
	if (jv_get_kind(v) == JV_KIND_NUMBER && whole_number(v, num, sizeof(num)) == 0) {
		jv_free(v);
		v = jv_string(num);
	}
	if (jv_get_kind(v) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(v)) > 0) {
		rt_buf_add(&c->id, source, n);
		rt_buf_addc(&c->id, ':');
		rt_buf_adds(&c->id, jv_string_value(v));
	} else if (jv_get_kind(v) != JV_KIND_INVALID && jv_get_kind(v) != JV_KIND_NULL) {
		failf(why, whysz, "\"source_id\" must be a non-empty string or a whole number%s", "");
		jv_free(v);
		goto done;
	} else if (r->f[RT_F_ID].type == RT_V_STRING) {
		rt_buf_add(&c->id, r->f[RT_F_ID].p, r->f[RT_F_ID].n);
	} else {
		/* Hand-kept files have no ids: the content names the record, and a repeat counts. */
		struct rt_buf content = { 0 };

		for (i = RT_F_DATE; i <= RT_F_ENTITY; i++) {
			rt_buf_adds(&content, rt_field_names[i]);
			rt_buf_addc(&content, '\0');
			if (r->f[i].type != RT_V_NONE)
				rt_buf_add(&content, r->f[i].p, r->f[i].n);
			rt_buf_addc(&content, '\0');
		}
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)rt_hash(content.p, content.len));
		rt_buf_free(&content);
		rt_buf_add(&c->id, source, n);
		rt_buf_addc(&c->id, ':');
		if (c->defer) {
			/* Numbered later, in output order, by rt_canon_number. */
			rt_buf_addc(&c->id, DEFERRED);
			rt_buf_adds(&c->id, hex);
		} else {
			count = rt_map_insert(&c->derived, hex, 16, &isnew);
			++*count;
			rt_buf_adds(&c->id, hex);
			if (*count > 1)
				rt_buf_addf(&c->id, "-%llu", (unsigned long long)*count);
		}
	}
	jv_free(v);
	if (c->id.len <= n + 1 || memcmp(c->id.p, source, n) != 0 || c->id.p[n] != ':') {
		failf(why, whysz, "\"id\" must begin with \"<source>:\" (or give \"source_id\")%s", "");
		goto done;
	}
	rt_record_set(r, RT_F_ID, RT_V_STRING, c->id.p, c->id.len);

	if (c->keep_raw && raw != NULL)
		rt_record_set(r, RT_F_RAW, RT_V_OBJECT, raw, rawlen);
	if (rt_record_check(r, why, whysz) == 0) {
		rt_record_write(line, r);
		rc = 0;
	}
done:
	for (i = 0; i < NSLOTS; i++)
		jv_free(slots[i]);
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
