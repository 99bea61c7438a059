# shellcheck shell=bash
profile_setup() { profile_records; }
profile_stdout() { echo 'rt-dedupe many.ndjson'; }
