/*
 * Digests from OpenSSL's libcrypto: SHA-256 for keys derived from content
 * (an Idempotency-Key), HMAC-SHA256 for signed webhooks, and a compare that
 * takes the same time whatever the bytes.
 */
#ifndef RT_DIGEST_H
#define RT_DIGEST_H

#include <stddef.h>

#define RT_SHA256_LEN 32
#define RT_SHA256_HEXSZ 65 /* 64 hex digits and the NUL */

void rt_sha256(const void *data, size_t len, unsigned char out[RT_SHA256_LEN]);
char *rt_sha256_hex(const void *data, size_t len, char out[RT_SHA256_HEXSZ]);
char *rt_sha256_tohex(const unsigned char digest[RT_SHA256_LEN], char out[RT_SHA256_HEXSZ]);
int rt_hmac_sha256(const void *key, size_t keylen, const void *a, size_t alen, const void *b, size_t blen,
    unsigned char out[RT_SHA256_LEN]);
int rt_digest_equal(const void *a, const void *b, size_t len);
void rt_digest_noconfig(void);

#endif
