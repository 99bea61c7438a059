/* Credentials (SPEC section 5): the option's file, the variable, VAR_FILE, then RT_SECRETS_DIR. */
#ifndef RT_CRED_H
#define RT_CRED_H

#include <stddef.h>

#include "rt_buf.h"

/* One credential of a source: where rt_cred looks for it. */
struct rt_cred_spec {
	const char *optfile; /* the value of its --*-file option, or NULL */
	const char *var; /* its environment variable; VAR_FILE names a file */
	const char *file; /* its file in RT_SECRETS_DIR; NULL for a setting only a variable gives */
	const char *key; /* the member of that file when it is JSON, else NULL */
};

/* How much of a source's credentials is configured. */
enum rt_cred_state { RT_CRED_NONE, RT_CRED_SOME, RT_CRED_ALL };

char *rt_cred(const char *, const char *, const char *, char *, size_t);
char *rt_cred_json(const char *, const char *, const char *, char *, size_t);
const char *rt_secrets_dir(void);
int rt_cred_present(const struct rt_cred_spec *);
enum rt_cred_state rt_cred_configured(const struct rt_cred_spec *, size_t, struct rt_buf *, struct rt_buf *);

#endif
