# shellcheck shell=bash
# The ledger's cases, written once and run against each database:
# tests/rt-load.bats runs them on SQLite files, tests/ledger-pg.bats on a
# PostgreSQL server of its own (tests/pg.bash).  LEDGER_DB says which;
# ledger_new gives a new empty ledger of that kind, sql queries one.

LFIX="$TOP/tests/fixtures/ledger"

# ledger_new [NAME]: a new, empty ledger; its path or URI on stdout.
ledger_new() {
	case $LEDGER_DB in
	sqlite) echo "$BATS_TEST_TMPDIR/${1:-ledger}.db" ;;
	postgresql) pg_db "t${BATS_TEST_NUMBER}_${1:-ledger}" ;;
	esac
}

# sql LEDGER QUERY...: the rows, columns separated by |, NULL as nothing.
sql() {
	local l=$1 q args=()
	shift
	case $LEDGER_DB in
	sqlite)
		q=$(printf '%s;' "$@")
		sqlite3 "$l" "$q"
		;;
	postgresql)
		for q in "$@"; do
			args+=(-c "$q")
		done
		psql -X -q -A -t -F'|' -v ON_ERROR_STOP=1 -d "${l#postgresql:///}" "${args[@]}"
		;;
	esac
}

# settle LEDGER: waits until no other session works on the ledger.  A client
# killed mid-load leaves the server finishing (and aborting, or, when COMMIT
# had gone, committing) its transaction a moment later.
settle() {
	local i
	[ "$LEDGER_DB" = postgresql ] || return 0
	for i in $(seq 1 200); do
		[ "$(sql "$1" "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")" = 0 ] &&
			return 0
		sleep 0.05
	done
	return 1
}

# set_version LEDGER N: the schema version the ledger says it has.
set_version() {
	case $LEDGER_DB in
	sqlite) sqlite3 "$1" "PRAGMA user_version = $2" ;;
	postgresql) sql "$1" "UPDATE rt_schema SET version = $2" >/dev/null ;;
	esac
}

# reset LEDGER: no records, no loads, no history (ids of loads from 1 again).
reset_ledger() {
	case $LEDGER_DB in
	sqlite) rm -f "$1" "$1-wal" "$1-shm" ;;
	postgresql) sql "$1" 'TRUNCATE revenue_history, revenue_events, revenue_loads, revenue_alerts RESTART IDENTITY' >/dev/null ;;
	esac
}

# Canonical records: impact days of November, N of them from day FIRST, amounts from AMOUNT up.
impact_days() {
	awk -v n="$1" -v first="${2:-1}" -v amount="${3:-1000}" 'BEGIN { for (i = 0; i < n; i++)
		printf "{\"id\":\"impact:2026-11-%02d\",\"source\":\"impact\",\"date\":\"2026-11-%02d\",\"amount_minor\":%d,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\",\"description\":\"impact.com performance 2026-11-%02d\"}\n",
		    first + i, first + i, amount + i, first + i }'
}

# The ledger's whole state as text: every row of every table but the load
# times and ids (a PostgreSQL sequence moves on in a transaction that is
# rolled back), loads and history in the order of the loads.
dump() {
	sql "$1" "SELECT id, source, date, end_date, amount_minor, currency, kind, status, client, description, ts, ref, entity, raw, CASE WHEN retracted_at IS NULL THEN 'current' ELSE 'retracted' END FROM revenue_events ORDER BY id" \
		"SELECT id, amount_minor, status, change FROM revenue_history ORDER BY load_id, id, change" \
		"SELECT 'load', replace_source, records, inserted, changed, unchanged, restored, retracted FROM revenue_loads ORDER BY load_id"
}

