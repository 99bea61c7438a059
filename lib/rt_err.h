/*
 * Diagnostics in the manner of err(3): one line on stderr, prefixed with the
 * program name.
 *
 * Who may end the program: cmd/, which chooses the exit status; rt_cli
 * (--help, --version, a misuse) and rt_fetch (a fetcher's failure, which
 * must not write state), the two frameworks a main hands control to; and
 * the e* allocators below, for memory that is not there.  Every other
 * module of librt returns -1 (or NULL) with the reason in errno or a why
 * buffer, and leaves the choice to its caller.
 */
#ifndef RT_ERR_H
#define RT_ERR_H

#include <stddef.h>

/* Exit statuses shared by every rt program (SPEC section 4). */
enum { RT_EXIT_OK = 0, RT_EXIT_BADINPUT = 1, RT_EXIT_USAGE = 2, RT_EXIT_UPSTREAM = 3, RT_EXIT_IO = 4 };

extern const char *rt_progname;
extern int rt_verbose; /* -v given: log decisions and requests */
extern int rt_quiet; /* -q given: silence warnings */

void rt_setprogname(const char *argv0);
void rt_err(int eval, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void rt_errx(int eval, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void rt_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_why(char *why, size_t whysz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *rt_visible_char(const char *s, size_t n, size_t *len);

/* Allocators that end the program (exit 4) when memory runs out, as sbase's e*. */
void *rt_emalloc(size_t n);
void *rt_ecalloc(size_t n, size_t size);
void *rt_erealloc(void *p, size_t n);
void *rt_egrow(void *p, size_t *cap, size_t need, size_t size);
char *rt_estrdup(const char *s);
char *rt_estrndup(const char *s, size_t n);

#endif
