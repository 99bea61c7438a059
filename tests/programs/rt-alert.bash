# shellcheck shell=bash
profile_setup() { profile_records; }
# Every record of the year is large: an alert a record, many pipe buffers of them.
profile_stdout() { echo 'rt-alert --days 366 --large 0.01 many.ndjson'; }
