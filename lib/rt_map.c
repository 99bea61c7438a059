/*
 * Open addressing with linear probing.  Keys live in one arena, so a million
 * short keys cost one allocation, and every lookup ends with a full memcmp:
 * the hash only chooses where to look.
 *
 * The keys come from upstream (ids, clients), so the table's hash is keyed:
 * SipHash-1-3 with a key drawn at random once per process.  With a fixed
 * hash an API could send ids chosen to land in one slot, and every insert
 * would walk them all.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "rt_err.h"
#include "rt_map.h"

static inline uint64_t
load64(const unsigned char *p)
{
	/* Byte by byte, so that a hash is the same on every machine. */
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	    (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static inline uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND \
	do { \
		v0 += v1; \
		v1 = ROTL(v1, 13); \
		v1 ^= v0; \
		v0 = ROTL(v0, 32); \
		v2 += v3; \
		v3 = ROTL(v3, 16); \
		v3 ^= v2; \
		v0 += v3; \
		v3 = ROTL(v3, 21); \
		v3 ^= v0; \
		v2 += v1; \
		v1 = ROTL(v1, 17); \
		v1 ^= v2; \
		v2 = ROTL(v2, 32); \
	} while (0)

static uint64_t sipkey[2];
static int sipkeyed;

/* The per-process key: from getrandom(2), else (no entropy yet) the clock and the pid. */
static void
sip_init(void)
{
	struct timespec ts;

	if (getrandom(sipkey, sizeof(sipkey), GRND_NONBLOCK) != (ssize_t)sizeof(sipkey)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		sipkey[0] = mix((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30);
		sipkey[1] = mix((uint64_t)getpid() ^ (uint64_t)(uintptr_t)&ts);
	}
	sipkeyed = 1;
}

/* SipHash-1-3 (Aumasson and Bernstein; one compression round, three finalization rounds, as Rust's HashMap). */
static uint64_t
siphash13(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t k0 = sipkey[0], k1 = sipkey[1], m, b = (uint64_t)n << 56;
	uint64_t v0 = k0 ^ UINT64_C(0x736f6d6570736575), v1 = k1 ^ UINT64_C(0x646f72616e646f6d);
	uint64_t v2 = k0 ^ UINT64_C(0x6c7967656e657261), v3 = k1 ^ UINT64_C(0x7465646279746573);
	size_t i;

	for (; n >= 8; p += 8, n -= 8) {
		m = load64(p);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < n; i++)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static inline uint32_t
slot_hash(const void *key, size_t n)
{
	return (uint32_t)siphash13(key, n);
}

/*
 * A stable hash, the same in every run and on every machine, for names
 * made from content (rt_canon's ids of records that have none).  The map
 * does not use it: it is not keyed, so colliding inputs are easy to make.
 */
uint64_t
rt_hash(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (n * UINT64_C(0x100000001b3)), t = 0;
	size_t i;

	for (; n >= 8; p += 8, n -= 8)
		h = (h ^ mix(load64(p))) * UINT64_C(0x9e3779b97f4a7c15);
	for (i = 0; i < n; i++)
		t |= (uint64_t)p[i] << (8 * i);
	h ^= mix(t ^ n);
	return mix(h);
}

void
rt_map_init(struct rt_map *m)
{
	if (!sipkeyed)
		sip_init();
	memset(m, 0, sizeof(*m));
	m->mask = 1023;
	m->slots = rt_ecalloc(m->mask + 1, sizeof(*m->slots));
	rt_buf_addc(&m->keys, 0); /* offset 0 means empty */
}

void
rt_map_free(struct rt_map *m)
{
	free(m->slots);
	rt_buf_free(&m->keys);
	memset(m, 0, sizeof(*m));
}

static struct rt_map_slot *
probe(struct rt_map *m, const void *key, size_t n, uint64_t h)
{
	struct rt_map_slot *s;
	size_t i = h & m->mask;

	for (;; i = (i + 1) & m->mask) {
		s = &m->slots[i];
		if (s->keyoff == 0)
			return s;
		if (s->hash == (uint32_t)h && s->keylen == n && memcmp(m->keys.p + s->keyoff, key, n) == 0)
			return s;
	}
}

static void
grow(struct rt_map *m)
{
	struct rt_map_slot *old = m->slots, *s;
	size_t oldn = m->mask + 1, i, j;

	m->mask = oldn * 2 - 1;
	m->slots = rt_ecalloc(m->mask + 1, sizeof(*m->slots));
	for (i = 0; i < oldn; i++) {
		if (old[i].keyoff == 0)
			continue;
		/* Only the low 32 bits of the hash are kept; they choose the slot. */
		for (j = old[i].hash & m->mask; m->slots[j].keyoff != 0; j = (j + 1) & m->mask)
			;
		s = &m->slots[j];
		*s = old[i];
	}
	free(old);
}

uint64_t *
rt_map_find(struct rt_map *m, const void *key, size_t n)
{
	struct rt_map_slot *s = probe(m, key, n, slot_hash(key, n));

	return s->keyoff == 0 ? NULL : &s->value;
}

uint64_t *
rt_map_insert(struct rt_map *m, const void *key, size_t n, int *isnew)
{
	uint64_t h = slot_hash(key, n);
	struct rt_map_slot *s;

	if (n > UINT32_MAX)
		rt_errx(RT_EXIT_IO, "key too long");
	s = probe(m, key, n, h);
	if (s->keyoff != 0) {
		if (isnew != NULL)
			*isnew = 0;
		return &s->value;
	}
	if ((m->count + 1) * 10 > (m->mask + 1) * 7) {
		grow(m);
		s = probe(m, key, n, h);
	}
	s->keyoff = m->keys.len;
	s->hash = (uint32_t)h;
	s->keylen = (uint32_t)n;
	s->value = 0;
	rt_buf_add(&m->keys, key, n);
	m->count++;
	if (isnew != NULL)
		*isnew = 1;
	return &s->value;
}

/* Iterates: start *it at 0; returns 0 when there are no more entries. */
int
rt_map_next(struct rt_map *m, size_t *it, const char **key, size_t *n, uint64_t **value)
{
	struct rt_map_slot *s;

	for (; *it <= m->mask; (*it)++) {
		s = &m->slots[*it];
		if (s->keyoff == 0)
			continue;
		*key = m->keys.p + s->keyoff;
		*n = s->keylen;
		*value = &s->value;
		(*it)++;
		return 1;
	}
	return 0;
}

void
rt_key_add(struct rt_buf *b, int tag, const char *p, size_t n)
{
	unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
		(unsigned char)n };

	rt_buf_addc(b, tag);
	rt_buf_add(b, len, 4);
	rt_buf_add(b, p, n);
}

/* Reads part i of a composite key; returns its tag, or -1 past the end. */
int
rt_key_part(const char *key, size_t keylen, int i, const char **p, size_t *n)
{
	const unsigned char *k = (const unsigned char *)key, *e = k + keylen;
	size_t len;

	for (;;) {
		if (e - k < 5)
			return -1;
		len = (size_t)k[1] << 24 | (size_t)k[2] << 16 | (size_t)k[3] << 8 | k[4];
		if (i-- == 0) {
			*p = (const char *)k + 5;
			*n = len;
			return k[0];
		}
		k += 5 + len;
	}
}
