/* Tables for people (markdown, aligned text) and for spreadsheets (CSV); markdown cells and rows, written and read. */
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

void rt_table_init(struct rt_table *t, size_t ncols);
void rt_table_free(struct rt_table *t);
void rt_table_right(struct rt_table *t, size_t col);
void rt_table_add(struct rt_table *t, const char *s, size_t n);
void rt_table_adds(struct rt_table *t, const char *s);
void rt_table_render(const struct rt_table *t, enum rt_table_format f, struct rt_buf *out);
void rt_md_cell(struct rt_buf *b, const char *s, size_t n);
void rt_md_row(struct rt_buf *b, const char *const *cells, size_t n);
int rt_table_format_parse(const char *s, enum rt_table_format *f);
size_t rt_md_split(const char *row, size_t n, const char **cell, size_t *len, size_t max);
void rt_md_unescape(const char *cell, size_t n, struct rt_buf *out);

#endif