case_load_and_export() {
	local L
	L=$(ledger_new)
	run --separate-stderr rt-load "$L" "$LFIX/base.ndjson"
	assert_success
	assert_equal "$stderr" "rt-load: $L: 6 records: 6 new, 0 changed, 0 unchanged, 0 restored, 0 retracted"
	assert_output ''
	# The records come back byte for byte as rt-normalize writes them (raw
	# untouched), in order of date, then id; retracted ones would not.
	run rt-load --export ndjson "$L"
	assert_success
	assert_output "$(jq -sc 'sort_by(.date, .id) | .[]' "$LFIX/base.ndjson" | while read -r k; do
		grep -F "\"id\":$(jq -c .id <<<"$k")," "$LFIX/base.ndjson"; done)"
	run rt-load --export csv "$L"
	assert_success
	assert_output - <<'OUT'
id,source,date,end_date,amount_minor,currency,kind,status,client,description,ts,ref,entity,raw
close:1,close,2026-03-01,,10000,USD,sale,completed,"Ünïcode ""Co""","tab	here, comma",,,,
msn:2026-03,msn,2026-03-01,2026-03-31,3100001,USD,sale,completed,,MSN statement 2026-03,,,,
stripe:ch_1,stripe,2026-03-02,,2500,EUR,sale,completed,,,2026-03-02T10:00:00Z,,,"{""id"":""ch_1"",""amount"":2500,""nested"":{""a"":[1,2.50,""x\u00e9""]}}"
stripe:fee_1,stripe,2026-03-02,,-75,EUR,fee,completed,,,,stripe:ch_1,,
impact:2026-03-05,impact,2026-03-05,,999,USD,sale,pending,,,,,studio,
close:2,close,2026-03-06,,5000,JPY,sale,reversed,,,,,,
OUT
	# Filters: a source, a range of dates (of a record's first day).
	run rt-load --export ndjson --source stripe --since 2026-03-02 --until 2026-03-02 "$L"
	assert_success
	assert_equal "${#lines[@]}" 2
	run rt-load --export csv --since 2026-03-03 "$L"
	assert_equal "${#lines[@]}" 3
	# rt-aggregate reads the export as it reads any records.
	run bash -c "rt-load --export ndjson '$L' | rt-aggregate -g source | jq -c 'select(.source == \"close\") | [.currency, .count, .net_minor]'"
	assert_success
	# close:2 is reversed: it counts nowhere, not even as a JPY group.
	assert_output '["USD",1,10000]'
}

case_twice_changes_nothing() {
	local L before
	L=$(ledger_new)
	rt-load -q "$L" "$LFIX/base.ndjson"
	before=$(dump "$L")
	run --separate-stderr rt-load "$L" "$LFIX/base.ndjson"
	assert_success
	assert_equal "$stderr" "rt-load: $L: 6 records: 0 new, 0 changed, 6 unchanged, 0 restored, 0 retracted"
	# The records and their history are as they were; only the second load is told of.
	assert_equal "$(dump "$L" | sed '$d')" "$before"
	run sql "$L" 'SELECT count(*) FROM revenue_history'
	assert_output 0
}

case_changed_record_keeps_history() {
	local L
	L=$(ledger_new)
	rt-load -q "$L" "$LFIX/base.ndjson"
	# close:1 is corrected (amount, description), stripe:ch_1 delivered twice in one batch: the last wins.
	{
		grep '"close:1"' "$LFIX/base.ndjson" | sed 's/"amount_minor":10000/"amount_minor":12000/; s/tab\\there, comma/Audit/'
		grep '"id":"stripe:ch_1"' "$LFIX/base.ndjson" | sed 's/"amount_minor":2500/"amount_minor":1/'
		grep '"id":"stripe:ch_1"' "$LFIX/base.ndjson"
	} >b.ndjson
	run --separate-stderr rt-load "$L" b.ndjson
	assert_success
	assert_equal "$stderr" "rt-load: $L: 2 records: 0 new, 1 changed, 1 unchanged, 0 restored, 0 retracted"
	run sql "$L" "SELECT id, amount_minor, description, change, load_id FROM revenue_history"
	assert_output 'close:1|10000|tab	here, comma|changed|2'
	run sql "$L" "SELECT amount_minor, description FROM revenue_events WHERE id = 'close:1'"
	assert_output '12000|Audit'
}

