#!/usr/bin/env bats
# The examples/ demo is a test: it runs from a clean state in its own directory and its tracker adds up.

load helper

@test "make demo builds its ledger and tracker in its own directory and prints the snapshot" {
	mkdir out
	echo "the refresh's tracker" >out/revenue-tracker.md
	run --separate-stderr make -s -C "$TOP/examples" demo BIN="$RT_BIN" DEMO="$BATS_TEST_TMPDIR/demo" OUT="$BATS_TEST_TMPDIR/out"
	assert_success
	assert_output - <<'OUT'
currency  source             ytd  last 30 days   projected
EUR       manual        3,200.00
EUR       total         3,200.00      3,200.00    3,593.85
USD       adsbymoney   17,880.68
USD       manual       54,470.00
USD       msn         329,295.45
USD       total       401,646.13     18,261.61  451,079.50
goal $25,000,000.00: 1.61% reached
OUT
	run grep -F 'YTD total: $401,646.13' demo/revenue-tracker.md
	assert_success
	# Every record of the three sources, once: 10 MSN months, 13 AdsByMoney entries, 9 contracts.
	run rt-load --export ndjson demo/ledger.db
	assert_equal "${#lines[@]}" 32
	cmp demo/ledger.ndjson <(rt-load --export ndjson demo/ledger.db)
	# The refresh's files are not the demo's business.
	assert_equal "$(ls out)" revenue-tracker.md
	assert_equal "$(cat out/revenue-tracker.md)" "the refresh's tracker"
}

@test "the demo is make -j safe and idempotent; a corrected contract replaces the old one" {
	make -s -j4 -C "$TOP/examples" demo BIN="$RT_BIN" DEMO="$BATS_TEST_TMPDIR/demo" >/dev/null
	cp demo/revenue-tracker.md first.md
	rm demo/ledger.ndjson
	make -s -j4 -C "$TOP/examples" demo BIN="$RT_BIN" DEMO="$BATS_TEST_TMPDIR/demo" >/dev/null
	cmp first.md demo/revenue-tracker.md
	run sqlite3 demo/ledger.db 'SELECT count(*) FROM revenue_history'
	assert_output 0
	# A typo fixed in the hand-kept CSV: the row gets a new id, the old one is retracted.
	sed 's/PO 4471 site audit/PO 4471 site audit (Acme)/' "$TOP/examples/data/contracts.csv" >contracts.csv
	run make -s -C "$TOP/examples" demo BIN="$RT_BIN" DEMO="$BATS_TEST_TMPDIR/demo" CONTRACTS="$BATS_TEST_TMPDIR/contracts.csv"
	assert_success
	assert_line --index 4 'USD       manual       54,470.00'
	run grep -c 'PO 4471 site audit' demo/revenue-tracker.md
	assert_output 1
	grep -q '| PO 4471 site audit (Acme) |' demo/revenue-tracker.md
}

@test "make install puts programs, maps and pages under DESTDIR, and they run" {
	make -s -C "$TOP" install DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr
	[ -x root/usr/bin/rt-normalize ]
	[ -f root/usr/share/rt/map/msn.jq ]
	[ -f root/usr/share/man/man1/rt-md-update.1 ]
	[ -f root/usr/share/man/man7/rt.7 ]
	echo '{"2026-01": 1}' >m.json
	RT_SHARE_DIR= run env -u RT_SHARE_DIR root/usr/bin/rt-normalize --source msn m.json
	assert_success
	assert_output --partial '"id":"msn:2026-01"'
	make -s -C "$TOP" uninstall DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr
	[ ! -e root/usr/bin/rt-normalize ]
	[ ! -e root/usr/share/rt ]
}
