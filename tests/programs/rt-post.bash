# shellcheck shell=bash
profile_setup() {
	profile_records 2000
	fake_start convex
}
# -n prints each body instead of sending it: output on stdout, nothing posted.
profile_stdout() { echo "rt-post -n --each $FAKE_URL/revenue many.ndjson"; }
