/* Credentials (SPEC section 5): the option's file, the variable, VAR_FILE, then RT_SECRETS_DIR. */
#ifndef RT_CRED_H
#define RT_CRED_H

#include <stddef.h>

char *rt_cred(const char *, const char *, const char *, char *, size_t);
char *rt_cred_json(const char *, const char *, const char *, char *, size_t);
const char *rt_secrets_dir(void);

#endif
