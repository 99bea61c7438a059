/* Tables for people (markdown, aligned text) and for spreadsheets (CSV). */
#ifndef RT_TABLE_H
#define RT_TABLE_H

#include <stddef.h>

#include "rt_buf.h"

/* RT_TABLE_CSV_NO_FORMULAS: CSV for a spreadsheet, text cells that would run as formulas neutralised. */
enum rt_table_format { RT_TABLE_MD, RT_TABLE_TEXT, RT_TABLE_CSV, RT_TABLE_CSV_NO_FORMULAS };

struct rt_table {
	size_t ncols;
	int *right; /* right-align column i (numbers) */
	struct rt_buf text; /* cells, NUL-terminated, row after row */
	size_t *cell; /* offsets into text */
	size_t ncells, cap;
};

void rt_table_init(struct rt_table *, size_t);
void rt_table_free(struct rt_table *);
void rt_table_right(struct rt_table *, size_t);
void rt_table_add(struct rt_table *, const char *, size_t);
void rt_table_adds(struct rt_table *, const char *);
void rt_table_render(const struct rt_table *, enum rt_table_format, struct rt_buf *);
void rt_md_cell(struct rt_buf *, const char *, size_t);
void rt_md_row(struct rt_buf *, const char *const *, size_t);

#endif