case_replace_window() {
	local L
	L=$(ledger_new)
	rt-load -q "$L" "$LFIX/base.ndjson"
	impact_days 20 | rt-load -q --replace impact --since 2026-11-01 --until 2026-11-20 "$L"
	# impact revises: days 5 and 6 drop to nothing, day 7 changes; the
	# window is 3..20, so days 1 and 2 (outside it) stay, and so do the
	# other sources' records and impact's of March.
	{ impact_days 2 3 1002; impact_days 1 7 5; impact_days 13 8 1007; } >revised.ndjson
	run --separate-stderr rt-load --replace impact --since 2026-11-03 --until 2026-11-20 "$L" revised.ndjson
	assert_success
	assert_equal "$stderr" "rt-load: $L: 16 records: 0 new, 1 changed, 15 unchanged, 0 restored, 2 retracted"
	run sql "$L" "SELECT id FROM revenue_events WHERE retracted_at IS NOT NULL ORDER BY id"
	assert_output $'impact:2026-11-05\nimpact:2026-11-06'
	run rt-load --export ndjson --source impact "$L"
	assert_equal "${#lines[@]}" 19
	run sql "$L" "SELECT id, change FROM revenue_history ORDER BY id, change"
	assert_output $'impact:2026-11-05|retracted\nimpact:2026-11-06|retracted\nimpact:2026-11-07|changed'
	run sql "$L" "SELECT replace_source, since, until, retracted FROM revenue_loads WHERE load_id = 3"
	assert_output 'impact|2026-11-03|2026-11-20|2'
	# Day 5 comes back: restored, with its earlier state kept.
	impact_days 1 5 >back.ndjson
	run --separate-stderr rt-load "$L" back.ndjson
	assert_equal "$stderr" "rt-load: $L: 1 records: 0 new, 0 changed, 0 unchanged, 1 restored, 0 retracted"
	run sql "$L" "SELECT count(*) FROM revenue_events WHERE retracted_at IS NULL AND source = 'impact'"
	assert_output 20
	run sql "$L" "SELECT change FROM revenue_history WHERE id = 'impact:2026-11-05' ORDER BY load_id"
	assert_output $'retracted\nrestored'
}

case_replace_refuses_too_much() {
	local L before
	L=$(ledger_new)
	impact_days 10 | rt-load -q "$L"
	before=$(dump "$L")
	# An upstream that answers nothing would retract all ten: refused, nothing loaded.
	: >empty.ndjson
	run --separate-stderr rt-load --replace impact --since 2026-11-01 --until 2026-11-30 "$L" empty.ndjson
	assert_failure 1
	assert_equal "$stderr" "rt-load: $L: replacing impact 2026-11-01..2026-11-30 would retract 10 of its 10 records (100%), more than --max-retract 50% allows; nothing loaded"
	assert_equal "$(dump "$L")" "$before"
	# Six of ten is more than half: refused; five is half: allowed.
	impact_days 4 | rt-load -q --replace impact "$L" || true
	assert_equal "$(dump "$L")" "$before"
	run --separate-stderr rt-load --replace impact --since 2026-11-01 "$L" <(impact_days 5)
	assert_success
	assert_equal "$stderr" "rt-load: $L: 5 records: 0 new, 0 changed, 5 unchanged, 0 restored, 5 retracted"
	# --max-retract lets a real emptying through.
	run rt-load -q --replace impact --max-retract 100 "$L" empty.ndjson
	assert_success
	run sql "$L" "SELECT count(*) FROM revenue_events WHERE retracted_at IS NULL"
	assert_output 0
}

case_replace_refuses_other_sources() {
	local L before
	L=$(ledger_new)
	rt-load -q "$L" "$LFIX/base.ndjson"
	before=$(dump "$L")
	{ impact_days 2; grep '"close:1"' "$LFIX/base.ndjson"; impact_days 1 3; } >mixed.ndjson
	run --separate-stderr rt-load --replace impact "$L" mixed.ndjson
	assert_failure 1
	assert_equal "$stderr" "rt-load: mixed.ndjson:3: source \"close\" in a replacement of \"impact\": a replacement holds one source
rt-load: $L: a replacement with bad records is not whole; nothing loaded"
	assert_equal "$(dump "$L")" "$before"
}

