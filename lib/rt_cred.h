/* Credentials (SPEC section 5): the option's file, the variable, VAR_FILE, then RT_SECRETS_DIR. */
#ifndef RT_CRED_H
#define RT_CRED_H

#include <stddef.h>

/* The shortest secret rt believes: a shorter key, token or password is a mistake, or no secret. */
#define RT_SECRET_MIN 8

char *rt_cred(const char *, const char *, const char *, size_t, char *, size_t);
char *rt_cred_json(const char *, const char *, const char *, size_t, char *, size_t);
const char *rt_secrets_dir(void);
void rt_cred_protect(void);

#endif
