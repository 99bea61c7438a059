/*
 * SHA-256 (FIPS 180-4), for keys derived from content such as an
 * Idempotency-Key, and HMAC-SHA256 (RFC 2104) for signed webhooks.
 */
#ifndef RT_SHA256_H
#define RT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define RT_SHA256_LEN 32
#define RT_SHA256_HEXSZ 65 /* 64 hex digits and the NUL */

struct rt_sha256_ctx {
	uint32_t h[8];
	unsigned char buf[64];
	size_t n;
	uint64_t total;
};

void rt_sha256_init(struct rt_sha256_ctx *);
void rt_sha256_update(struct rt_sha256_ctx *, const void *, size_t);
void rt_sha256_final(struct rt_sha256_ctx *, unsigned char[RT_SHA256_LEN]);
void rt_sha256(const void *, size_t, unsigned char[RT_SHA256_LEN]);
char *rt_sha256_tohex(const unsigned char[RT_SHA256_LEN], char[RT_SHA256_HEXSZ]);
char *rt_sha256_hex(const void *, size_t, char[RT_SHA256_HEXSZ]);
void rt_hmac_sha256(
    const void *, size_t, const void *, size_t, const void *, size_t, unsigned char[RT_SHA256_LEN]);

#endif