case_bad_records() {
	local L
	L=$(ledger_new)
	{
		impact_days 2
		echo '{"id":"impact:x","source":"impact","date":"2026-02-30","amount_minor":1,"currency":"USD","kind":"sale","status":"completed"}'
		echo 'not json'
		echo '{"id":"impact:y","source":"impact","date":"2026-11-09","amount_minor":1,"currency":"USD","kind":"sale","status":"completed","client":"nul \u0000 here"}'
		impact_days 1 3
	} >bad.ndjson
	run --separate-stderr rt-load "$L" bad.ndjson
	assert_failure 1
	assert_equal "$stderr" "rt-load: bad.ndjson:3: \"date\" \"2026-02-30\" is not a real YYYY-MM-DD date
rt-load: bad.ndjson:4: column 1: not a JSON object
rt-load: bad.ndjson:5: \"client\" holds a NUL character (\\u0000), which the ledger cannot keep
rt-load: $L: 3 records: 3 new, 0 changed, 0 unchanged, 0 restored, 0 retracted
rt-load: $L: 3 bad records left out"
	# --strict: the first bad record stops the load, and nothing is loaded.
	L=$(ledger_new strict)
	run --separate-stderr rt-load --strict "$L" bad.ndjson
	assert_failure 1
	assert_equal "$stderr" "rt-load: bad.ndjson:3: \"date\" \"2026-02-30\" is not a real YYYY-MM-DD date
rt-load: $L: --strict: a bad record; nothing loaded"
	run --separate-stderr rt-load --export ndjson "$L"
	assert_failure 2
	assert_equal "$stderr" "rt-load: $L: no rt ledger there (rt-load creates one)"
	# A replacement with a bad record is not whole: nothing loaded, nothing retracted.
	run --separate-stderr rt-load --replace impact "$L" bad.ndjson
	assert_failure 1
	assert_equal "${stderr_lines[-1]}" "rt-load: $L: a replacement with bad records is not whole; nothing loaded"
}

case_typo_fix_not_double_counted() {
	local L ytd1 ytd2
	L=$(ledger_new)
	rt-normalize --csv --source manual "$TOP/examples/data/contracts.csv" | rt-load -q --replace manual "$L"
	ytd1=$(rt-load --export ndjson "$L" | rt-aggregate --summary | jq -c .currencies)
	# A typo fixed in a row changes the row's content, so its derived id.
	sed 's/Data migration, phase 1/Data migration, phase one/' "$TOP/examples/data/contracts.csv" >contracts.csv
	run --separate-stderr bash -c "rt-normalize --csv --source manual contracts.csv | rt-load --replace manual '$L'"
	assert_success
	assert_equal "$stderr" "rt-load: $L: 9 records: 1 new, 0 changed, 8 unchanged, 0 restored, 1 retracted"
	ytd2=$(rt-load --export ndjson "$L" | rt-aggregate --summary | jq -c .currencies)
	assert_equal "$ytd2" "$ytd1"
	run bash -c "rt-load --export ndjson '$L' | grep -c 'Data migration'"
	assert_output 1
	# A row deleted from the file is retracted.
	grep -v 'Sponsorship July' contracts.csv >fewer.csv
	rt-normalize --csv --source manual fewer.csv | rt-load -q --replace manual "$L"
	run bash -c "rt-load --export ndjson '$L' | grep -c 'Sponsorship'"
	assert_output 0
}

case_newer_schema_untouched() {
	local L before
	L=$(ledger_new)
	rt-load -q "$L" "$LFIX/base.ndjson"
	set_version "$L" 99
	before=$(dump "$L")
	run --separate-stderr rt-load "$L" "$LFIX/base.ndjson"
	assert_failure 2
	assert_equal "$stderr" "rt-load: $L: the ledger has schema version 99, newer than this rt knows (1): upgrade rt"
	run --separate-stderr rt-load --export ndjson "$L"
	assert_failure 2
	assert_equal "$(dump "$L")" "$before"
}

