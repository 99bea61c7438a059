/* A hash map from byte strings to 64-bit values; keys are kept and compared in full. */
#ifndef RT_MAP_H
#define RT_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"

struct rt_map_slot {
	uint64_t keyoff; /* into the key arena; 0 marks an empty slot */
	uint32_t hash;
	uint32_t keylen;
	uint64_t value;
};

struct rt_map {
	struct rt_map_slot *slots;
	size_t mask; /* slots - 1; a power of two minus one */
	size_t count;
	struct rt_buf keys;
};

/*
 * Composite keys: each part is a tag, a 4-byte length and the bytes, so that
 * ("a,b", "c") and ("a", "b,c") never meet, and missing differs from "".
 */
enum { RT_KEY_MISSING = 'n', RT_KEY_STRING = 's', RT_KEY_JSON = 'j' };

void rt_key_add(struct rt_buf *, int, const char *, size_t);
int rt_key_part(const char *, size_t, int, const char **, size_t *);

uint64_t rt_hash(const void *, size_t);
void rt_map_init(struct rt_map *);
void rt_map_free(struct rt_map *);
uint64_t *rt_map_find(struct rt_map *, const void *, size_t);
uint64_t *rt_map_insert(struct rt_map *, const void *, size_t, int *);
int rt_map_next(struct rt_map *, size_t *, const char **, size_t *, uint64_t **);

#endif
