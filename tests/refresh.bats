#!/usr/bin/env bats
# The examples refresh end to end, against a fake of every API at once:
# five sources fetched, normalized, loaded into the ledger each with its
# rule, the tracker and snapshot written from the ledger; then again
# incrementally; then with sources revised upstream and by hand; then with
# one API down, and with one answering nothing.

load helper
load fake
load refresh

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=1
	examples_fakes close impact redventures abm convex
	examples_secrets close impact redventures abm convex
}

refresh() {
	examples refresh "$@"
}

@test "a full refresh: every source in the ledger and tracker, the snapshot posted, states written" {
	run --separate-stderr refresh
	assert_success
	assert_equal "$stderr" ''
	run jq -r .source out/ledger.ndjson
	assert_success
	run sort -u <<<"$output"
	assert_output "$(printf 'adsbymoney\nclose\nimpact\nmanual\nmsn\nredventures')"
	# The export is the ledger's current records, and each source went in with its rule.
	cmp out/ledger.ndjson <(rt-load --export ndjson out/ledger.db)
	run sqlite3 out/ledger.db 'SELECT coalesce(replace_source, "-") || " " || coalesce(since, "") || ".." || coalesce(until, "") || " " || records FROM revenue_loads ORDER BY load_id'
	assert_output - <<'OUT'
- .. 242
impact 2026-01-01..2026-11-21 312
redventures 2026-01-01..2026-11-21 15
adsbymoney 2026-01-01..2026-11-21 325
msn .. 10
manual .. 9
OUT
	for s in close impact redventures adsbymoney; do
		run jq -r .cursor "state/$s.json"
		assert_success
		assert_output 2026-11-21
	done
	run grep -c '^| 2026-' out/revenue-tracker.md
	assert_success
	[ "$output" -gt 300 ]
	grep -q '| Month | Close | Impact | RV Media | AdsByMoney | MSN | Manual | Total |' out/revenue-tracker.md
	# The snapshot the dashboard got agrees with rt-aggregate to the cent.
	run jq -c '.body | fromjson | [.snapshotDate, .totalYtdUsd, (.sources | keys), (.sources | map(. != null) | all)]' \
		<(jq -c 'select(.method == "POST")' "$FAKE_LOG_CONVEX")
	assert_success
	assert_output --partial '["2026-11-21",'
	assert_output --partial '["adsbymoney","close","impact","msn","redventures"],true]'
	ytd=$(rt-aggregate --summary out/ledger.ndjson | jq -r '.currencies.USD.ytd_minor')
	posted=$(jq -r 'select(.method == "POST") | .body' "$FAKE_LOG_CONVEX" | grep -o '"totalYtdUsd":[0-9.]*' | cut -d: -f2)
	assert_equal "${posted/./}" "$ytd"
}

@test "a second run (make -j4) asks each API only for its lookback window and changes nothing" {
	refresh >/dev/null
	cp out/revenue-tracker.md first.md
	cp out/ledger.ndjson first.ndjson
	for f in "$FAKE_LOG_CLOSE" "$FAKE_LOG_IMPACT" "$FAKE_LOG_REDVENTURES" "$FAKE_LOG_ABM"; do : >"$f"; done
	run --separate-stderr refresh -j4
	assert_success
	assert_equal "$stderr" ''
	run jq -r '.query.date_updated__gte' "$FAKE_LOG_CLOSE"
	assert_success
	assert_output 2026-11-07
	run jq -r 'select(.path | contains("Reports")) | .query.START_DATE' "$FAKE_LOG_IMPACT"
	assert_success
	assert_output 2026-10-17
	# Windows go out in parallel: their order in the log is not fixed.
	run bash -c 'jq -r '\''select(.path == "/overview") | .query.start'\'' "$1" | sort' _ "$FAKE_LOG_REDVENTURES"
	assert_success
	assert_output "$(printf '2026-10-01 00:00:00\n2026-11-01 00:00:00')"
	run jq -r 'select(.path == "/admin/publisher_campaigns") | .query.start_date' "$FAKE_LOG_ABM"
	assert_success
	assert_output 2026-10-22
	cmp first.md out/revenue-tracker.md
	cmp first.ndjson out/ledger.ndjson
	# Every record delivered again is unchanged: no history, nothing retracted.
	run sqlite3 out/ledger.db 'SELECT count(*) FROM revenue_history; SELECT count(*) FROM revenue_events WHERE retracted_at IS NOT NULL'
	assert_output $'0\n0'
}

