/*
 * stripesig: lib/rt_stripe.c from the shell, for tests/stripe-sig.bats.
 * The body is read from stdin, the signing secret from a file (without
 * its last newline), as a webhook receiver would hold them.
 *
 * usage: stripesig sign secret-file t
 *        stripesig verify secret-file now tolerance header
 *
 * sign prints the Stripe-Signature header for the body at time t; verify
 * prints "ok", or the reason on stderr and exits 1.  Exit 2: usage or I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_stripe.h"

static char *
slurp(FILE *fp, size_t *n)
{
	char *p = NULL;
	size_t cap = 0, r;

	*n = 0;
	do {
		if (*n == cap && (p = realloc(p, cap = cap ? 2 * cap : 4096)) == NULL)
			exit(2);
		r = fread(p + *n, 1, cap - *n, fp);
		*n += r;
	} while (r > 0);
	if (ferror(fp))
		exit(2);
	return p;
}

int
main(int argc, char *argv[])
{
	char why[256], hdr[RT_STRIPE_HEADERSZ], *secret, *body;
	size_t secretlen, bodylen;
	struct rt_stripe_sig sig;
	FILE *fp;

	if (argc < 4 || (fp = fopen(argv[2], "rb")) == NULL) {
		fprintf(stderr, "usage: stripesig sign|verify secret-file ...\n");
		return 2;
	}
	secret = slurp(fp, &secretlen);
	fclose(fp);
	if (secretlen > 0 && secret[secretlen - 1] == '\n')
		secretlen--;
	body = slurp(stdin, &bodylen);
	if (strcmp(argv[1], "sign") == 0 && argc == 4) {
		puts(rt_stripe_sig_format(strtoll(argv[3], NULL, 10), secret, secretlen, body, bodylen, hdr));
		return 0;
	}
	if (strcmp(argv[1], "verify") != 0 || argc != 6) {
		fprintf(stderr, "usage: stripesig sign|verify secret-file ...\n");
		return 2;
	}
	if (rt_stripe_sig_parse(argv[5], strlen(argv[5]), &sig, why, sizeof(why)) == -1 ||
	    rt_stripe_sig_verify(&sig, secret, secretlen, body, bodylen, strtoll(argv[3], NULL, 10),
		strtoll(argv[4], NULL, 10), why, sizeof(why)) == -1) {
		fprintf(stderr, "%s\n", why);
		return 1;
	}
	puts("ok");
	return 0;
}
