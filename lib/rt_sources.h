/*
 * The sources rt knows, in the order people see them, with their names for
 * people: one table, share/rt/sources.json, for the tracker and for the
 * messages rt-post's templates write.
 */
#ifndef RT_SOURCES_H
#define RT_SOURCES_H

#include <stddef.h>

#include <jv.h>

int rt_sources_load(char *, size_t);
jv rt_sources_jv(void);
const char *rt_source_title(const char *, char *, size_t);
int rt_source_cmp(const char *, const char *);

#endif
