/*
 * The freelance pipeline file (platform-revenue-dashboard.csv): its
 * columns, what a lead must hold, the status transitions, the canonical
 * record a won lead becomes, and the tallies of the pipeline report.
 */
#ifndef RT_LEADS_H
#define RT_LEADS_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_date.h"
#include "rt_map.h"
#include "rt_sheet.h"
#include "rt_table.h"

enum rt_lead_col {
	RT_LEAD_ID,
	RT_LEAD_DATE,
	RT_LEAD_PLATFORM,
	RT_LEAD_AGENTS,
	RT_LEAD_TITLE,
	RT_LEAD_URL,
	RT_LEAD_BUDGET,
	RT_LEAD_STATUS,
	RT_LEAD_PROPOSAL_SENT,
	RT_LEAD_CLIENT_RESPONDED,
	RT_LEAD_CONVERTED,
	RT_LEAD_REVENUE,
	RT_LEAD_CURRENCY,
	RT_LEAD_NOTES,
	RT_LEAD_NCOLS
};

enum rt_lead_status {
	RT_LS_PROSPECTING,
	RT_LS_PROPOSAL_SENT,
	RT_LS_NEGOTIATING,
	RT_LS_CLOSED,
	RT_LS_LOST,
	RT_LS_N
};

#define RT_NODAY INT32_MIN /* an empty date cell */

/* Why rt_lead_set refused: a value the field cannot hold, or a change the rules forbid. */
enum { RT_LEAD_BADVALUE = -1, RT_LEAD_REFUSED = -2 };

struct rt_lead {
	const char *cell[RT_LEAD_NCOLS]; /* the row as written */
	enum rt_lead_status status;
	rt_day date, proposal_sent, client_responded, converted;
	char currency[4];
	int exponent;
	int64_t budget, revenue;
	int has_budget, has_revenue;
};

extern const char *const rt_lead_columns[];
extern const char *const rt_lead_status_names[];

int rt_lead_status_parse(const char *, enum rt_lead_status *);
int rt_lead_column(const char *);
int rt_lead_check(const struct rt_sheet *, size_t, struct rt_lead *, char *, size_t);
int rt_lead_find(const struct rt_sheet *, const char *, size_t *, char *, size_t);
int rt_lead_url_taken(const struct rt_sheet *, const char *, size_t, size_t *);
long rt_lead_next_id(const struct rt_sheet *);
int rt_lead_set(struct rt_sheet *, size_t, char *const *, int, int, rt_day, char *, size_t);
void rt_lead_source(const char *, struct rt_buf *);
int rt_lead_export(const struct rt_lead *, struct rt_buf *, char *, size_t);

/* One agent's or platform's leads in the report's range, and the activity of the last week. */
struct rt_lead_tally {
	char *name; /* as first written */
	long leads, proposals, closed, lost, week;
	int64_t days; /* from date to converted, summed over the closed leads */
	struct rt_money_sum {
		char currency[4];
		int64_t minor;
	} * revenue;
	size_t nrevenue;
};

struct rt_lead_tallies {
	struct rt_map index; /* lower-case name to place */
	struct rt_lead_tally *t;
	size_t n, cap;
};

struct rt_lead_report {
	rt_day from, to; /* the leads counted: dated in from..to */
	rt_day week_from, week_to; /* the week the activity rule looks at */
	long status[RT_LS_N], leads;
	struct rt_lead_tallies agents, platforms;
};

void rt_lead_report_init(struct rt_lead_report *, rt_day, rt_day, rt_day);
int rt_lead_report_add(struct rt_lead_report *, const struct rt_lead *, char *, size_t);
void rt_lead_report_sort(struct rt_lead_report *);
const struct rt_lead_tally *rt_lead_best(const struct rt_lead_tallies *);
int rt_lead_better(const struct rt_lead_tally *, const struct rt_lead_tally *);
void rt_lead_report_free(struct rt_lead_report *);
void rt_lead_report_render(struct rt_buf *, const struct rt_lead_report *, int, enum rt_table_format);

#endif
