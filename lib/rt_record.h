/*
 * The canonical record (SPEC section 2): a fast reader for one NDJSON line,
 * the checks every record must pass, and the writer that puts keys in order.
 */
#ifndef RT_RECORD_H
#define RT_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_date.h"
#include "rt_io.h"

enum rt_field_id {
	RT_F_ID,
	RT_F_SOURCE,
	RT_F_DATE,
	RT_F_END_DATE,
	RT_F_AMOUNT_MINOR,
	RT_F_CURRENCY,
	RT_F_KIND,
	RT_F_STATUS,
	RT_F_CLIENT,
	RT_F_DESCRIPTION,
	RT_F_TS,
	RT_F_REF,
	RT_F_ENTITY,
	RT_F_RAW,
	RT_NFIELDS
};

enum rt_vtype {
	RT_V_NONE, /* the key is missing */
	RT_V_NULL,
	RT_V_TRUE,
	RT_V_FALSE,
	RT_V_NUMBER,
	RT_V_STRING,
	RT_V_OBJECT,
	RT_V_ARRAY
};

/* rt_record_next: a line that is no record, reported already. */
#define RT_RECORD_BAD (-3)

enum rt_kind { RT_KIND_SALE, RT_KIND_REFUND, RT_KIND_FEE, RT_KIND_CHARGEBACK, RT_KIND_ADJUSTMENT };
enum rt_status { RT_STATUS_COMPLETED, RT_STATUS_PENDING, RT_STATUS_REVERSED };

/* A value: for strings the decoded text, for anything else its JSON text. */
struct rt_value {
	enum rt_vtype type;
	const char *p;
	size_t n;
};

struct rt_field {
	const char *key;
	size_t keylen;
	struct rt_value v;
};

struct rt_record {
	struct rt_value f[RT_NFIELDS];
	struct rt_field *fields; /* every top-level key, in input order */
	size_t nfields, fieldcap;
	struct rt_buf scratch; /* decoded strings with escapes */
	const char *line; /* the line it was read from, by rt_record_next */
	size_t len;

	/* Filled by rt_record_check. */
	rt_day date, end_date;
	int64_t amount_minor;
	int exponent;
	enum rt_kind kind;
	enum rt_status status;
};

extern const char *const rt_field_names[RT_NFIELDS];
extern const char *const rt_kind_names[];
extern const char *const rt_status_names[];

void rt_record_init(struct rt_record *r);
void rt_record_free(struct rt_record *r);
void rt_record_clear(struct rt_record *r);
int rt_record_parse(struct rt_record *r, const char *line, size_t len, char *why, size_t whysz);
int rt_record_next(struct rt_input *in, struct rt_record *r, int check);

/* What rt_record_each calls for each record: 0 go on, 1 skipped (reported), -1 stop (why set). */
typedef int (*rt_record_fn)(struct rt_record *r, void *arg, char *why, size_t whysz);
int rt_record_each(
    struct rt_input *in, int check, rt_record_fn fn, void *arg, int *bad, char *why, size_t whysz);
int rt_record_check(struct rt_record *r, char *why, size_t whysz);
const struct rt_value *rt_record_get(const struct rt_record *r, const char *k, size_t n);
void rt_record_set(struct rt_record *r, enum rt_field_id id, enum rt_vtype t, const char *p, size_t n);
void rt_record_write(struct rt_buf *b, const struct rt_record *r);
int rt_record_key_add(struct rt_buf *b, const struct rt_record *r, const char *k, size_t n);
int rt_field_lookup(const char *k, size_t n);
int rt_source_valid(const char *s, size_t n);

#endif
