/*
 * Body templates: jq programs that shape a document before it is sent
 * (share/rt/templates), and the writer that turns their output into JSON
 * with exact decimal numbers.
 */
#ifndef RT_TEMPLATE_H
#define RT_TEMPLATE_H

#include <stddef.h>

#include <jv.h>

#include "rt_buf.h"
#include "rt_jq.h"

/* The tag a template puts around decimal text to have it written as a bare number. */
#define RT_TEMPLATE_NUMBER "$rt_number"

char *rt_template_path(const char *arg);
int rt_template_compile(struct rt_jq *j, const char *arg, jv args, char *why, size_t whysz);
int rt_template_write(struct rt_buf *b, jv v, char *why, size_t whysz);

#endif
