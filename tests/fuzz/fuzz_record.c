/*
 * Checks that rt_record_parse and rt_record_check survive any line, and that
 * a parsed record written by rt_record_write parses again to the same fields
 * and checks the same way, so rt-dedupe and rt-normalize never change a record
 * by passing it on.
 */
#include <string.h>

#include "fuzz.h"
#include "rt_buf.h"
#include "rt_record.h"

static void
same_fields(const struct rt_record *a, const struct rt_record *b)
{
	int i;

	for (i = 0; i < RT_NFIELDS; i++) {
		FUZZ_CHECK(a->f[i].type == b->f[i].type, "\"%s\" changed type", rt_field_names[i]);
		FUZZ_CHECK(a->f[i].n == b->f[i].n &&
			(a->f[i].n == 0 || memcmp(a->f[i].p, b->f[i].p, a->f[i].n) == 0),
		    "\"%s\" changed value", rt_field_names[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Kept across runs, as the programs keep one record for every line. */
	static struct rt_record a, b;
	static struct rt_buf out, again;
	const char *line = (const char *)data, *nl;
	char whya[256], whyb[256];
	size_t n = size;
	int ca, cb;

	/* A line never holds its newline: rt_reader cuts it off. */
	if ((nl = memchr(line, '\n', n)) != NULL)
		n = (size_t)(nl - line);
	whya[0] = '\0';
	if (rt_record_parse(&a, line, n, whya, sizeof(whya)) == -1) {
		FUZZ_CHECK(whya[0] != '\0', "a refused line has no reason");
		return 0;
	}

	/* The written line is one line, and reads back as what was read. */
	rt_buf_reset(&out);
	rt_record_write(&out, &a);
	FUZZ_CHECK(out.len >= 3 && out.p[out.len - 1] == '\n', "written record does not end in a newline");
	FUZZ_CHECK(memchr(out.p, '\n', out.len - 1) == NULL, "written record spans lines");
	FUZZ_CHECK(rt_record_parse(&b, out.p, out.len - 1, whyb, sizeof(whyb)) == 0,
	    "written record does not parse: %s: %.*s", whyb, (int)out.len - 1, out.p);
	same_fields(&a, &b);
	rt_buf_reset(&again);
	rt_record_write(&again, &b);
	FUZZ_CHECK(
	    again.len == out.len && memcmp(again.p, out.p, out.len) == 0, "writing is not a fixed point");

	/* Both check alike, to the same typed values. */
	whya[0] = whyb[0] = '\0';
	ca = rt_record_check(&a, whya, sizeof(whya));
	cb = rt_record_check(&b, whyb, sizeof(whyb));
	FUZZ_CHECK(ca == cb, "check differs after writing: \"%s\" vs \"%s\"", whya, whyb);
	if (ca == -1) {
		FUZZ_CHECK(whya[0] != '\0', "a refused record has no reason");
		FUZZ_CHECK(strcmp(whya, whyb) == 0, "reasons differ: \"%s\" vs \"%s\"", whya, whyb);
		return 0;
	}
	FUZZ_CHECK(a.date == b.date && a.end_date == b.end_date && a.date <= a.end_date, "dates differ");
	FUZZ_CHECK(a.amount_minor == b.amount_minor && a.exponent == b.exponent && a.kind == b.kind &&
		a.status == b.status,
	    "typed values differ");
	FUZZ_CHECK(a.exponent >= 0 && a.exponent <= 4, "exponent %d", a.exponent);
	return 0;
}
