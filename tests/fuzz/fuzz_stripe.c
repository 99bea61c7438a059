/*
 * Checks that the Stripe-Signature parser survives any bytes; that a header it
 * reads says the same when written back in canonical form; that a header
 * verifies exactly when one of its v1 signatures is the HMAC of its t and the
 * body; and that what rt_stripe_sig_format signs verifies, and a body changed
 * by one bit does not.  The input is the header, a newline, then the body.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rt_stripe.h"

static const char secret[] = "whsec_fuzz_0123456789abcdef";

/* RFC 4231, test case 2: a short key and a message of two parts. */
static void
check_hmac(void)
{
	static const unsigned char want[RT_SHA256_LEN] = { 0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e,
		0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39,
		0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43 };
	unsigned char mac[RT_SHA256_LEN];

	FUZZ_CHECK(rt_hmac_sha256("Jefe", 4, "what do ya want ", 16, "for nothing?", 12, mac) == 0,
	    "HMAC-SHA256 failed");
	FUZZ_CHECK(memcmp(mac, want, sizeof(want)) == 0, "HMAC-SHA256 of RFC 4231 case 2 is wrong");
}

/* The header as rt_stripe_sig_format would write it, with every v1. */
static size_t
canonical(const struct rt_stripe_sig *sig, char *out, size_t outsz)
{
	char hex[RT_SHA256_HEXSZ];
	size_t n, i;

	n = (size_t)snprintf(out, outsz, "t=%" PRId64, sig->t);
	for (i = 0; i < sig->nv1; i++)
		n += (size_t)snprintf(out + n, outsz - n, ",v1=%s", rt_sha256_tohex(sig->v1[i], hex));
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int checked;
	const char *hdr = (const char *)data, *body, *nl;
	char why[256], text[RT_STRIPE_MAXV1 * 70 + 32], made[RT_STRIPE_HEADERSZ];
	unsigned char mac[RT_SHA256_LEN], *flip;
	struct rt_stripe_sig sig, again;
	size_t hlen, blen, i;
	int64_t t;
	int rc, match;

	if (!checked) {
		check_hmac();
		checked = 1;
	}
	nl = memchr(hdr, '\n', size);
	hlen = nl != NULL ? (size_t)(nl - hdr) : size;
	body = nl != NULL ? nl + 1 : hdr + size;
	blen = size - (size_t)(body - hdr);

	rc = rt_stripe_sig_parse(hdr, hlen, &sig, why, sizeof(why));
	FUZZ_CHECK(rc == 0 || rc == -1, "parse returned %d", rc);
	FUZZ_CHECK(rc == 0 || strncmp(why, "Stripe-Signature: ", 18) == 0, "reason \"%s\"", why);
	if (rc == 0) {
		FUZZ_CHECK(sig.t >= 0 && sig.t < INT64_C(1000000000000000000), "t %" PRId64, sig.t);
		FUZZ_CHECK(sig.nv1 >= 1 && sig.nv1 <= RT_STRIPE_MAXV1, "%zu signatures", sig.nv1);
		canonical(&sig, text, sizeof(text));
		FUZZ_CHECK(rt_stripe_sig_parse(text, strlen(text), &again, why, sizeof(why)) == 0 &&
			again.t == sig.t && again.nv1 == sig.nv1 &&
			memcmp(again.v1, sig.v1, sig.nv1 * RT_SHA256_LEN) == 0,
		    "\"%s\" does not read back", text);
		/* Verifies exactly when a v1 is the HMAC of "t.body". */
		snprintf(made, sizeof(made), "%" PRId64 ".", sig.t);
		rt_hmac_sha256(secret, sizeof(secret) - 1, made, strlen(made), body, blen, mac);
		for (match = 0, i = 0; i < sig.nv1; i++)
			match |= memcmp(mac, sig.v1[i], sizeof(mac)) == 0;
		rc = rt_stripe_sig_verify(
		    &sig, secret, sizeof(secret) - 1, body, blen, sig.t, 300, why, sizeof(why));
		FUZZ_CHECK((rc == 0) == match, "verify says %d, the HMAC says %d", rc, match);
	}

	/* What is signed verifies, at its time and up to the tolerance after. */
	t = (int64_t)(size * 7919 % 2000000000);
	rt_stripe_sig_format(t, secret, sizeof(secret) - 1, body, blen, made);
	FUZZ_CHECK(rt_stripe_sig_parse(made, strlen(made), &sig, why, sizeof(why)) == 0 && sig.t == t &&
		sig.nv1 == 1,
	    "\"%s\" does not parse", made);
	FUZZ_CHECK(rt_stripe_sig_verify(
		       &sig, secret, sizeof(secret) - 1, body, blen, t + 300, 300, why, sizeof(why)) == 0,
	    "a signed body does not verify: %s", why);
	FUZZ_CHECK(rt_stripe_sig_verify(
		       &sig, secret, sizeof(secret) - 1, body, blen, t + 301, 300, why, sizeof(why)) == -1,
	    "a signature 301 s old verifies");
	FUZZ_CHECK(rt_stripe_sig_verify(
		       &sig, secret, sizeof(secret) - 2, body, blen, t, 300, why, sizeof(why)) == -1,
	    "another secret verifies");
	if (blen > 0) {
		if ((flip = malloc(blen)) == NULL)
			abort();
		memcpy(flip, body, blen);
		flip[blen / 2] ^= 1;
		rc = rt_stripe_sig_verify(
		    &sig, secret, sizeof(secret) - 1, flip, blen, t, 300, why, sizeof(why));
		free(flip);
		FUZZ_CHECK(rc == -1, "a body changed by one bit verifies");
	}
	return 0;
}
