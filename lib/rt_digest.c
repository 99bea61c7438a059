/* SHA-256, HMAC-SHA256 and a constant-time compare, from OpenSSL's libcrypto. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "rt_digest.h"
#include "rt_err.h"

void
rt_sha256(const void *data, size_t len, unsigned char out[RT_SHA256_LEN])
{
	unsigned int n = RT_SHA256_LEN;

	/* Only a library without SHA-256, or out of memory, fails here. */
	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1)
		rt_errx(RT_EXIT_IO, "libcrypto: SHA-256 failed");
}

char *
rt_sha256_tohex(const unsigned char digest[RT_SHA256_LEN], char out[RT_SHA256_HEXSZ])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < RT_SHA256_LEN; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * RT_SHA256_LEN] = '\0';
	return out;
}

char *
rt_sha256_hex(const void *data, size_t len, char out[RT_SHA256_HEXSZ])
{
	unsigned char d[RT_SHA256_LEN];

	rt_sha256(data, len, d);
	return rt_sha256_tohex(d, out);
}

/*
 * The HMAC-SHA256 of a followed by b under key (two parts, so that
 * Stripe's "<t>." and the raw body need no copy); -1 if libcrypto fails.
 */
int
rt_hmac_sha256(const void *key, size_t keylen, const void *a, size_t alen, const void *b, size_t blen,
    unsigned char out[RT_SHA256_LEN])
{
	static const unsigned char nokey[1];
	static EVP_MAC *mac; /* fetched once: the fetch costs more than a small MAC */
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx = NULL;
	size_t n = 0;
	int ok;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (mac == NULL && (mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return -1;
	ok = (ctx = EVP_MAC_CTX_new(mac)) != NULL &&
	    EVP_MAC_init(ctx, keylen > 0 ? key : nokey, keylen, params) == 1 &&
	    EVP_MAC_update(ctx, a, alen) == 1 && EVP_MAC_update(ctx, b, blen) == 1 &&
	    EVP_MAC_final(ctx, out, &n, RT_SHA256_LEN) == 1 && n == RT_SHA256_LEN;
	EVP_MAC_CTX_free(ctx);
	return ok ? 0 : -1;
}

/*
 * Starts libcrypto without reading openssl.cnf and without filling its
 * tables of every cipher and digest by name: a program started once per
 * request, as a CGI program is, needs none of it for an HMAC, and the two
 * cost more than the rest of the request's work.  Digests are still found,
 * through the default provider.  Call it before any other function here.
 */
void
rt_digest_noconfig(void)
{
	OPENSSL_init_crypto(
	    OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
	    NULL);
}

/* 1 when the len bytes at a and b are equal, in a time that does not depend on where they differ. */
int
rt_digest_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}
