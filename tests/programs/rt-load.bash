# shellcheck shell=bash
profile_setup() {
	profile_records
	[ -s profile.db ] || rt-load -q profile.db many.ndjson
}
profile_stdout() { echo 'rt-load --export ndjson profile.db'; }
