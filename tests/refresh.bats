#!/usr/bin/env bats
# The examples refresh end to end, against a fake of every API at once:
# five sources fetched, normalized, deduplicated, the tracker updated, the
# snapshot posted; then again incrementally; then with one API down.

load helper
load fake

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=1
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1"
	fake_start impact
	export RT_IMPACT_URL=$FAKE_URL
	fake_start redventures
	export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token
	fake_start abm
	export RT_ABM_URL=$FAKE_URL
	fake_start convex
	export RT_SNAPSHOT_URL=$FAKE_URL/revenue/snapshot
	mkdir -p secrets
	echo api_test_close_Xk2v9QmT4s >secrets/close_api_key.txt
	echo IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq >secrets/impact_account_sid.txt
	echo tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2 >secrets/impact_api_key.txt
	echo rvc_test_8Hq2LmZ0 >secrets/redventures_client_id.txt
	echo rvs_test_secret_Jm4xQ9vT2pLw7Zk1 >secrets/redventures_api_key.txt
	echo 48213 >secrets/redventures_property_id.txt
	echo '{"email":"pub@example.com","password":"Pa ss&w=rd+%2F/9Qx","pubid":"PUB-20417"}' >secrets/adsbymoney_creds.json
	echo convex_test_secret_7Hq2LmX9 >secrets/convex_secret.txt
}

refresh() {
	make -s -C "$TOP/examples" refresh BIN="$RT_BIN" OUT="$BATS_TEST_TMPDIR/out" \
		STATE="$BATS_TEST_TMPDIR/state" RT_SECRETS_DIR="$BATS_TEST_TMPDIR/secrets" "$@"
}

@test "a full refresh: every source in the ledger and tracker, the snapshot posted, states written" {
	run --separate-stderr refresh
	assert_success
	assert_equal "$stderr" ''
	run jq -r .source out/ledger.ndjson
	assert_success
	run sort -u <<<"$output"
	assert_output "$(printf 'adsbymoney\nclose\nimpact\nmanual\nmsn\nredventures')"
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
	run jq -r '.query.date_won__gte' "$FAKE_LOG_CLOSE"
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
}

@test "one API down: the others still land, it keeps its state, it is null in the snapshot, exit 1" {
	refresh >/dev/null
	cp state/impact.json impact.before
	cp out/ledger.ndjson before.ndjson
	kill "${FAKE_PIDS[1]}"
	RT_TODAY=2026-11-22 run --separate-stderr refresh
	assert_failure
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
