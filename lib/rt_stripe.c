/*
 * Stripe-Signature, read as Stripe's own libraries read it (stripe-python's
 * _webhook.py): the header is split on ',' and each item at its first '=';
 * the first t is the timestamp, every v1 a candidate signature, and anything
 * else (v0, a scheme not known yet) is ignored.  A v1 that is not 64 lower-case
 * hex digits can match nothing and is passed over as well.
 *
 * A signature is checked before the timestamp, and only an old timestamp is
 * refused (now - t > tolerance), as Stripe does: a sender's clock ahead of
 * ours is no sign of a replay.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt_stripe.h"

static int
unhex(const char *s, size_t n, unsigned char out[RT_SHA256_LEN])
{
	size_t i;
	int hi, lo;

	if (n != 2 * RT_SHA256_LEN)
		return -1;
	for (i = 0; i < RT_SHA256_LEN; i++) {
		hi = s[2 * i], lo = s[2 * i + 1];
		hi = hi >= '0' && hi <= '9' ? hi - '0' : hi >= 'a' && hi <= 'f' ? hi - 'a' + 10 : -1;
		lo = lo >= '0' && lo <= '9' ? lo - '0' : lo >= 'a' && lo <= 'f' ? lo - 'a' + 10 : -1;
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* The header's value, without the blanks an HTTP server may leave around it. */
int
rt_stripe_sig_parse(const char *s, size_t n, struct rt_stripe_sig *sig, char *why, size_t whysz)
{
	const char *e, *item, *end, *next, *eq, *val;
	size_t vlen, i;
	int have_t = 0;

	memset(sig, 0, sizeof(*sig));
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (e = s + n, item = s;; item = next + 1) {
		next = memchr(item, ',', (size_t)(e - item));
		end = next != NULL ? next : e;
		if ((eq = memchr(item, '=', (size_t)(end - item))) != NULL) {
			val = eq + 1;
			vlen = (size_t)(end - val);
			if (eq - item == 1 && item[0] == 't' && !have_t) {
				for (i = 0; i < vlen && i < 18 && val[i] >= '0' && val[i] <= '9'; i++)
					sig->t = sig->t * 10 + (val[i] - '0');
				if (vlen == 0 || i < vlen) {
					snprintf(why, whysz,
					    "Stripe-Signature: the t= timestamp is not a number of seconds");
					return -1;
				}
				have_t = 1;
			} else if (eq - item == 2 && item[0] == 'v' && item[1] == '1') {
				if (sig->nv1 == RT_STRIPE_MAXV1) {
					snprintf(why, whysz, "Stripe-Signature: more than %d v1= signatures",
					    RT_STRIPE_MAXV1);
					return -1;
				}
				if (unhex(val, vlen, sig->v1[sig->nv1]) == 0)
					sig->nv1++;
			}
		}
		if (next == NULL)
			break;
	}
	if (!have_t) {
		snprintf(why, whysz, "Stripe-Signature: no t= timestamp");
		return -1;
	}
	if (sig->nv1 == 0) {
		snprintf(why, whysz, "Stripe-Signature: no v1= signature");
		return -1;
	}
	return 0;
}

/* The HMAC Stripe computes for body at time t. */
static int
expected(int64_t t, const void *secret, size_t secretlen, const void *body, size_t bodylen,
    unsigned char mac[RT_SHA256_LEN])
{
	char prefix[24];
	int n;

	n = snprintf(prefix, sizeof(prefix), "%" PRId64 ".", t);
	return rt_hmac_sha256(secret, secretlen, prefix, (size_t)n, body, bodylen, mac);
}

/*
 * 0 when a v1 signature is the HMAC of the body under secret and the timestamp
 * is at most tolerance seconds old (tolerance 0: any age); -1 and why if not.
 * Every candidate is compared in full, whatever the first bytes say.
 */
int
rt_stripe_sig_verify(const struct rt_stripe_sig *sig, const void *secret, size_t secretlen, const void *body,
    size_t bodylen, int64_t now, int64_t tolerance, char *why, size_t whysz)
{
	unsigned char mac[RT_SHA256_LEN];
	size_t i;
	int ok = 0;

	if (expected(sig->t, secret, secretlen, body, bodylen, mac) == -1) {
		snprintf(why, whysz, "libcrypto could not compute HMAC-SHA256");
		return -1;
	}
	for (i = 0; i < sig->nv1; i++)
		ok |= rt_digest_equal(mac, sig->v1[i], RT_SHA256_LEN);
	if (!ok) {
		snprintf(why, whysz,
		    "Stripe-Signature: no v1 signature matches the body (another signing secret, "
		    "or a body changed on the way)");
		return -1;
	}
	if (tolerance > 0 && now - tolerance > sig->t) {
		snprintf(why, whysz,
		    "Stripe-Signature: the timestamp is %" PRId64 " s old, past the tolerance of %" PRId64
		    " s",
		    now - sig->t, tolerance);
		return -1;
	}
	return 0;
}

/* The header Stripe would send for body at time t: for fakes, tests and replays. */
char *
rt_stripe_sig_format(int64_t t, const void *secret, size_t secretlen, const void *body, size_t bodylen,
    char out[RT_STRIPE_HEADERSZ])
{
	unsigned char mac[RT_SHA256_LEN];
	char hex[RT_SHA256_HEXSZ];

	if (expected(t, secret, secretlen, body, bodylen, mac) == -1)
		return NULL;
	snprintf(out, RT_STRIPE_HEADERSZ, "t=%" PRId64 ",v1=%s", t, rt_sha256_tohex(mac, hex));
	return out;
}
