/*
 * Checks that the CSV reader survives any file, that every row it returns has
 * at least one field, each NUL-terminated inside the row's text and placed on
 * a line of the file, and that rows written back with rt_csv_add_field (as
 * rt-aggregate writes CSV) read again as the same fields.
 */
#include <sys/mman.h>

#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "rt_csv.h"
#include "rt_io.h"

/* The bytes as a file, since the reader takes a file descriptor. */
static int
memfile(const void *p, size_t n)
{
	int fd;

	FUZZ_CHECK((fd = memfd_create("fuzz-csv", MFD_CLOEXEC)) != -1, "memfd_create");
	FUZZ_CHECK(n == 0 || write(fd, p, n) == (ssize_t)n, "write");
	FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek");
	return fd;
}

/* Reads every row of the bytes; with rows != NULL, each row is written into it as CSV. */
static size_t
read_all(const void *p, size_t n, struct rt_buf *rows, size_t *nrows)
{
	struct rt_reader in;
	struct rt_csv c;
	const char *f;
	size_t i, len, total = 0, lines, calls = 0;
	unsigned long last = 0;
	int fd, rc;

	lines = 1;
	for (i = 0; i < n; i++)
		lines += ((const char *)p)[i] == '\n';
	fd = memfile(p, n);
	rt_reader_fd(&in, fd, "<fuzz>");
	FUZZ_CHECK(rt_csv_open(&c, &in) == 0, "rt_csv_open");
	*nrows = 0;
	while ((rc = rt_csv_next(&c)) != 0) {
		FUZZ_CHECK(++calls <= lines + 1, "more rows and errors than lines");
		FUZZ_CHECK(rc == 1 || rc == -3, "rt_csv_next gave %d", rc);
		FUZZ_CHECK(c.row_line >= 1 && c.row_line <= lines && c.row_line >= last,
		    "row at line %lu of %zu, after %lu", c.row_line, lines, last);
		last = c.row_line;
		if (rc == -3) {
			FUZZ_CHECK(c.why[0] != '\0', "a CSV error without a reason");
			continue;
		}
		FUZZ_CHECK(c.nfields >= 1, "a row without fields");
		for (i = 0; i < c.nfields; i++) {
			f = rt_csv_field(&c, i, &len);
			FUZZ_CHECK(
			    f != NULL && f >= c.text.p && f + len < c.text.p + c.text.len && f[len] == '\0',
			    "field %zu is not in the row's text", i);
			total += len;
			if (rows != NULL) {
				if (i > 0)
					rt_buf_addc(rows, ',');
				rt_csv_add_field(rows, f, len);
			}
		}
		FUZZ_CHECK(rt_csv_field(&c, c.nfields, &len) == NULL && len == 0, "a field past the last");
		FUZZ_CHECK(total <= n, "more field text than input");
		if (rows != NULL)
			rt_buf_addc(rows, '\n');
		(*nrows)++;
	}
	rt_csv_close(&c);
	rt_reader_close(&in);
	close(fd);
	return total;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_buf rows = { 0 }, again = { 0 };
	size_t n1, n2, t1, t2;

	t1 = read_all(data, size, &rows, &n1);
	/*
	 * A lone empty field is written as an empty line, which the reader skips,
	 * and a byte order mark is dropped at the start of a file only: neither
	 * reads back, as neither should.  Nor does a CR before a line break in a
	 * quoted field: the reader takes CRLF for a newline everywhere, which is
	 * what a file from Windows needs.
	 */
	if (rows.len > 0 && memmem(rows.p, rows.len, "\n\n", 2) == NULL && rows.p[0] != '\n' &&
	    (rows.len < 3 || memcmp(rows.p, "\xef\xbb\xbf", 3) != 0) &&
	    memmem(rows.p, rows.len, "\r\n", 2) == NULL) {
		t2 = read_all(rows.p, rows.len, &again, &n2);
		FUZZ_CHECK(
		    n1 == n2 && t1 == t2, "%zu rows of %zu bytes read back as %zu of %zu", n1, t1, n2, t2);
		FUZZ_CHECK(again.len == rows.len && memcmp(again.p, rows.p, rows.len) == 0,
		    "rows written back do not read the same:\n%.*s---\n%.*s", (int)rows.len, rows.p,
		    (int)again.len, again.p);
	}
	rt_buf_free(&rows);
	rt_buf_free(&again);
	return 0;
}
