/*
 * A delivery is proved before anything is read from it: Stripe's by the
 * Stripe-Signature HMAC of the raw body, Gumroad's (which are not signed) by
 * the key in the URL the seller registered.  Then only its identity is read:
 * the event's id, or the ping's sale and resource, which name it across
 * retries, and its type, which says whether it is revenue.  What is spooled
 * is the body itself, so that the maps can be run again over it; compiling
 * a jq map costs more than the rest of a delivery together, so they run
 * when the spool is drained, not while the sender waits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_cred.h"
#include "rt_date.h"
#include "rt_digest.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_share.h"
#include "rt_stripe.h"
#include "rt_urlform.h"
#include "rt_webhook.h"

const char *const rt_webhook_names[RT_WEBHOOK_NSOURCES] = { "stripe", "gumroad" };

static const char *const maps[RT_WEBHOOK_NSOURCES] = { "map/stripe-event.jq", "map/gumroad-ping.jq" };

/* The events that move money; share/rt/map/stripe-event.jq turns each into records. */
static const char *const stripe_events[] = { "charge.succeeded", "charge.refunded", "charge.dispute.created",
	"charge.dispute.closed", "payment_intent.succeeded", "checkout.session.completed", "refund.created",
	"refund.updated", "charge.refund.updated", NULL };

/* Gumroad's resources that move money (share/rt/map/gumroad-ping.jq); the seller's Ping URL sends sale. */
static const char *const gumroad_resources[] = { "sale", "refund", "dispute", "dispute_won", NULL };

void
rt_delivery_init(struct rt_delivery *d)
{
	memset(d, 0, sizeof(*d));
	d->source = -1;
}

void
rt_delivery_free(struct rt_delivery *d)
{
	rt_buf_free(&d->line);
}

static void
decide(struct rt_delivery *d, int status, const char *fmt, const char *a)
{
	d->status = status;
	snprintf(d->why, sizeof(d->why), fmt, a);
}

static int
listed(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* The secret a source's deliveries are proved with (SPEC section 5); NULL and why when it is nowhere. */
char *
rt_webhook_secret(int source, char *why, size_t whysz)
{
	if (source == RT_WEBHOOK_STRIPE)
		return rt_cred(
		    NULL, "RT_STRIPE_WEBHOOK_SECRET", "stripe_webhook_secret.txt", RT_SECRET_MIN, why, whysz);
	return rt_cred(NULL, "RT_GUMROAD_WEBHOOK_KEY", "gumroad_webhook_key.txt", RT_SECRET_MIN, why, whysz);
}

/* Seconds, 1 to 10^9: 0 would let a signature of any age through. */
int
rt_webhook_tolerance(const char *s, int64_t *out)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n > 9 || s[n] != '\0' || (*out = strtoll(s, NULL, 10)) == 0)
		return -1;
	return 0;
}

/*
 * What the request line says: the route (PATH_INFO /stripe or /gumroad), the
 * method, and a stated length over the limit.  d->status stays 0 when the
 * request may go on to have its body read.
 */
void
rt_webhook_request(const struct rt_cgi *c, struct rt_delivery *d)
{
	size_t n = strlen(c->path);
	int i;

	if (n > 1 && c->path[n - 1] == '/')
		n--;
	for (i = 0; i < RT_WEBHOOK_NSOURCES; i++)
		if (n == strlen(rt_webhook_names[i]) + 1 && c->path[0] == '/' &&
		    strncmp(c->path + 1, rt_webhook_names[i], n - 1) == 0)
			d->source = i;
	if (d->source == -1)
		decide(d, 404, "no receiver at \"%.64s\" (there are /stripe and /gumroad)", c->path);
	else if (strcmp(c->method, "POST") != 0)
		decide(d, 400, "method \"%.16s\": deliveries are POSTed", c->method);
	else if (c->length == RT_CGI_LENGTH_BAD)
		decide(d, 400, "CONTENT_LENGTH is not a number%s", "");
	else if (c->length > RT_CGI_BODY_MAX)
		decide(d, 413, "a body over %s bytes", "1048576");
}

/* The spool line: when it came, from where, the delivery's body as JSON on one line, its key last. */
static void
spool_line(const struct rt_webhook *w, struct rt_delivery *d, const char *event, size_t n)
{
	char ts[RT_INSTANT_BUFSZ];
	size_t i, at;

	rt_buf_reset(&d->line);
	rt_buf_addf(&d->line,
	    "{\"received\":\"%s\",\"source\":\"%s\",\"event\":", rt_instant_format(w->now, ts),
	    rt_webhook_names[d->source]);
	at = d->line.len;
	rt_buf_add(&d->line, event, n);
	/* JSON has no raw line break inside a string: outside one it is white space like any other. */
	for (i = at; i < d->line.len; i++)
		if (d->line.p[i] == '\n' || d->line.p[i] == '\r')
			d->line.p[i] = ' ';
	rt_buf_addf(&d->line, ",\"key\":\"%s\"}\n", d->key);
	d->spool = 1;
	d->status = 200;
}

