# shellcheck shell=bash
profile_setup() { profile_records; }
profile_stdout() { echo 'rt-md-update --dry-run tracker.md many.ndjson'; }
