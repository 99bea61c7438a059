/*
 * What every fetcher shares: the common options (--since, --until, --state,
 * --state-out, --lookback, -v, -q), the date range, credentials, sending a
 * request and judging its answer, writing raw objects, the closing summary.
 */
#ifndef RT_FETCH_H
#define RT_FETCH_H

#include <jv.h>

#include "rt_buf.h"
#include "rt_cli.h"
#include "rt_date.h"
#include "rt_http.h"
#include "rt_map.h"

/* The options every fetcher has, besides those of rt_cli. */
enum { RT_OPT_LOOKBACK = RT_OPT_LAYER, RT_OPT_SINCE, RT_OPT_STATE, RT_OPT_STATE_OUT, RT_OPT_UNTIL };

#define RT_FETCH_USAGE \
	"[-qv] [--since date] [--until date] [--state file] [--state-out file]\n" \
	"\t[--lookback days] [--tz zone] [--as-of date]"

struct rt_fetch {
	const char *source;
	struct rt_cli cli;
	const char *synopsis[2]; /* RT_FETCH_USAGE and the program's own options */
	const char *since_opt, *until_opt, *state_in, *state_out;
	long lookback;
	rt_day today, since, until;
	/*
	 * A fetcher whose API takes instants (rt_fetch_instants) asks for
	 * [from, to): its state's cursor is an instant, its lookback seconds.
	 */
	int instants;
	long lookback_s;
	int64_t from, to;
	struct rt_http http;
	unsigned long records, pages;
	struct rt_buf line;
	struct rt_map seen; /* cursors and pages already fetched */
	int progress; /* stderr is a terminal */
	/* When set, sees each failure (status, masked message) before the run ends; may take over and exit. */
	void (*on_fail)(struct rt_fetch *, int, const char *);
};

void rt_fetch_init(struct rt_fetch *f, const char *source, long lookback, const char *usage,
    const struct rt_option *options);
void rt_fetch_instants(struct rt_fetch *f, long lookback_seconds);
int rt_fetch_getopt(struct rt_fetch *f, int argc, char **argv);
void rt_fetch_start(struct rt_fetch *);
char *rt_fetch_base(const char *, const char *);
void rt_fetch_query(struct rt_buf *, const char *, const char *);
void rt_fetch_bearer(struct rt_http_req *, const char *, const char *, const char *);
char *rt_fetch_secret(struct rt_fetch *, const char *, const char *, const char *);
void rt_fetch_fail(struct rt_fetch *, int, const char *, ...) __attribute__((noreturn, format(printf, 3, 4)));
void rt_fetch_check(struct rt_fetch *, struct rt_http_req *, int, const char *);
int rt_fetch_send(struct rt_fetch *, struct rt_http_req *, const char *);
jv rt_fetch_json(struct rt_fetch *, struct rt_http_req *);
void rt_fetch_repeat(struct rt_fetch *, const char *, size_t, const char *);
void rt_fetch_emit(struct rt_fetch *, jv);
void rt_fetch_page(struct rt_fetch *);
void rt_fetch_page_at(struct rt_fetch *, const char *);
int rt_fetch_finish(struct rt_fetch *);
const char *rt_fetch_date(rt_day, char *);

#endif