/* The key "<source>:<id>[:<resource>]", if it is one. */
static int
make_key(struct rt_delivery *d, const char *id, const char *resource)
{
	int n = snprintf(d->key, sizeof(d->key), "%s:%s%s%s", rt_webhook_names[d->source], id,
	    resource != NULL ? ":" : "", resource != NULL ? resource : "");

	if (*id != '\0' && n > 0 && (size_t)n < sizeof(d->key) && rt_spool_key_valid(d->key, (size_t)n))
		return 1;
	d->key[0] = '\0';
	return 0;
}

static void
stripe(const struct rt_webhook *w, const struct rt_cgi *c, struct rt_delivery *d)
{
	const char *hdr = rt_cgi_header(c, "Stripe-Signature"), *type;
	struct rt_stripe_sig sig;
	struct rt_json_error e;
	char why[256];
	jv v = jv_invalid(), id, t, paid;

	if (hdr == NULL) {
		decide(d, 401, "no Stripe-Signature header%s", "");
		return;
	}
	if (rt_stripe_sig_parse(hdr, strlen(hdr), &sig, why, sizeof(why)) == -1 ||
	    rt_stripe_sig_verify(&sig, w->secret, w->secretlen, c->body.p, c->body.len, w->now, w->tolerance,
		why, sizeof(why)) == -1) {
		decide(d, 401, "%s", why);
		return;
	}
	/* Stripe's libraries let a timestamp from the future through; a receiver need not. */
	if (sig.t - w->now > w->tolerance) {
		snprintf(why, sizeof(why), "%lld s ahead of this clock, past the tolerance of %lld s",
		    (long long)(sig.t - w->now), (long long)w->tolerance);
		{
			decide(d, 401, "Stripe-Signature: the timestamp is %s", why);
			return;
		}
	}
	v = rt_json_parse(c->body.p, c->body.len, &e);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		decide(d, 400, "the body is not a JSON object%s", jv_is_valid(v) ? "" : ": ");
		if (!jv_is_valid(v))
			snprintf(d->why + strlen(d->why), sizeof(d->why) - strlen(d->why), "%s at byte %zu",
			    e.msg, e.offset + 1);
		jv_free(v);
		return;
	}
	id = jv_object_get(jv_copy(v), jv_string("id"));
	t = jv_object_get(jv_copy(v), jv_string("type"));
	type = rt_jv_string(t, NULL);
	if (jv_get_kind(id) != JV_KIND_STRING || !make_key(d, jv_string_value(id), NULL))
		decide(d, 400, "the event has no id, or one that is no Stripe id%s", "");
	else if (type == NULL)
		decide(d, 400, "the event has no type%s", "");
	else {
		snprintf(d->what, sizeof(d->what), "%s", type);
		paid = jv_getpath(jv_copy(v),
		    JV_ARRAY(jv_string("data"), jv_string("object"), jv_string("payment_status")));
		if (!listed(stripe_events, type))
			decide(d, 200, "ignored: %s moves no money", type);
		else if (strcmp(type, "checkout.session.completed") == 0 &&
		    strcmp(rt_jv_string(paid, ""), "paid") != 0)
			decide(d, 200, "ignored: a checkout session whose payment_status is %s",
			    jv_get_kind(paid) == JV_KIND_STRING ? jv_string_value(paid) : "not \"paid\"");
		else
			spool_line(w, d, c->body.p, c->body.len);
		jv_free(paid);
	}
	jv_free(id);
	jv_free(t);
	jv_free(v);
}

/* Is the key= of the URL's query the seller's key?  The compare takes the same time wherever they differ. */
static int
right_key(const struct rt_webhook *w, const struct rt_cgi *c, struct rt_delivery *d)
{
	unsigned char a[RT_SHA256_LEN], b[RT_SHA256_LEN];
	char why[128];
	jv q = rt_urlform_decode(c->query, strlen(c->query), why, sizeof(why)), k;
	int ok;

	if (!jv_is_valid(q)) {
		jv_free(q);
		decide(d, 401, "the URL's query is malformed: %s", why);
		return 0;
	}
	k = jv_object_get(q, jv_string("key"));
	if (jv_get_kind(k) != JV_KIND_STRING) {
		jv_free(k);
		decide(d, 401, "no key= in the URL's query%s", "");
		return 0;
	}
	/* Digests of both, so that neither the length nor the bytes of the key tell on it. */
	rt_sha256(jv_string_value(k), (size_t)jv_string_length_bytes(jv_copy(k)), a);
	rt_sha256(w->secret, w->secretlen, b);
	jv_free(k);
	if (!(ok = rt_digest_equal(a, b, sizeof(a))))
		decide(d, 401, "the key= of the URL's query is not the Gumroad ping key%s", "");
	return ok;
}

