#!/usr/bin/env bats
# rt-load on SQLite ledgers: every case of tests/ledger.bash (which
# tests/ledger-pg.bats runs on PostgreSQL too), then what is SQLite's own:
# a file that is no database, WAL mode, a writer that holds the lock.

load helper
load pg
load ledger

LEDGER_DB=sqlite
RACES=100 # two loads at once, this many times
KILLS=200 # SIGKILLs that must land during loads

setup_file() {
	ledger_tools
}

@test "records go in and come back out as they went in: NDJSON byte for byte, CSV with one header" {
	case_load_and_export
}

@test "loading the same records twice changes no record and writes no history" {
	case_twice_changes_nothing
}

@test "a changed record is updated in place and its earlier version kept; the last of an id in a batch wins" {
	case_changed_record_keeps_history
}

@test "--replace retracts the window's records the batch no longer holds, and a record delivered again comes back" {
	case_replace_window
}

@test "a replacement that would retract more than half of its window is refused; --max-retract allows it" {
	case_replace_refuses_too_much
}

@test "a replacement refuses records of another source, and loads nothing" {
	case_replace_refuses_other_sources
}

@test "bad records are reported at file:line and the rest loaded (exit 1); --strict loads nothing" {
	case_bad_records
}

@test "a typo fixed in a hand-kept CSV replaces the old row: the total is not counted twice" {
	case_typo_fix_not_double_counted
}

@test "a ledger with a newer schema is exit 2 and left untouched" {
	case_newer_schema_untouched
}

@test "the queries in share/rt/sql and the revenue_summaries view agree with rt-aggregate" {
	case_queries_agree_with_rt_aggregate
}

@test "lib/rt_ledger.h: records streamed to a callback with filters, and alerts recorded" {
	case_library_interface
}

@test "two loads at once, 100 times, give one of the two serial results" {
	case_two_loads_at_once
}

@test "a load killed with SIGKILL at random points, 200 times, leaves the ledger old or new" {
	case_killed_load
}

@test "a 100,000-row backfill through rt-normalize --csv | rt-load" {
	case_backfill
}

@test "usage errors are exit 2 and touch nothing" {
	case_usage
	[ ! -e ledger.db ]
}

@test "a file that is not an SQLite database is exit 2 and left as it was" {
	echo 'id,amount' >books.csv
	cp books.csv before.csv
	run --separate-stderr rt-load books.csv "$LFIX/base.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-load: books.csv: not an SQLite database'
	cmp books.csv before.csv
	[ ! -e books.csv-wal ]
	run --separate-stderr rt-load --export ndjson books.csv
	assert_failure 2
	# An SQLite database of something else gets rt's tables; one with
	# rt's tables but no version is refused.
	sqlite3 other.db 'CREATE TABLE notes (t TEXT)'
	run rt-load -q other.db "$LFIX/base.ndjson"
	assert_success
	sqlite3 odd.db 'CREATE TABLE revenue_events (id TEXT)'
	run --separate-stderr rt-load odd.db "$LFIX/base.ndjson"
	assert_failure 2
	assert_equal "$stderr" "rt-load: odd.db: has rt's tables but no schema version (PRAGMA user_version is 0)"
	# No ledger to read, or no place to write one.
	run --separate-stderr rt-load --export ndjson none.db
	assert_failure 2
	assert_equal "$stderr" 'rt-load: none.db: No such file or directory'
	[ ! -e none.db ]
	sqlite3 empty.db 'VACUUM'
	run --separate-stderr rt-load --export csv empty.db
	assert_failure 2
	assert_equal "$stderr" 'rt-load: empty.db: no rt ledger there (rt-load creates one)'
	run --separate-stderr rt-load no/such/dir/ledger.db "$LFIX/base.ndjson"
	assert_failure 4
	assert_equal "$stderr" 'rt-load: no/such/dir/ledger.db: unable to open database file'
}

@test "a new ledger is in WAL mode with schema version 1; the sqlite3 CLI reads it while a load writes" {
	rt-load -q ledger.db "$LFIX/base.ndjson"
	run sqlite3 ledger.db 'PRAGMA journal_mode; PRAGMA user_version'
	assert_output $'wal\n1'
	python3 -c '
import sqlite3, subprocess, sys
w = sqlite3.connect("ledger.db", isolation_level=None)
w.execute("BEGIN IMMEDIATE")
w.execute("DELETE FROM revenue_events")
# A reader sees the last commit, never waits.
r = subprocess.run(["sqlite3", "ledger.db", "SELECT count(*) FROM revenue_events"], capture_output=True, text=True)
sys.exit(0 if r.stdout == "6\n" else 1)
'
}

@test "a ledger another writer holds past --wait is exit 4, and the load waits while it is shorter" {
	rt-load -q ledger.db "$LFIX/base.ndjson"
	impact_days 1 >day.ndjson
	python3 -c '
import sqlite3, subprocess, sys, time
w = sqlite3.connect("ledger.db", isolation_level=None)
w.execute("BEGIN IMMEDIATE")
r = subprocess.run(["rt-load", "--wait", "1", "ledger.db", sys.argv[1]], capture_output=True, text=True)
print(r.returncode, r.stderr, end="")
' day.ndjson >out.txt
	assert_equal "$(cat out.txt)" '4 rt-load: ledger.db: the ledger is locked by another writer (waited 1 s)'
	python3 -c '
import sqlite3, subprocess, sys, time
w = sqlite3.connect("ledger.db", isolation_level=None)
w.execute("BEGIN IMMEDIATE")
p = subprocess.Popen(["rt-load", "-q", "--wait", "20", "ledger.db", sys.argv[1]])
time.sleep(1)
w.execute("COMMIT")
sys.exit(p.wait())
' day.ndjson
	run sql ledger.db "SELECT count(*) FROM revenue_events WHERE source = 'impact'"
	assert_output 2
}

@test "--help and --version" {
	run rt-load --help
	assert_success
	assert_line --index 0 'usage: rt-load [-qv] [--strict] [--replace source [--since date] [--until date]'
	run rt-load --version
	assert_output 'rt-load 0.1.0'
}
