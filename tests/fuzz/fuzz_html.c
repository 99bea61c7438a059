/*
 * Checks that rt_html_attr survives any page a web site could send, for each
 * lookup rt-scrape-abm makes, and that what it finds is a string of its own
 * in UTF-8, whatever the page's encoding.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "rt_html.h"
#include "rt_json.h"

static const char *const lookups[][4] = {
	{ "meta", "name", "csrf-token", "content" },
	{ "meta", "name", "csrf-param", "content" },
	{ "input", "type", "password", "type" },
	{ "input", "name", "authenticity_token", "value" },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *found;
	size_t i;

	for (i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		found = rt_html_attr((const char *)data, size, lookups[i][0], lookups[i][1],
		    lookups[i][2], lookups[i][3]);
		if (found == NULL)
			continue;
		FUZZ_CHECK(rt_utf8_check(found, strlen(found)) == strlen(found), "%s=\"%s\" is not UTF-8",
		    lookups[i][3], found);
		if (i == 2)
			FUZZ_CHECK(strcasecmp(found, "password") == 0, "type \"%s\" of a password input", found);
		free(found);
	}
	return 0;
}
