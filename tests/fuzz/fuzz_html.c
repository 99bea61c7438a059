/*
 * Checks that rt_html_attr survives any page a web site could send, for each
 * lookup rt-scrape-abm makes, and that what it finds is a string of its own.
 * The value need not be UTF-8 (libxml2 lets a lone surrogate through): rt
 * only sends it back in a form, percent-encoded.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "rt_html.h"

static const char *const lookups[][4] = { { "meta", "name", "csrf-token", "content" },
	{ "meta", "name", "csrf-param", "content" }, { "input", "type", "password", "type" },
	{ "input", "name", "authenticity_token", "value" } };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *found;
	size_t i;

	for (i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		found = rt_html_attr(
		    (const char *)data, size, lookups[i][0], lookups[i][1], lookups[i][2], lookups[i][3]);
		if (found == NULL)
			continue;
		/* Reading every byte of it lets ASan see that it is whole and ends. */
		FUZZ_CHECK(strlen(found) < SIZE_MAX, "no end");
		if (i == 2)
			FUZZ_CHECK(
			    strcasecmp(found, "password") == 0, "type \"%s\" of a password input", found);
		free(found);
	}
	return 0;
}
