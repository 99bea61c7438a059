/*
 * Alert rules over day-by-day totals (rt_daily): a day far outside a
 * source's pattern, a source gone silent, a threshold crossed, a large
 * transaction, a spike of refunds.  Each alert has an id that names what
 * it is about, so that it fires once however often the rules run.
 */
#ifndef RT_ALERT_H
#define RT_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_daily.h"
#include "rt_map.h"
#include "rt_record.h"

enum rt_rule {
	RT_RULE_ANOMALY,
	RT_RULE_SILENT,
	RT_RULE_THRESHOLD,
	RT_RULE_LARGE,
	RT_RULE_REFUND_SPIKE,
	RT_NRULES
};

#define RT_ALERT_WINDOW 28 /* days of history a day is judged against */

/* --threshold [source=][<|>]amount[:currency]: a day's net below (or above) amount. */
struct rt_threshold {
	char *source; /* NULL: every source of the currency together */
	char currency[4];
	int above;
	int64_t amount;
};

/* --large amount[:currency]: a single record of at least this size. */
struct rt_limit {
	char currency[4];
	int64_t amount;
};

struct rt_alert_config {
	unsigned rules; /* 1 << enum rt_rule for each rule that runs */
	int days; /* the days checked, ending on the as-of date */
	double anomaly_z; /* a scale, not money: how many MADs (times 1.4826) from the median */
	int anomaly_pct; /* and how far from the median, in percent of it */
	int min_history; /* days a source has had records before its days are judged */
	int silent_days; /* days without a record that make a daily source silent */
	int daily_days; /* days of the 28 with a record that make a source daily */
	int refund_pct; /* a day's refunds beyond this percent of the average daily sales */
	int refund_min; /* and at least this many refunds and chargebacks */
	struct rt_threshold *thresholds;
	size_t nthresholds;
	struct rt_limit *large;
	size_t nlarge;
};

struct rt_alert {
	char *id;
	enum rt_rule rule;
	const char *severity; /* info, warning or critical */
	char *source; /* NULL: every source */
	char currency[4]; /* "" for a rule about records, not money */
	rt_day date;
	int64_t value, expected;
	char *message;
};

struct rt_alerts {
	struct rt_alert_config cfg;
	rt_day as_of, first; /* the days checked: first..as_of */
	struct rt_daily daily;
	struct rt_alert *list;
	size_t n, cap;
	struct rt_map ids;
};

extern const char *const rt_rule_names[RT_NRULES];

void rt_alert_defaults(struct rt_alert_config *cfg);
void rt_alert_config_free(struct rt_alert_config *cfg);
int rt_threshold_parse(struct rt_threshold *t, const char *spec);
void rt_alerts_init(struct rt_alerts *alerts, const struct rt_alert_config *cfg, rt_day as_of);
void rt_alerts_free(struct rt_alerts *alerts);
int rt_alerts_add(struct rt_alerts *alerts, const struct rt_record *rec, char *why, size_t whysz);
void rt_alerts_run(struct rt_alerts *alerts);
void rt_alert_json(struct rt_buf *b, const struct rt_alert *alert);

#endif
