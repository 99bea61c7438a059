# shellcheck shell=bash
profile_setup() { profile_records; }
# -o - writes the page on stdout: output there, nothing else written.
profile_stdout() { echo 'rt-dashboard --goal 100000 -o - many.ndjson'; }
