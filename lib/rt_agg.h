/*
 * Aggregation shared by rt-aggregate and rt-md-update: totals per group and
 * currency (SPEC section 2, Aggregates).
 */
#ifndef RT_AGG_H
#define RT_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_date.h"
#include "rt_map.h"
#include "rt_record.h"

#define RT_AGG_MAXDIMS 16

struct rt_measures {
	int64_t count; /* completed records that touch the group */
	int64_t gross, refunds, fees, chargebacks, adjustments, net, pending;
};

struct rt_dim {
	int is_time;
	enum rt_bucket bucket;
	char *field;
	size_t fieldlen;
	uint64_t present; /* times a counted record carried the field */
};

struct rt_group {
	uint64_t keyoff; /* into the map's key arena */
	uint32_t keylen;
	struct rt_measures m;
};

struct rt_agg {
	struct rt_dim dims[RT_AGG_MAXDIMS];
	int ndims;
	int timedim; /* index of the time dimension, or -1 */
	int clip; /* count only the days since..until */
	rt_day since, until;
	struct rt_map map;
	struct rt_group *groups;
	size_t ngroups, cap;
	struct rt_buf key;
};

int rt_agg_init(struct rt_agg *a, const char *spec, char *why, size_t whysz);
void rt_agg_free(struct rt_agg *a);
void rt_agg_clip(struct rt_agg *a, rt_day since, rt_day until);
int rt_agg_add(struct rt_agg *a, const struct rt_record *r, char *why, size_t whysz);
void rt_agg_sort(struct rt_agg *a);
const char *rt_agg_key(const struct rt_agg *a, const struct rt_group *g, size_t *n);
const char *rt_dim_name(const struct rt_dim *d);

/* The year-to-date summary is built on groups; included for code that asks rt_agg.h for it. */
#include "rt_summary.h"

#endif