# The YTD in USD minor units the ledger's export says, and the one the tracker shows.
ytd() {
	rt-aggregate --summary out/ledger.ndjson | jq -r '.currencies.USD.ytd_minor'
}

@test "revisions: a day revised to nothing, a statement taken back, a typo fixed: retracted, never counted twice" {
	refresh >/dev/null
	before=$(ytd)
	cp out/ledger.ndjson first.ndjson
	# impact.com revises November 10 to nothing; the month's statement of
	# November is taken out of the MSN file; a typo is fixed in a contract.
	jq '.rows |= map(if .day == "2026-11-10" then .row.Total_Cost = "0.00" else . end)' \
		"$TOP/tests/fakes/data/impact-performance-by-day.json" >impact.json
	kill "${FAKE_PIDS[1]}"
	fake_start impact --data "$BATS_TEST_TMPDIR/impact.json"
	export RT_IMPACT_URL=$FAKE_URL
	jq 'del(.["2026-10"])' "$TOP/examples/data/msn_monthly.json" >msn.json
	sed 's/Retainer, Q1/Retainer Q1/' "$TOP/examples/data/contracts.csv" >contracts.csv
	run --separate-stderr refresh MSN_FILE="$BATS_TEST_TMPDIR/msn.json" CONTRACTS="$BATS_TEST_TMPDIR/contracts.csv"
	assert_success
	assert_equal "$stderr" ''
	gone=$(jq -s 'map(select(.id == "msn:2026-10" or .id == "impact:2026-11-10") | .amount_minor) | add' first.ndjson)
	assert_equal "$gone" $((3789080 + 9983))
	assert_equal "$(ytd)" "$((before - gone))"
	run sqlite3 out/ledger.db "SELECT id FROM revenue_events WHERE retracted_at IS NOT NULL ORDER BY id"
	assert_output - <<'OUT'
impact:2026-11-10
manual:92fee5332bd17d09
msn:2026-10
OUT
	# The contract is there once, under its new id; the tracker says what the ledger says.
	run jq -r 'select(.client == "Wayne Enterprises" and .date == "2026-01-15") | .description' out/ledger.ndjson
	assert_output 'Retainer Q1'
	run grep -c 'impact:2026-11-10 \|msn:2026-10 \|manual:92fee5332bd17d09 \|Retainer, Q1' out/revenue-tracker.md
	assert_output 0
	run grep -c '| Retainer Q1 |' out/revenue-tracker.md
	assert_output 1
	assert_equal "$(ytd)" 98342294
	grep -qF '**YTD total: $983,422.94**' out/revenue-tracker.md
}

@test "one API down: the others still land, it keeps its state, it is null in the snapshot, exit 2" {
	refresh >/dev/null
	cp state/impact.json impact.before
	cp out/ledger.ndjson before.ndjson
	kill "${FAKE_PIDS[1]}"
	RT_TODAY=2026-11-22 run --separate-stderr refresh
	assert_failure 2
	[[ "$stderr" == *'refresh: impact failed; its state is kept'* ]]
	[[ "$stderr" == *'refresh: failed: impact'* ]]
	cmp state/impact.json impact.before
	run jq -r .cursor state/close.json
	assert_success
	assert_output 2026-11-22
	# Yesterday's impact records are still in the ledger.
	run jq -c 'select(.source == "impact")' before.ndjson
	assert_success
	before=$output
	run jq -c 'select(.source == "impact")' out/ledger.ndjson
	assert_success
	assert_equal "$output" "$before"
	run jq -c 'select(.method == "POST") | .body | fromjson | .sources.impact' "$FAKE_LOG_CONVEX"
	assert_success
	assert_line --index 1 'null'
}

