/*
 * Stripe's webhook signatures: the Stripe-Signature header
 * "t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=...][,v0=...]", where each v1 is
 * the HMAC of "<t>.<raw body>" keyed with the endpoint's signing secret.
 */
#ifndef RT_STRIPE_H
#define RT_STRIPE_H

#include <stddef.h>
#include <stdint.h>

#include "rt_digest.h"

#define RT_STRIPE_TOLERANCE 300 /* seconds, as Stripe's libraries default */
#define RT_STRIPE_MAXV1 16 /* one per live secret; Stripe sends one or two */
#define RT_STRIPE_HEADERSZ (sizeof("t=,v1=") + 20 + 2 * RT_SHA256_LEN)

struct rt_stripe_sig {
	int64_t t;
	size_t nv1;
	unsigned char v1[RT_STRIPE_MAXV1][RT_SHA256_LEN];
};

int rt_stripe_sig_parse(const char *s, size_t n, struct rt_stripe_sig *sig, char *why, size_t whysz);
int rt_stripe_sig_verify(const struct rt_stripe_sig *sig, const void *secret, size_t secretlen,
    const void *body, size_t bodylen, int64_t now, int64_t tolerance, char *why, size_t whysz);
char *rt_stripe_sig_format(int64_t t, const void *secret, size_t secretlen, const void *body, size_t bodylen,
    char out[RT_STRIPE_HEADERSZ]);

#endif
