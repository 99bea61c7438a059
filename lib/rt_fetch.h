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
#include "rt_cred.h"
#include "rt_date.h"
#include "rt_http.h"
#include "rt_map.h"

#define RT_MAX_PAGES 10000 /* pages one fetch may be handed, unless RT_MAX_PAGES says */

/* The options every fetcher has, besides those of rt_cli. */
enum {
	RT_OPT_LOOKBACK = RT_OPT_LAYER,
	RT_OPT_SINCE,
	RT_OPT_STATE,
	RT_OPT_STATE_OUT,
	RT_OPT_UNTIL,
	RT_OPT_CONFIGURED
};

#define RT_FETCH_USAGE \
	"[-qv] [--since date] [--until date] [--state file] [--state-out file]\n" \
	"\t[--lookback days] [--tz zone] [--as-of date] [--configured]"

struct rt_fetch {
	const char *source;
	struct rt_cli cli;
	const char *synopsis[2]; /* RT_FETCH_USAGE and the program's own options */
	const char *since_opt, *until_opt, *state_in, *state_out;
	long lookback;
	rt_day today, since, until;
	int from_state; /* since is the state's cursor less the lookback: an incremental run */
	/*
	 * A fetcher whose API takes instants (rt_fetch_instants) asks for
	 * [from, to): its state's cursor is an instant, its lookback seconds.
	 */
	int instants;
	long lookback_s;
	int64_t from, to;
	struct rt_http http;
	unsigned long records, pages;
	unsigned long max_pages; /* RT_MAX_PAGES: pages or cursors one fetch may be handed */
	struct rt_buf line;
	struct rt_map seen; /* cursors and pages already fetched */
	int progress; /* stderr is a terminal */
	int configured; /* --configured: only say whether the credentials are there */
	/* When set, sees each failure (status, masked message) before the run ends; may take over and exit. */
	void (*on_fail)(struct rt_fetch *f, int status, const char *msg);
	const char *step; /* the step under way, which a fallback names when it fails */
	const char *fallback_path; /* --fallback: the hand-kept file, which rt_fetch_fallback ... */
	jv fallback; /* ... reads and checks at the start */
	int refused; /* the source refused the credentials: no fallback mends that */
};

void rt_fetch_init(struct rt_fetch *f, const char *source, long lookback, const char *usage,
    const struct rt_option *options);
void rt_fetch_instants(struct rt_fetch *f, long lookback_seconds);
int rt_fetch_getopt(struct rt_fetch *f, int argc, char **argv);
void rt_fetch_configured(struct rt_fetch *f, const struct rt_cred_spec *creds, size_t ncreds);
void rt_fetch_answer(struct rt_fetch *f, enum rt_cred_state st, const char *missing, const char *present,
    const char *where) __attribute__((noreturn));
void rt_fetch_start(struct rt_fetch *f);
char *rt_fetch_url(const char *var, const char *def);
struct rt_window;
/*
 * The range as calendar months, from the 1st of the month of since (said
 * with -v when since was not a 1st): a month asked for always starts on
 * the same day, so that its records keep their ids from run to run.
 */
size_t rt_fetch_months(struct rt_fetch *f, struct rt_window **w);
void rt_fetch_query(struct rt_buf *url, const char *name, const char *value);
void rt_fetch_bearer(struct rt_http_req *r, const char *method, const char *url, const char *token);
char *rt_fetch_secret(struct rt_fetch *f, const char *optfile, const char *var, const char *file);
char *rt_fetch_account(struct rt_fetch *f, const char *optfile, const char *var, const char *file);
void rt_fetch_fail(struct rt_fetch *f, int status, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void rt_fetch_fallback(struct rt_fetch *f);
void rt_fetch_fall_back(struct rt_fetch *f, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
void rt_fetch_check(struct rt_fetch *f, struct rt_http_req *r, int result, const char *cred);
void rt_fetch_send(struct rt_fetch *f, struct rt_http_req *r, const char *cred);
jv rt_fetch_json(struct rt_fetch *f, struct rt_http_req *r);
void rt_fetch_repeat(struct rt_fetch *f, const char *key, size_t n, const char *what);
void rt_fetch_emit(struct rt_fetch *f, jv v);
void rt_fetch_page(struct rt_fetch *f);
void rt_fetch_page_at(struct rt_fetch *f, const char *where);
int rt_fetch_finish(struct rt_fetch *f);
const char *rt_fetch_date(rt_day d, char *buf);

#endif
