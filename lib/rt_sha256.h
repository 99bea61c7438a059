/* SHA-256 (FIPS 180-4), for keys derived from content such as an Idempotency-Key. */
#ifndef RT_SHA256_H
#define RT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define RT_SHA256_LEN 32
#define RT_SHA256_HEXSZ 65 /* 64 hex digits and the NUL */

void rt_sha256(const void *, size_t, unsigned char[RT_SHA256_LEN]);
char *rt_sha256_hex(const void *, size_t, char[RT_SHA256_HEXSZ]);

#endif