case_queries_agree_with_rt_aggregate() {
	local L q
	L=$(ledger_new)
	{ cat "$LFIX/base.ndjson"; impact_days 20; rt-normalize --whole --source msn "$TOP/examples/data/msn_monthly.json"; } |
		rt-load -q "$L"
	rt-load --export ndjson "$L" >all.ndjson
	for q in day week month; do
		rt-aggregate -g "$q,source" --until 2026-12-31 --format csv all.ndjson >want.csv
		case $LEDGER_DB in
		sqlite) sqlite3 -csv -header "$L" <"$TOP/share/rt/sql/sqlite/totals-$q.sql" >got.csv ;;
		postgresql) psql -X -q --csv -d "${L#postgresql:///}" -f "$TOP/share/rt/sql/postgresql/totals-$q.sql" >got.csv ;;
		esac
		diff want.csv got.csv
	done
	# The view of daily totals sums to the same net as rt-aggregate, per currency.
	run sql "$L" "SELECT currency, sum(net_minor), sum(pending_minor) FROM revenue_summaries GROUP BY currency ORDER BY currency"
	assert_output "$(rt-aggregate -g currency --until 2026-12-31 all.ndjson | jq -r '[.currency, .net_minor, .pending_minor] | join("|")')"
}

# The C interface other programs read the ledger with (lib/rt_ledger.h).
case_library_interface() {
	local L
	L=$(ledger_new)
	rt-load -q "$L" "$LFIX/base.ndjson"
	run "$LEDGERAPI" records "$L" stripe - -
	assert_success
	assert_output - <<'OUT'
{"id":"stripe:ch_1","source":"stripe","date":"2026-03-02","amount_minor":2500,"currency":"EUR","kind":"sale","status":"completed","ts":"2026-03-02T10:00:00Z","raw":{"id":"ch_1","amount":2500,"nested":{"a":[1,2.50,"x\u00e9"]}}}	2500 0 0
{"id":"stripe:fee_1","source":"stripe","date":"2026-03-02","amount_minor":-75,"currency":"EUR","kind":"fee","status":"completed","ref":"stripe:ch_1"}	-75 2 0
OUT
	run "$LEDGERAPI" records "$L" - 2026-03-05 2026-03-06
	assert_success
	assert_equal "${#lines[@]}" 2
	run "$LEDGERAPI" count "$L"
	assert_output 'stopped after 3 with 42'
	# Alerts: recorded, replaced by id, listed oldest first.
	run "$LEDGERAPI" alert "$L" drop:impact:2026-03-05 drop warning impact 2026-03-05 999 5000 "impact fell 80%"
	assert_success
	RT_NOW=2026-11-21T13:00:00Z "$LEDGERAPI" alert "$L" gap:msn gap info - - - - "no MSN statement for October"
	RT_NOW=2026-11-21T14:00:00Z "$LEDGERAPI" alert "$L" drop:impact:2026-03-05 drop critical impact 2026-03-05 0 5000 "impact fell 100%"
	run "$LEDGERAPI" alerts "$L"
	assert_output - <<'OUT'
gap:msn|gap|info|||||no MSN statement for October|2026-11-21T13:00:00Z
drop:impact:2026-03-05|drop|critical|impact|2026-03-05|0|5000|impact fell 100%|2026-11-21T14:00:00Z
OUT
	run sql "$L" 'SELECT id, rule, severity, source, date, value, expected, message FROM revenue_alerts ORDER BY id'
	assert_line --index 0 'drop:impact:2026-03-05|drop|critical|impact|2026-03-05|0|5000|impact fell 100%'
	# A reader of a ledger that is not there is told so (exit 2).
	run --separate-stderr "$LEDGERAPI" records "$(ledger_new nothing)"
	assert_failure 2
}

