#!/usr/bin/env bats
# The examples/ refresh is a test: the demo runs from a clean state and its tracker adds up.

load helper

@test "make demo builds the ledger and tracker and prints the snapshot" {
	run --separate-stderr make -s -C "$TOP/examples" demo BIN="$RT_BIN" OUT="$BATS_TEST_TMPDIR/out"
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
	run grep -F 'YTD total: $401,646.13' out/revenue-tracker.md
	assert_success
	# Every record of the three sources, once: 10 MSN months, 13 AdsByMoney entries, 9 contracts.
	run wc -l <out/ledger.ndjson
	assert_success
	assert_output '32'
}

@test "the demo is make -j safe and idempotent" {
	make -s -j4 -C "$TOP/examples" demo BIN="$RT_BIN" OUT="$BATS_TEST_TMPDIR/out" >/dev/null
	cp out/revenue-tracker.md first.md
	rm out/ledger.ndjson
	make -s -j4 -C "$TOP/examples" demo BIN="$RT_BIN" OUT="$BATS_TEST_TMPDIR/out" >/dev/null
	cmp first.md out/revenue-tracker.md
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