static void
gumroad(const struct rt_webhook *w, const struct rt_cgi *c, struct rt_delivery *d)
{
	struct rt_buf text = { 0 };
	const char *resource;
	char why[128];
	jv form, sale, res;

	if (!right_key(w, c, d))
		return;
	form = rt_urlform_decode(c->body.p, c->body.len, why, sizeof(why));
	if (!jv_is_valid(form)) {
		jv_free(form);
		{
			decide(d, 400, "the body is not a form: %s", why);
			return;
		}
	}
	sale = jv_object_get(jv_copy(form), jv_string("sale_id"));
	res = jv_object_get(jv_copy(form), jv_string("resource_name"));
	resource = rt_jv_string(res, "");
	if (*resource == '\0')
		resource = "sale"; /* the seller's Ping URL, which is only told of sales */
	snprintf(d->what, sizeof(d->what), "%.63s", resource);
	/* Subscription pings (cancellation, ...) carry no sale: they are told apart first. */
	if (!listed(gumroad_resources, resource))
		decide(d, 200, "ignored: a %s ping moves no money", d->what);
	else if (jv_get_kind(sale) != JV_KIND_STRING || !make_key(d, jv_string_value(sale), resource))
		decide(d, 400, "the ping has no sale_id, or one that is no Gumroad id%s", "");
	else {
		rt_json_add_jv(&text, jv_copy(form));
		spool_line(w, d, text.p, text.len);
	}
	rt_buf_free(&text);
	jv_free(sale);
	jv_free(res);
	jv_free(form);
}

/*
 * Checks a delivery whose body was read, against w (the secret of its
 * route).  Sets d->status (200, 400 or 401) and why; with d->spool, d->line
 * is the line to spool under d->key.
 */
void
rt_webhook_verify(const struct rt_webhook *w, const struct rt_cgi *c, struct rt_delivery *d)
{
	if (d->source == RT_WEBHOOK_STRIPE)
		stripe(w, c, d);
	else
		gumroad(w, c, d);
}

void
rt_webhook_maps_init(struct rt_webhook_maps *m)
{
	memset(m, 0, sizeof(*m));
	rt_canon_init(&m->canon, NULL, 0);
}

void
rt_webhook_maps_free(struct rt_webhook_maps *m)
{
	int i;

	for (i = 0; i < RT_WEBHOOK_NSOURCES; i++)
		if (m->loaded[i])
			rt_jq_free(&m->jq[i]);
	rt_canon_free(&m->canon);
}

/* -2 (why) when the source's map cannot be loaded: the installation is wrong, not the line. */
static int
load_map(struct rt_webhook_maps *m, int source, char *why, size_t whysz)
{
	char *path;

	if (m->loaded[source])
		return 0;
	path = rt_share_path(maps[source]);
	if (rt_jq_load(&m->jq[source], path, jv_object()) == -1) {
		snprintf(why, whysz, "%s: %s", path,
		    m->jq[source].err.len > 0 ? m->jq[source].err.p : "cannot be read");
		rt_jq_free(&m->jq[source]);
		free(path);
		return -2;
	}
	free(path);
	m->loaded[source] = 1;
	return 0;
}

/*
 * Appends the records of one spool line (without its newline) to out, the
 * delivery given to its source's map with "rt_received" set to when it came.
 * The number of records; -1 (why) when the line or its map's output is bad,
 * and then none of its records; -2 (why) when the map cannot be loaded.
 */
int
rt_webhook_normalize(
    struct rt_webhook_maps *m, const char *line, size_t n, struct rt_buf *out, char *why, size_t whysz)
{
	struct rt_json_error e;
	size_t mark = out->len;
	int source, rc = 0, count = 0;
	jv v, ev, src, rec;

