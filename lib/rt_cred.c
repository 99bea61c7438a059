/*
 * Secrets are read, in order, from the file an option names, the
 * environment variable, the file the variable with _FILE appended names,
 * then a file in RT_SECRETS_DIR (default .secrets).  A secret is never put
 * in a message: only where it was looked for.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt_buf.h"
#include "rt_cred.h"
#include "rt_err.h"
#include "rt_io.h"
#include "rt_json.h"

/* No credential is anywhere near this long; a file that is was named by mistake. */
#define CRED_MAX 65536

const char *
rt_secrets_dir(void)
{
	const char *d = getenv("RT_SECRETS_DIR");

	return d != NULL && *d != '\0' ? d : ".secrets";
}

/*
 * Says, once a process for each file, that other users can read or write
 * a secret: a program that reads three keys of one JSON file says it once.
 */
static void
warn_exposed(const char *path, mode_t mode)
{
	static char *warned[16];
	size_t i;

	for (i = 0; i < sizeof(warned) / sizeof(warned[0]) && warned[i] != NULL; i++)
		if (strcmp(warned[i], path) == 0)
			return;
	if (i < sizeof(warned) / sizeof(warned[0]))
		warned[i] = rt_estrdup(path);
	rt_notice("%s: other users can %s this secret (mode %04o); chmod o-rw it", path,
	    (mode & S_IROTH) != 0 ? "read" : "write", (unsigned)(mode & 07777));
}

/*
 * The file's content without trailing white space; NULL (errno) when
 * unreadable or empty.  A file other users can read or write is used, with
 * one line that says so, as ssh says of a key file.
 */
static char *
slurp(const char *path)
{
	struct rt_buf b = { 0 };
	struct stat st;
	int fd, rc, saved;
	char *s;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & (S_IROTH | S_IWOTH)) != 0)
		warn_exposed(path, st.st_mode);
	rc = rt_read_fd(fd, &b);
	saved = errno;
	close(fd);
	errno = saved;
	if (rc == -1) {
		rt_buf_free(&b);
		return NULL;
	}
	if (b.len > CRED_MAX) {
		explicit_bzero(b.p, b.cap);
		rt_buf_free(&b);
		errno = EFBIG;
		return NULL;
	}
	while (b.len > 0 &&
	    (b.p[b.len - 1] == '\n' || b.p[b.len - 1] == '\r' || b.p[b.len - 1] == ' ' ||
		b.p[b.len - 1] == '\t'))
		b.len--;
	if (b.len == 0) {
		rt_buf_free(&b);
		errno = ENODATA;
		return NULL;
	}
	s = rt_estrndup(b.p, b.len);
	explicit_bzero(b.p, b.cap);
	rt_buf_free(&b);
	return s;
}

/*
 * Refuses a value shorter than min, naming where it came from but never
 * showing it: "1" as a password masks every 1 in every message, and is no
 * secret anyway.
 */
static char *
long_enough(char *s, size_t min, const char *from, char *why, size_t whysz)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) >= min)
		return s;
	snprintf(why, whysz,
	    "%s is %zu character%s long: a real secret has at least %zu; check that it is all there", from, n,
	    n == 1 ? "" : "s", min);
	explicit_bzero(s, n);
	free(s);
	return NULL;
}

/*
 * Finds one credential.  optfile is the --*-file option (or NULL), var the
 * environment variable, file the name inside RT_SECRETS_DIR; min the
 * shortest value taken (RT_SECRET_MIN for a secret, 0 for a name).  NULL
 * with why set when it is nowhere, a named file cannot be read, or the
 * value is too short.
 */
char *
rt_cred(const char *optfile, const char *var, const char *file, size_t min, char *why, size_t whysz)
{
	char name[256], path[4096], *s;
	const char *v;

	if (optfile != NULL) {
		if ((s = slurp(optfile)) == NULL)
			snprintf(why, whysz, "cannot read %s: %s", optfile, strerror(errno));
		return long_enough(s, min, optfile, why, whysz);
	}
	if ((v = getenv(var)) != NULL && *v != '\0') {
		if (strlen(v) > CRED_MAX) {
			snprintf(why, whysz, "%s is longer than %d bytes: not a credential", var, CRED_MAX);
			return NULL;
		}
		return long_enough(rt_estrdup(v), min, var, why, whysz);
	}
	snprintf(name, sizeof(name), "%s_FILE", var);
	if ((v = getenv(name)) != NULL && *v != '\0') {
		if ((s = slurp(v)) == NULL)
			snprintf(why, whysz, "cannot read %s (from %s): %s", v, name, strerror(errno));
		return long_enough(s, min, v, why, whysz);
	}
	snprintf(path, sizeof(path), "%s/%s", rt_secrets_dir(), file);
	if ((s = slurp(path)) != NULL)
		return long_enough(s, min, path, why, whysz);
	if (errno != ENOENT)
		snprintf(why, whysz, "cannot read %s: %s", path, strerror(errno));
	else
		snprintf(why, whysz, "missing credential: set %s, or %s, or put it in %s", var, name, path);
	return NULL;
}

