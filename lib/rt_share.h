/* Finding share/rt: jq maps, templates and other data read at run time (SPEC section 1). */
#ifndef RT_SHARE_H
#define RT_SHARE_H

const char *rt_share_dir(void);
char *rt_share_path(const char *rel);

#endif