	v = rt_json_parse(line, n, &e);
	ev = jv_object_get(jv_copy(v), jv_string("event"));
	src = jv_object_get(jv_copy(v), jv_string("source"));
	for (source = 0; source < RT_WEBHOOK_NSOURCES; source++)
		if (strcmp(rt_jv_string(src, ""), rt_webhook_names[source]) == 0)
			break;
	jv_free(src);
	if (jv_get_kind(ev) != JV_KIND_OBJECT || source == RT_WEBHOOK_NSOURCES) {
		snprintf(why, whysz, "not a spooled delivery%s%s", jv_is_valid(v) ? "" : ": ",
		    jv_is_valid(v) ? "" : e.msg);
		jv_free(ev);
		jv_free(v);
		return -1;
	}
	if ((rc = load_map(m, source, why, whysz)) != 0) {
		jv_free(ev);
		jv_free(v);
		return rc;
	}
	ev = jv_object_set(ev, jv_string("rt_received"), jv_object_get(v, jv_string("received")));
	rt_jq_start(&m->jq[source], ev);
	m->canon.source = rt_webhook_names[source];
	while (count >= 0 && (rc = rt_jq_next(&m->jq[source], &rec)) == 1)
		count = rt_canon_build(&m->canon, rec, NULL, 0, out, why, whysz) == -1 ? -1 : count + 1;
	/* A run cut short is wound up by the next rt_jq_start. */
	if (count >= 0 && rc == -1) {
		snprintf(why, whysz, "map: %s", m->jq[source].err.p);
		count = -1;
	}
	if (count < 0)
		out->len = mark; /* a delivery gives all its records or none */
	return count;
}

/* The id of a record rt_record_write wrote, as its JSON text: the same id is the same text. */
static const char *
record_id(const char *line, size_t n, size_t *idlen)
{
	size_t i;

	if (n < 8 || memcmp(line, "{\"id\":\"", 7) != 0)
		return NULL;
	for (i = 7; i < n && line[i] != '"'; i++)
		if (line[i] == '\\')
			i++;
	*idlen = i - 7;
	return i < n ? line + 7 : NULL;
}

/* Adds the records from out + mark on to the batch: a record whose id is there already replaces it in place. */
static void
keep_records(struct rt_webhook_batch *b, struct rt_buf *out, size_t mark)
{
	const char *p, *nl, *id;
	uint64_t *slot;
	size_t idlen;
	int isnew;

	for (p = out->p + mark; p < out->p + out->len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(out->p + out->len - p));
		if ((id = record_id(p, (size_t)(nl - p), &idlen)) == NULL)
			continue; /* rt_canon writes none such */
		slot = rt_map_insert(&b->ids, id, idlen, &isnew);
		if (isnew) {
			b->lines = rt_egrow(b->lines, &b->cap, b->n + 1, sizeof(*b->lines));
			*slot = b->n++;
		} else
			b->copies++;
		b->lines[*slot].off = (size_t)(p - out->p);
		b->lines[*slot].len = (size_t)(nl - p) + 1;
	}
}

void
rt_webhook_batch_free(struct rt_webhook_batch *b)
{
	rt_map_free(&b->keys);
	rt_map_free(&b->ids);
	rt_buf_free(&b->out);
	rt_buf_free(&b->rejected);
	free(b->lines);
	memset(b, 0, sizeof(*b));
}

/*
 * Turns the n bytes of spool lines at text (read from name) into the
 * batch's records: a delivery whose key came before is a copy and is passed
 * over, and of the records that share an id the last delivered is kept, in
 * the place of the first (the ledger keeps a record's newest version
 * anyway).  A line the maps refuse is reported and kept in b->rejected.
 * -2 (why) when a map cannot be loaded.
 */
int
rt_webhook_batch(struct rt_webhook_maps *m, const char *name, const char *text, size_t n,
    struct rt_webhook_batch *b, char *why, size_t whysz)
{
	const char *p, *nl, *key, *e = text + n;
	unsigned long lineno = 0;
	size_t len, keylen, mark;
	char reason[512];
	int isnew, rc;

	rt_map_init(&b->keys);
	rt_map_init(&b->ids);
	for (p = text; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		len = (size_t)(nl - p);
		lineno++;
		if (len == 0)
			continue;
		b->deliveries++;
		if ((key = rt_spool_line_key(p, len, &keylen)) != NULL) {
			rt_map_insert(&b->keys, key, keylen, &isnew);
			if (!isnew) {
				b->repeats++;
				continue;
			}
		}
		mark = b->out.len;
		if ((rc = rt_webhook_normalize(m, p, len, &b->out, reason, sizeof(reason))) == -2) {
			snprintf(why, whysz, "%s", reason);
			return -2;
		}
		if (rc == -1) {
			rt_warnx("%s:%lu: %.*s: %s", name, lineno, key != NULL ? (int)keylen : 9,
			    key != NULL ? key : "no key", reason);
			rt_buf_add(&b->rejected, p, len);
			rt_buf_addc(&b->rejected, '\n');
			b->refused++;
			continue;
		}
		keep_records(b, &b->out, mark);
	}
	return 0;
}
