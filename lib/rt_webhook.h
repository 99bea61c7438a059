/*
 * Webhook deliveries from Stripe and Gumroad: which requests are
 * deliveries, each sender's proof that it sent them, what of them is
 * spooled, and the spooled deliveries turned into records by their maps.
 */
#ifndef RT_WEBHOOK_H
#define RT_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_canon.h"
#include "rt_cgi.h"
#include "rt_jq.h"
#include "rt_map.h"
#include "rt_spool.h"

enum rt_webhook_source { RT_WEBHOOK_STRIPE, RT_WEBHOOK_GUMROAD, RT_WEBHOOK_NSOURCES };

/* What a delivery is checked against. */
struct rt_webhook {
	const char *secret; /* Stripe's signing secret, or the key of Gumroad's URL */
	size_t secretlen;
	int64_t tolerance; /* seconds a Stripe timestamp may be off */
	int64_t now;
};

/* What became of one request. */
struct rt_delivery {
	int source; /* enum rt_webhook_source; -1 before the route is known */
	int status; /* the HTTP answer; 0 while undecided */
	int spool; /* 1: line is to be spooled */
	char key[RT_SPOOL_KEYMAX + 1]; /* "stripe:evt_..." or "gumroad:<sale>:<resource>" */
	char what[64]; /* the event's type or the ping's resource, for the log */
	char why[512]; /* why it was refused or ignored; never a secret */
	struct rt_buf line; /* the spool line, newline included */
};

/* The maps that turn spooled deliveries into records, loaded when first needed. */
struct rt_webhook_maps {
	struct rt_jq jq[RT_WEBHOOK_NSOURCES];
	int loaded[RT_WEBHOOK_NSOURCES];
	struct rt_canon canon;
};

/* A drained batch: its records, one per id, and the lines the maps refused. */
struct rt_webhook_batch {
	struct rt_map keys, ids; /* deliveries' keys; records' ids -> their place in lines */
	struct rt_buf out; /* every record made, NDJSON */
	struct {
		size_t off, len;
	} * lines; /* the records kept, in order: where each is in out */
	size_t n, cap;
	struct rt_buf rejected; /* spool lines the maps refused */
	unsigned long deliveries, repeats, refused, copies;
};

extern const char *const rt_webhook_names[RT_WEBHOOK_NSOURCES];

void rt_delivery_init(struct rt_delivery *);
void rt_delivery_free(struct rt_delivery *);
char *rt_webhook_secret(int, char *, size_t);
int rt_webhook_tolerance(const char *, int64_t *);
void rt_webhook_request(const struct rt_cgi *, struct rt_delivery *);
void rt_webhook_verify(const struct rt_webhook *, const struct rt_cgi *, struct rt_delivery *);

void rt_webhook_maps_init(struct rt_webhook_maps *);
void rt_webhook_maps_free(struct rt_webhook_maps *);
int rt_webhook_normalize(struct rt_webhook_maps *, const char *, size_t, struct rt_buf *, char *, size_t);
int rt_webhook_batch(
    struct rt_webhook_maps *, const char *, const char *, size_t, struct rt_webhook_batch *, char *, size_t);
void rt_webhook_batch_free(struct rt_webhook_batch *);

#endif
