/* Credentials (SPEC section 5): the option's file, the variable, VAR_FILE, then RT_SECRETS_DIR. */
#ifndef RT_CRED_H
#define RT_CRED_H

#include <stddef.h>

#include "rt_buf.h"

/* The shortest secret rt believes: a shorter key, token or password is a mistake, or no secret. */
#define RT_SECRET_MIN 8

/* One credential of a source: where rt_cred looks for it. */
struct rt_cred_spec {
	const char *optfile; /* the value of its --*-file option, or NULL */
	const char *var; /* its environment variable; VAR_FILE names a file */
	const char *file; /* its file in RT_SECRETS_DIR; NULL for a setting only a variable gives */
	const char *key; /* the member of that file when it is JSON, else NULL */
};

/* How much of a source's credentials is configured. */
enum rt_cred_state { RT_CRED_NONE, RT_CRED_SOME, RT_CRED_ALL };

char *rt_cred(const char *optfile, const char *var, const char *file, size_t min, char *why, size_t whysz);
char *rt_cred_json(const char *file, const char *key, const char *var, size_t min, char *why, size_t whysz);
const char *rt_secrets_dir(void);
void rt_cred_protect(void);
int rt_cred_present(const struct rt_cred_spec *c);
enum rt_cred_state rt_cred_configured(
    const struct rt_cred_spec *c, size_t n, struct rt_buf *missing, struct rt_buf *present);

#endif