/* A string member of a JSON credentials file in RT_SECRETS_DIR (AdsByMoney's); min as rt_cred's. */
char *
rt_cred_json(const char *file, const char *key, const char *var, size_t min, char *why, size_t whysz)
{
	struct rt_json_error e;
	char path[4096], from[4200], *s, *out = NULL;
	jv v, m;

	if ((s = rt_cred(NULL, var, file, 0, why, whysz)) == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s_FILE", var);
	if (getenv(var) != NULL && *getenv(var) != '\0')
		return long_enough(s, min, var, why, whysz); /* the variable holds the value itself */
	if (getenv(path) != NULL && *getenv(path) != '\0')
		return long_enough(s, min, getenv(path), why, whysz); /* so does the file VAR_FILE names */
	snprintf(path, sizeof(path), "%s/%s", rt_secrets_dir(), file);
	v = rt_json_parse(s, strlen(s), &e);
	explicit_bzero(s, strlen(s));
	free(s);
	if (!jv_is_valid(v)) {
		jv_free(v);
		snprintf(why, whysz, "%s is not JSON (at byte %zu: %s)", path, e.offset + 1, e.msg);
		return NULL;
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		snprintf(why, whysz, "%s is not a JSON object", path);
		return NULL;
	}
	m = jv_object_get(v, jv_string(key));
	if (jv_get_kind(m) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(m)) > 0) {
		snprintf(from, sizeof(from), "\"%s\" in %s", key, path);
		out = long_enough(rt_estrdup(jv_string_value(m)), min, from, why, whysz);
	} else
		snprintf(why, whysz, "missing credential: set %s, or \"%s\" in %s", var, key, path);
	jv_free(m);
	return out;
}

/*
 * Whether a JSON credentials file holds key as a non-empty string; one
 * that is there but not JSON counts, so that the fetch says what is wrong
 * with it.  The file is wiped from memory once read.
 */
static int
json_has(const char *path, const char *key)
{
	struct rt_json_error e;
	char *s;
	int found;
	jv v, m;

	if ((s = slurp(path)) == NULL)
		return errno != ENOENT && errno != ENODATA;
	v = rt_json_parse(s, strlen(s), &e);
	explicit_bzero(s, strlen(s));
	free(s);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		return 1;
	}
	m = jv_object_get(v, jv_string(key));
	found = jv_get_kind(m) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(m)) > 0;
	jv_free(m);
	return found;
}

/*
 * Whether a credential is configured anywhere rt_cred looks: the option
 * was given, the variable or VAR_FILE is set, or RT_SECRETS_DIR has its
 * file (with the member key, for a JSON file).  Nothing is checked beyond
 * that a place holds something: a fetch that reads it says what is wrong.
 */
int
rt_cred_present(const struct rt_cred_spec *c)
{
	char name[256], path[4096];
	const char *v;

	if (c->optfile != NULL)
		return 1;
	if ((v = getenv(c->var)) != NULL && *v != '\0')
		return 1;
	if (c->file == NULL)
		return 0;
	snprintf(name, sizeof(name), "%s_FILE", c->var);
	if ((v = getenv(name)) != NULL && *v != '\0')
		return 1;
	snprintf(path, sizeof(path), "%s/%s", rt_secrets_dir(), c->file);
	if (c->key != NULL)
		return json_has(path, c->key);
	return access(path, F_OK) == 0;
}

/*
 * Whether a source's n credentials are all configured, none, or some; the
 * variables of those missing are appended to missing ("A, B"), and of
 * those present to present.
 */
enum rt_cred_state
rt_cred_configured(const struct rt_cred_spec *c, size_t n, struct rt_buf *missing, struct rt_buf *present)
{
	size_t i, have = 0;
	struct rt_buf *b;

	for (i = 0; i < n; i++) {
		b = rt_cred_present(&c[i]) ? (have++, present) : missing;
		if (b->len > 0)
			rt_buf_adds(b, ", ");
		rt_buf_adds(b, c[i].var);
	}
	rt_buf_str(missing);
	rt_buf_str(present);
	return have == 0 ? RT_CRED_NONE : have == n ? RT_CRED_ALL : RT_CRED_SOME;
}

/*
 * For a program that holds secrets: no core dump (it would hold them), and
 * not dumpable, so that another process of the same user cannot read its
 * memory or its environment through ptrace or /proc.
 */
void
rt_cred_protect(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
}
