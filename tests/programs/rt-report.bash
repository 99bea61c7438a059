# shellcheck shell=bash
profile_setup() { profile_records; }
profile_stdout() { echo 'rt-report --goal 100000 many.ndjson'; }
