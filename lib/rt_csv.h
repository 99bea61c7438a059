/* CSV through libcsv: rows with the line they start on, and quoting for output. */
#ifndef RT_CSV_H
#define RT_CSV_H

#include <csv.h>
#include <stddef.h>

#include "rt_buf.h"
#include "rt_io.h"

struct rt_csv {
	struct csv_parser parser;
	struct rt_reader *in;
	struct rt_buf text; /* the fields of the current row, NUL after each */
	size_t *off, *len;
	size_t nfields, cap;
	unsigned long row_line; /* where the current row began */
	int row_open, row_done, done;
	char why[128];
};

int rt_csv_open(struct rt_csv *c, struct rt_reader *in);
int rt_csv_next(struct rt_csv *c);
const char *rt_csv_field(const struct rt_csv *c, size_t i, size_t *n);
void rt_csv_close(struct rt_csv *c);
void rt_csv_delimiter(struct rt_csv *c, char delim);
void rt_csv_add_field(struct rt_buf *b, const char *s, size_t n);

#endif
