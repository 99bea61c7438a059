#!/usr/bin/env bats
# The ledger on PostgreSQL: every case of tests/ledger.bash (which
# tests/rt-load.bats runs on SQLite) against a real PostgreSQL 15 server
# that this file starts on a Unix socket in a directory of its own
# (tests/pg.bash) and stops at the end, failed or not; then what is
# PostgreSQL's own: a server not there, a writer that holds the lock, a
# password kept out of messages, and rt-load(1)'s EXAMPLES.

load helper
load pg
load man
load ledger

LEDGER_DB=postgresql
RACES=100
# Each kill costs a wait for the server to finish the dead session and,
# half the time, a reload: 40 here, 200 on SQLite (tests/rt-load.bats).
KILLS=40

setup_file() {
	pg_start
	ledger_tools
}

teardown_file() {
	pg_stop
}

@test "postgresql: records go in and come back out as they went in: NDJSON byte for byte, CSV with one header" {
	case_load_and_export
}

@test "postgresql: loading the same records twice changes no record and writes no history" {
	case_twice_changes_nothing
}

@test "postgresql: a changed record is updated in place and its earlier version kept; the last of an id in a batch wins" {
	case_changed_record_keeps_history
}

@test "postgresql: --replace retracts the window's records the batch no longer holds, and a record delivered again comes back" {
	case_replace_window
}

@test "postgresql: a replacement that would retract more than half of its window is refused; --max-retract allows it" {
	case_replace_refuses_too_much
}

@test "postgresql: a replacement refuses records of another source, and loads nothing" {
	case_replace_refuses_other_sources
}

@test "postgresql: bad records are reported at file:line and the rest loaded (exit 1); --strict loads nothing" {
	case_bad_records
}

@test "postgresql: a typo fixed in a hand-kept CSV replaces the old row: the total is not counted twice" {
	case_typo_fix_not_double_counted
}

@test "postgresql: a ledger with a newer schema is exit 2 and left untouched" {
	case_newer_schema_untouched
}

@test "postgresql: the queries in share/rt/sql and the revenue_summaries view agree with rt-aggregate" {
	case_queries_agree_with_rt_aggregate
}

@test "postgresql: lib/rt_ledger.h: records streamed to a callback with filters, and alerts recorded" {
	case_library_interface
}

@test "postgresql: two loads at once, 100 times, give one of the two serial results" {
	case_two_loads_at_once
}

@test "postgresql: a load killed with SIGKILL at random points, 40 times, leaves the ledger old or new" {
	case_killed_load
}

@test "postgresql: a 100,000-row backfill through rt-normalize --csv | rt-load" {
	case_backfill
}

@test "postgresql: usage errors are exit 2 and touch nothing" {
	case_usage
}

@test "a server that is not there is exit 3; a password in the URI never reaches stderr" {
	run --separate-stderr rt-load "postgresql:///rt?host=$BATS_TEST_TMPDIR/nothing" "$LFIX/base.ndjson"
	assert_failure 3
	assert_equal "$stderr" "rt-load: postgresql:///rt?host=$BATS_TEST_TMPDIR/nothing: cannot reach the ledger: connection to server on socket \"$BATS_TEST_TMPDIR/nothing/.s.PGSQL.5432\" failed: No such file or directory"
	run --separate-stderr rt-load --export ndjson "postgresql://rt:Sup3rSecretPassw0rd@/nodb?host=$BATS_TEST_TMPDIR/nothing&password=An0therSecret99"
	assert_failure 3
	[[ "$stderr" == *'postgresql://rt:****w0rd@/nodb?host='*'&password=****et99: cannot reach'* ]] || fail "$stderr"
	[[ "$stderr" != *Sup3rSecret* && "$stderr" != *An0ther* ]]
	# A database with no ledger is exit 2 to a reader.
	run --separate-stderr rt-load --export ndjson "$(pg_db empty)"
	assert_failure 2
	assert_equal "$stderr" 'rt-load: postgresql:///empty: no rt ledger there (rt-load creates one)'
}

@test "a ledger another writer holds past --wait is exit 4; readers never wait" {
	L=$(pg_db locked)
	rt-load -q "$L" "$LFIX/base.ndjson"
	impact_days 1 >day.ndjson
	# A writer (another rt-load's lock) holds the ledger for 4 seconds.
	psql -X -q -d locked -c 'BEGIN' -c 'SELECT pg_advisory_xact_lock(7461820196)' -c 'SELECT pg_sleep(4)' -c 'COMMIT' >/dev/null &
	sleep 1
	run --separate-stderr rt-load --wait 1 "$L" day.ndjson
	assert_failure 4
	assert_equal "$stderr" 'rt-load: postgresql:///locked: the ledger is locked by another writer (waited 1 s)'
	run rt-load --export ndjson "$L"
	assert_success
	assert_equal "${#lines[@]}" 6
	run rt-load -q --wait 20 "$L" day.ndjson
	assert_success
	wait
	run sql "$L" "SELECT count(*) FROM revenue_events"
	assert_output 7
}

@test "rt-load(1) EXAMPLES run as shown, with sqlite3 and psql" {
	pg_db rt >/dev/null
	mkdir -p examples
	cp -R "$TOP/examples/data" examples/
	ln -s "$TOP/share" share
	cd examples
	run_man_examples "$TOP/man/rt-load.1"
}
