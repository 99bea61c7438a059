# shellcheck shell=bash
profile_setup() { profile_records; }
profile_stdout() { echo 'rt-aggregate -g id --format table many.ndjson'; }
