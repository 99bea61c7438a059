/*
 * Checks that rt_feed_parse survives any answer a feed server could send
 * (RSS, Atom, RDF, HTML, broken XML, entities, bytes of any kind), that each
 * item it returns is strings of its own, and that a budget found in any text
 * is exact and whole: a known currency, amounts above nothing, min <= max.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rt_feed.h"
#include "rt_money.h"

static void
whole(const char *s)
{
	/* Reading every byte lets ASan see that it is whole and ends. */
	if (s != NULL)
		FUZZ_CHECK(strlen(s) < SIZE_MAX, "no end");
}

static void
budget(const char *text)
{
	struct rt_budget b;

	if (rt_budget_find(text, &b) == -1) {
		FUZZ_CHECK(!b.found, "not found, but marked found");
		return;
	}
	FUZZ_CHECK(b.found, "found, but not marked");
	FUZZ_CHECK(rt_currency_exponent(b.currency, strlen(b.currency)) >= 0, "currency \"%s\"", b.currency);
	FUZZ_CHECK(b.min >= 0 && b.min <= b.max, "range %lld..%lld", (long long)b.min, (long long)b.max);
	FUZZ_CHECK(b.range || b.min == b.max, "one amount, two values");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_feed f;
	char why[512], *text;
	size_t i;

	if (rt_feed_parse((const char *)data, size, &f, why, sizeof(why)) == 0) {
		for (i = 0; i < f.nitems; i++) {
			whole(f.items[i].id);
			whole(f.items[i].title);
			whole(f.items[i].url);
			whole(f.items[i].summary);
			if (f.items[i].summary != NULL)
				budget(f.items[i].summary);
		}
		rt_feed_free(&f);
	} else
		whole(why);
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	budget(text);
	free(text);
	return 0;
}