# Two loads at once, RACES times, always give what one of the serial orders gives.
case_two_loads_at_once() {
	local L i ab ba got pa pb n_ab=0 n_ba=0
	L=$(ledger_new)
	{ impact_days 30; cat "$LFIX/base.ndjson"; } >base.ndjson
	# A replaces impact's window and changes days; B upserts over the same days.
	{ impact_days 20 1 5000; } >a.ndjson
	{ impact_days 10 15 9000; impact_days 1 30 7; } >b.ndjson
	ab=$(rt-load -q "$L" base.ndjson && rt-load -q --replace impact --since 2026-11-01 --until 2026-11-30 "$L" a.ndjson &&
		rt-load -q "$L" b.ndjson && dump "$L")
	reset_ledger "$L"
	ba=$(rt-load -q "$L" base.ndjson && rt-load -q "$L" b.ndjson &&
		rt-load -q --replace impact --since 2026-11-01 --until 2026-11-30 "$L" a.ndjson && dump "$L")
	[ "$ab" != "$ba" ] || fail "the two orders give the same ledger: the race tests nothing"
	for i in $(seq 1 "$RACES"); do
		reset_ledger "$L"
		rt-load -q "$L" base.ndjson
		rt-load -q --replace impact --since 2026-11-01 --until 2026-11-30 "$L" a.ndjson &
		pa=$!
		rt-load -q "$L" b.ndjson &
		pb=$!
		wait "$pa" || fail "race $i: load A failed"
		wait "$pb" || fail "race $i: load B failed"
		got=$(dump "$L")
		# The load ids say which went first; the rest must be that order's.
		if [ "$got" = "$ab" ]; then
			n_ab=$((n_ab + 1))
		elif [ "$got" = "$ba" ]; then
			n_ba=$((n_ba + 1))
		else
			diff <(echo "$ab") <(echo "$got") >&2
			fail "race $i: the ledger is neither serial result"
		fi
	done
	echo "# $LEDGER_DB: $RACES races: A first $n_ab times, B first $n_ba times" >&3
}

# A load killed with SIGKILL at random points leaves the ledger as it was or as the load makes it.
case_killed_load() {
	local L old new runs=0 kills=0 rc us t0 t1 got n_old=0 n_new=0
	L=$(ledger_new)
	awk 'BEGIN { for (i = 0; i < 600; i++)
		printf "{\"id\":\"close:%05d\",\"source\":\"close\",\"date\":\"2026-%02d-%02d\",\"amount_minor\":%d,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\",\"client\":\"Client %d\"}\n",
		    i, 1 + i % 11, 1 + i % 28, 1000 + i, i % 97 }' >old.ndjson
	# The new batch changes a third, adds a third and replaces the rest away.
	awk 'BEGIN { for (i = 200; i < 800; i++)
		printf "{\"id\":\"close:%05d\",\"source\":\"close\",\"date\":\"2026-%02d-%02d\",\"amount_minor\":%d,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\",\"client\":\"Client %d\"}\n",
		    i, 1 + i % 11, 1 + i % 28, 1000 + i + (i < 400 ? 1 : 0), i % 97 }' >new.ndjson
	rt-load -q "$L" old.ndjson
	old=$(dump "$L")
	t0=${EPOCHREALTIME/./}
	rt-load -q --replace close "$L" new.ndjson
	t1=${EPOCHREALTIME/./}
	us=$((t1 - t0))
	new=$(dump "$L")
	reset_ledger "$L"
	rt-load -q "$L" old.ndjson
	while [ "$kills" -lt "$KILLS" ]; do
		runs=$((runs + 1))
		[ "$runs" -le $((KILLS * 3)) ] || fail "only $kills of $KILLS kills landed in $runs runs"
		rc=0
		"$KILLAT" -s "$runs" -d "$us" rt-load -q --replace close "$L" new.ndjson 2>>killat.err || rc=$?
		settle "$L" || fail "run $runs: the server still works on the killed load"
		got=$(dump "$L")
		if [ "$got" = "$old" ]; then
			n_old=$((n_old + 1))
		elif [ "$got" = "$new" ]; then
			n_new=$((n_new + 1))
			reset_ledger "$L"
			rt-load -q "$L" old.ndjson
		else
			diff <(echo "$new") <(echo "$got") | head -n 5 >&2
			fail "run $runs (killat -s $runs): the ledger is neither the old nor the new one"
		fi
		case $rc in
		0) kills=$((kills + 1)) ;;
		3) ;;
		*) fail "run $runs: killat $rc: $(tail -n 3 killat.err)" ;;
		esac
	done
	echo "# $LEDGER_DB: $kills kills in $runs runs: the old ledger $n_old times, the new $n_new" >&3
	[ "$n_old" -gt 0 ] || fail "no kill landed before the commit"
}

