/*
 * Job feeds: RSS 2.0 (and 0.9x), RSS 1.0 and Atom 1.0 read with libxml2
 * into items, and the budget a job's text states.
 */
#ifndef RT_FEED_H
#define RT_FEED_H

#include <stddef.h>
#include <stdint.h>

/* A budget as a job's text states it: "Budget: $500", "Hourly Range: $25.00-$50.00". */
struct rt_budget {
	int found;
	int hourly;
	int range; /* min..max; else min == max */
	char currency[4];
	int64_t min, max; /* minor units */
};

struct rt_feed_item {
	char *id, *title, *url, *summary; /* summary: the description as plain text */
	int64_t published; /* seconds since the epoch, when has_published */
	int has_published;
};

struct rt_feed {
	const char *kind; /* "RSS" or "Atom" */
	struct rt_feed_item *items;
	size_t nitems;
};

int rt_feed_parse(const char *, size_t, struct rt_feed *, char *, size_t);
void rt_feed_free(struct rt_feed *);
int rt_budget_find(const char *, struct rt_budget *);

#endif
