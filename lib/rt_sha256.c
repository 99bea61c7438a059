/*
 * SHA-256 as FIPS 180-4 describes it, and HMAC-SHA256 on top of it.  rt
 * links libcurl but no crypto library of its own, and the digest is small
 * enough to carry here rather than add a dependency.
 */
#include <string.h>

#include "rt_sha256.h"

static const uint32_t K[64] = { 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
	0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb,
	0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624,
	0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
	0xbef9a3f7, 0xc67178f2 };

#define ROTR(x, n) ((x) >> (n) | (x) << (32 - (n)))

static void
block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2, s0, s1;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
		    (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ w[i - 15] >> 3;
		s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ w[i - 2] >> 10;
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void
rt_sha256_init(struct rt_sha256_ctx *c)
{
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f,
		0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(c->h, h0, sizeof(h0));
	c->n = 0;
	c->total = 0;
}

void
rt_sha256_update(struct rt_sha256_ctx *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	c->total += n;
	if (c->n > 0) {
		k = 64 - c->n < n ? 64 - c->n : n;
		memcpy(c->buf + c->n, p, k);
		c->n += k, p += k, n -= k;
		if (c->n < 64)
			return;
		block(c->h, c->buf);
		c->n = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		block(c->h, p);
	memcpy(c->buf, p, n);
	c->n = n;
}

/* The last bytes, a 1 bit, zeros, and the length in bits: one or two blocks. */
void
rt_sha256_final(struct rt_sha256_ctx *c, unsigned char out[RT_SHA256_LEN])
{
	uint64_t bits = c->total * 8;
	size_t pad = c->n < 56 ? 64 : 128, i;
	unsigned char tail[128];

	memcpy(tail, c->buf, c->n);
	tail[c->n] = 0x80;
	memset(tail + c->n + 1, 0, pad - c->n - 1);
	for (i = 0; i < 8; i++)
		tail[pad - 1 - i] = (unsigned char)(bits >> (8 * i));
	block(c->h, tail);
	if (pad == 128)
		block(c->h, tail + 64);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void
rt_sha256(const void *data, size_t n, unsigned char out[RT_SHA256_LEN])
{
	struct rt_sha256_ctx c;

	rt_sha256_init(&c);
	rt_sha256_update(&c, data, n);
	rt_sha256_final(&c, out);
}

/*
 * HMAC-SHA256 (RFC 2104): H(K ^ opad, H(K ^ ipad, message)), with a key longer
 * than a block hashed first.  The message comes in two parts, so that a
 * signature over "timestamp.body" needs no copy of the body.
 */
void
rt_hmac_sha256(const void *key, size_t keylen, const void *m1, size_t n1, const void *m2, size_t n2,
    unsigned char out[RT_SHA256_LEN])
{
	unsigned char k[64] = { 0 }, pad[64], inner[RT_SHA256_LEN];
	struct rt_sha256_ctx c;
	size_t i;

	if (keylen > sizeof(k))
		rt_sha256(key, keylen, k);
	else if (keylen > 0)
		memcpy(k, key, keylen);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	rt_sha256_init(&c);
	rt_sha256_update(&c, pad, sizeof(pad));
	rt_sha256_update(&c, m1, n1);
	rt_sha256_update(&c, m2, n2);
	rt_sha256_final(&c, inner);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	rt_sha256_init(&c);
	rt_sha256_update(&c, pad, sizeof(pad));
	rt_sha256_update(&c, inner, sizeof(inner));
	rt_sha256_final(&c, out);
}

/* A digest as 64 lower-case hex digits, as sha256sum(1) prints it. */
char *
rt_sha256_tohex(const unsigned char d[RT_SHA256_LEN], char out[RT_SHA256_HEXSZ])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < RT_SHA256_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * RT_SHA256_LEN] = '\0';
	return out;
}

char *
rt_sha256_hex(const void *data, size_t n, char out[RT_SHA256_HEXSZ])
{
	unsigned char d[RT_SHA256_LEN];

	rt_sha256(data, n, d);
	return rt_sha256_tohex(d, out);
}
