/*
 * Competitors' bids as rt-competitor keeps them: the columns of the file,
 * what a sighting must hold, our own rates, and the report's figures:
 * activity and win rates, typical bids, pricing per platform, undercuts.
 */
#ifndef RT_BIDS_H
#define RT_BIDS_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_date.h"
#include "rt_sheet.h"
#include "rt_table.h"

enum rt_bid_col {
	RT_BID_DATE,
	RT_BID_NAME,
	RT_BID_PLATFORM,
	RT_BID_JOB,
	RT_BID_BID,
	RT_BID_CURRENCY,
	RT_BID_TYPE,
	RT_BID_OUTCOME,
	RT_BID_NOTES,
	RT_BID_NCOLS
};

extern const char *const rt_bid_columns[];

/* One sighting, checked; the strings are the sheet's. */
struct rt_bid {
	const char *name, *platform, *job;
	char currency[4];
	int hourly;
	int outcome; /* 'w'on, 'l'ost or 'p'ending */
	int64_t minor;
	rt_day date;
	size_t index; /* its place among the bids reported, for "first seen" */
};

/* One of our rates, from the config. */
struct rt_rate {
	char *platform;
	int hourly;
	char currency[4];
	int64_t minor;
};

struct rt_rates {
	struct rt_rate *r;
	size_t n;
	long undercut; /* percent below ours that alerts; 20 unless the config says */
};

int rt_bid_check(const struct rt_sheet *, size_t, struct rt_bid *, char *, size_t);
int rt_rates_load(struct rt_rates *, const char *, char *, size_t);
void rt_rates_free(struct rt_rates *);
void rt_bids_report(struct rt_buf *, struct rt_bid *, size_t, const struct rt_rates *, enum rt_table_format);

#endif
