/* Incremental state of a fetcher (SPEC section 7): the cursor of its last good run. */
#ifndef RT_STATE_H
#define RT_STATE_H

#include <stddef.h>

#include "rt_buf.h"
#include "rt_date.h"

int rt_state_read(const char *, const char *, rt_day *, char *, size_t);
int rt_state_write(const char *, const char *, rt_day, char *, size_t);
int rt_state_read_cursor(const char *, const char *, struct rt_buf *, char *, size_t);
int rt_state_write_cursor(const char *, const char *, const char *, char *, size_t);

#endif