# A year of history at once: 100,000 rows of a CSV through rt-normalize into the ledger.
case_backfill() {
	local L want
	L=$(ledger_new)
	awk 'BEGIN { print "id,date,amount,currency,kind,client,description";
		for (i = 0; i < 100000; i++)
			printf "h%06d,2025-%02d-%02d,%d.%02d,%s,sale,Client %d,Invoice %d\n",
			    i, 1 + i % 12, 1 + i % 28, i % 5000, i % 100, i % 10 ? "USD" : "EUR", i % 300, i }' >history.csv
	want=$(awk -F, 'NR > 1 { s[$4] += $3 * 100 } END { printf "EUR|%.0f\nUSD|%.0f", s["EUR"], s["USD"] }' history.csv)
	run --separate-stderr bash -c "rt-normalize --csv --source manual history.csv | rt-load '$L'"
	assert_success
	assert_equal "$stderr" "rt-load: $L: 100000 records: 100000 new, 0 changed, 0 unchanged, 0 restored, 0 retracted"
	run sql "$L" "SELECT currency, sum(amount_minor) FROM revenue_events GROUP BY currency ORDER BY currency"
	assert_output "$want"
	run bash -c "rt-load --export ndjson '$L' | wc -l"
	assert_output 100000
}

case_usage() {
	local L
	L=$(ledger_new)
	run --separate-stderr rt-load
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-load: name the ledger: a SQLite file, or a postgresql:// URI'
	run --separate-stderr rt-load --since 2026-01-01 "$L"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-load: --since, --until and --max-retract belong to --replace (or --export)'
	run --separate-stderr rt-load --replace impact --since 2026-02-30 "$L"
	assert_failure 2
	assert_equal "$stderr" 'rt-load: --since "2026-02-30" is not a YYYY-MM-DD date'
	run --separate-stderr rt-load --replace impact --since 2026-03-01 --until 2026-02-01 "$L"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-load: the window 2026-03-01..2026-02-01 is empty'
	run --separate-stderr rt-load --replace Impact "$L"
	assert_failure 2
	assert_equal "$stderr" 'rt-load: --replace "Impact" is not a source name ([a-z0-9_-]+)'
	run --separate-stderr rt-load --replace impact --max-retract 101 "$L"
	assert_failure 2
	assert_equal "$stderr" 'rt-load: --max-retract "101" is not a number from 0 to 100'
	run --separate-stderr rt-load --export json "$L"
	assert_failure 2
	assert_equal "$stderr" 'rt-load: --export "json" is not ndjson or csv'
	run --separate-stderr rt-load --export ndjson "$L" extra.ndjson
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-load: --export reads the ledger only, but was given "extra.ndjson"'
	run --separate-stderr rt-load --export ndjson --replace impact "$L"
	assert_failure 2
	run --separate-stderr rt-load --source impact "$L"
	assert_failure 2
	run --separate-stderr rt-load "$L" no-such-file.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-load: no-such-file.ndjson: No such file or directory'
}

# In setup_file: killat (tests/killat.c) and ledgerapi (tests/ledgerapi.c, on build/librt.a).
ledger_tools() {
	cc -O2 -o "$BATS_FILE_TMPDIR/killat" "$TOP/tests/killat.c" || return 1
	cc -std=c11 -D_GNU_SOURCE -I"$TOP/lib" -I/usr/include/postgresql -o "$BATS_FILE_TMPDIR/ledgerapi" \
		"$TOP/tests/ledgerapi.c" "$TOP/build/librt.a" -ljq -lcsv -lcurl -lxml2 -lcrypto -lsqlite3 -lpq -lm
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	KILLAT=$BATS_FILE_TMPDIR/killat
	LEDGERAPI=$BATS_FILE_TMPDIR/ledgerapi
}
