/* Incremental state of a fetcher (SPEC section 7): the cursor of its last good run. */
#ifndef RT_STATE_H
#define RT_STATE_H

#include <stddef.h>

#include "rt_buf.h"
#include "rt_date.h"

int rt_state_read(const char *path, const char *source, rt_day *cursor, char *why, size_t whysz);
int rt_state_write(const char *path, const char *source, rt_day cursor, char *why, size_t whysz);
int rt_state_read_cursor(
    const char *path, const char *source, struct rt_buf *cursor, char *why, size_t whysz);
int rt_state_write_cursor(const char *path, const char *source, const char *cursor, char *why, size_t whysz);

#endif