@test "an upstream that answers an empty window by mistake cannot wipe it: the load is refused" {
	refresh >/dev/null
	cp state/impact.json impact.before
	cp out/ledger.ndjson before.ndjson
	echo '{"rows": []}' >empty.json
	kill "${FAKE_PIDS[1]}"
	fake_start impact --data "$BATS_TEST_TMPDIR/empty.json"
	export RT_IMPACT_URL=$FAKE_URL
	RT_TODAY=2026-11-22 run --separate-stderr refresh
	assert_failure
	[[ "$stderr" == *'/out/ledger.db: replacing impact 2026-10-17..2026-11-22 would retract 34 of its 34 records (100%), more than --max-retract 50% allows; nothing loaded'* ]] ||
		fail "$stderr"
	[[ "$stderr" == *'refresh: impact: not loaded; its state is kept'* ]]
	[[ "$stderr" == *'refresh: failed: impact'* ]]
	cmp state/impact.json impact.before
	run jq -c 'select(.source == "impact")' before.ndjson
	before=$output
	run jq -c 'select(.source == "impact")' out/ledger.ndjson
	assert_equal "$output" "$before"
}

# Only what the user has: every secret gone but Close's key.
only_close() {
	find secrets -type f ! -name close_api_key.txt ! -name convex_secret.txt -delete
	unset RT_ABM_URL # the site's address is one of its settings: it has no default
}

@test "only Close configured: it lands, the others are skipped with one line each, AdsByMoney's file stands in" {
	only_close
	run --separate-stderr refresh
	assert_success
	assert_equal "$stderr" "refresh: impact: not configured; skipped
refresh: redventures: not configured; skipped
rt-scrape-abm: the site is not configured (none of RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_PUBID and RT_ABM_URL is set); using the fallback data/adsbymoney_manual.json
rt-scrape-abm: --state-out $BATS_TEST_TMPDIR/out/run/adsbymoney.state not written: adsbymoney was not read
refresh: not configured, skipped: impact redventures"
	run jq -r .source out/ledger.ndjson
	run sort -u <<<"$output"
	assert_output "$(printf 'adsbymoney\nclose\nmanual\nmsn')"
	# The hand-kept AdsByMoney file stood in, and no request reached the site.
	assert_equal "$(fake_requests "$FAKE_LOG_ABM")" 0
	assert_equal "$(fake_requests "$FAKE_LOG_IMPACT")" 0
	assert_equal "$(fake_requests "$FAKE_LOG_REDVENTURES")" 0
	[ -e state/close.json ] && [ ! -e state/impact.json ] && [ ! -e state/redventures.json ]
	# Skipped is not failed: the snapshot shows them as 0, not null.
	run jq -c 'select(.method == "POST") | .body | fromjson | [.sources.impact, .sources.redventures]' "$FAKE_LOG_CONVEX"
	assert_output '[0,0]'
}

@test "Close's key and impact's SID without its token: exit 2 naming the missing variable; Close still lands" {
	only_close
	echo IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq >secrets/impact_account_sid.txt
	run --separate-stderr refresh
	assert_failure 2
	[[ "$stderr" == *"rt-fetch-impact: configured in part: RT_IMPACT_ACCOUNT_SID is set, but RT_IMPACT_AUTH_TOKEN is not"* ]] ||
		fail "$stderr"
	[[ "$stderr" == *'refresh: failed: impact'* ]] || fail "$stderr"
	assert_equal "$(fake_requests "$FAKE_LOG_IMPACT")" 0
	run jq -r 'select(.source == "close") | .id' out/ledger.ndjson
	[ "${#lines[@]}" -gt 0 ]
	run jq -c 'select(.method == "POST") | .body | fromjson | .sources.impact' "$FAKE_LOG_CONVEX"
	assert_output null
}

@test "the snapshot's secret goes as Bearer by default, or in the header SNAPSHOT_AUTH names" {
	only_close
	run --separate-stderr refresh FETCHERS=close
	assert_success
	run jq -r 'select(.method == "POST") | .auth' "$FAKE_LOG_CONVEX"
	assert_output 'Bearer convex_test_secret_7Hq2LmX9'
	# A deployment that checks x-activity-secret, and refuses anything else (401).
	fake_start convex --secret-header x-activity-secret
	export RT_SNAPSHOT_URL=$FAKE_URL/revenue/snapshot
	run --separate-stderr refresh FETCHERS=close \
		SNAPSHOT_AUTH="--header-file x-activity-secret:$BATS_TEST_TMPDIR/secrets/convex_secret.txt"
	assert_success
	# Posted (a 401 would have failed the run), and not as Bearer.
	run jq -c 'select(.method == "POST") | .auth' "$FAKE_LOG"
	assert_output 'null'
}
