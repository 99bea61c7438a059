/*
 * A CSV file of named columns that rt owns and people also edit by hand (the
 * leads pipeline, the competitors' bids): read forgivingly, written back
 * whole and atomically under a lock (SPEC section 8).
 */
#ifndef RT_SHEET_H
#define RT_SHEET_H

#include <stddef.h>

#include "rt_atomic.h"

enum {
	RT_SHEET_OK = 0,
	RT_SHEET_UNREADABLE = -1, /* the file cannot be opened or read (errno) */
	RT_SHEET_UNLOCKABLE = -2, /* the file cannot be locked for writing (errno) */
	RT_SHEET_NOHEADER = -3, /* the first row names none of the columns */
	RT_SHEET_BADROWS = -4 /* locked to rewrite, but rows that cannot be read would be lost */
};

struct rt_sheet {
	const char *path;
	const char *const *names; /* rt's columns, in the order it writes them; NULL ends */
	size_t nnames;
	char **header; /* rt's columns, then those a person added, as written */
	size_t ncols;
	char **cells; /* row after row, ncols copies each */
	unsigned long *line; /* where each row starts in the file */
	size_t nrows, cap;
	unsigned long nbad; /* rows reported and left out */
	int exists;
	int locked;
	struct rt_atomic lock;
};

int rt_sheet_open(struct rt_sheet *, const char *, const char *const *, int, char *, size_t);
int rt_sheet_exit(int);
const char *rt_sheet_get(const struct rt_sheet *, size_t, size_t);
void rt_sheet_set(struct rt_sheet *, size_t, size_t, const char *);
size_t rt_sheet_append(struct rt_sheet *);
int rt_sheet_write(struct rt_sheet *);
void rt_sheet_close(struct rt_sheet *);

#endif
