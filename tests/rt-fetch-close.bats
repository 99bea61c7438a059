#!/usr/bin/env bats
# rt-fetch-close against a fake Close API on 127.0.0.1 (tests/fakes/close.py).

load helper
load fake
load man

KEY=api_test_close_Xk2v9QmT4s
DATA="$TOP/tests/fakes/data/close-opportunities.json"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start close "$@"
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$KEY
}

# What the fake holds for a range, as jq computes it from the data file.
expected() {
	jq -c --arg a "$1" --arg b "$2" '.[] | select(.date_won >= $a and .date_won <= $b)' "$DATA" |
		jq -sc 'sort_by(.date_won, .id) | .[]'
}

@test "a full year: every page, every opportunity, the summary line" {
	start
	run --separate-stderr rt-fetch-close
	assert_success
	assert_equal "$stderr" 'rt-fetch-close: 246 records, 2026-01-01..2026-11-21, 3 requests'
	assert_equal "$output" "$(expected 2026-01-01 2026-11-21)"
	run jq -r '[.method, .path, .query._skip, .query._limit, .query.status_type, .query.date_won__gte, .query.date_won__lte] | join(" ")' "$FAKE_LOG"
	assert_success
	assert_output - <<'OUT'
GET /api/v1/opportunity/ 0 100 won 2026-01-01 2026-11-21
GET /api/v1/opportunity/ 100 100 won 2026-01-01 2026-11-21
GET /api/v1/opportunity/ 200 100 won 2026-01-01 2026-11-21
OUT
	run jq -r '.auth' "$FAKE_LOG"
	assert_success
	assert_line --index 0 "Basic $(printf '%s:' "$KEY" | base64)"
	run jq -r '.user_agent' "$FAKE_LOG"
	assert_success
	assert_line --index 0 'rt/0.1.0'
}

@test "the close map: cents of value_currency, period marked, no value no record" {
	start
	rt-fetch-close -q | rt-normalize --source close >recs.ndjson
	run rt-aggregate -g currency recs.ndjson
	assert_success
	want_usd=$(jq '[.[] | select(.date_won >= "2026-01-01" and .date_won <= "2026-11-21" and .value != null and .value_currency == "USD") | .value] | add' "$DATA")
	assert_line --index 1 --partial "\"currency\":\"USD\",\"count\":237,\"gross_minor\":$want_usd,"
	run grep -c 'not annualized' recs.ndjson
	assert_success
	assert_output '15'
	run jq -c 'select(.id == "close:oppo_0025xK9")' recs.ndjson
	assert_output '{"id":"close:oppo_0025xK9","source":"close","date":"2026-08-12","amount_minor":44475,"currency":"USD","kind":"sale","status":"completed","client":"Stark Industries","description":"Won opportunity [monthly value, not annualized]"}'
}

@test "an empty range asks once and writes nothing" {
	start
	run --separate-stderr rt-fetch-close --since 2026-11-15 --until 2026-11-17
	assert_success
	assert_output ''
	assert_equal "$stderr" 'rt-fetch-close: 0 records, 2026-11-15..2026-11-17, 1 requests'
}

@test "a refused key is exit 2 naming the credential; a missing one too" {
	start
	RT_CLOSE_API_KEY=api_wrong_key_123456789 run --separate-stderr rt-fetch-close
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-close: HTTP 401 from $FAKE_URL/api/v1/opportunity/?status_type=won&date_won__gte=2026-01-01&date_won__lte=2026-11-21&_limit=100&_skip=0: check RT_CLOSE_API_KEY; state not advanced"
	unset RT_CLOSE_API_KEY
	run --separate-stderr rt-fetch-close
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-close: missing credential: set RT_CLOSE_API_KEY, or RT_CLOSE_API_KEY_FILE, or put it in $RT_SECRETS_DIR/close_api_key.txt"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 1
}

@test "the key is read from --key-file, RT_CLOSE_API_KEY_FILE or the secrets directory" {
	start
	unset RT_CLOSE_API_KEY
	echo "$KEY" >key.txt
	run rt-fetch-close -q --key-file key.txt --since 2026-01-01 --until 2026-01-05
	assert_success
	RT_CLOSE_API_KEY_FILE=key.txt run rt-fetch-close -q --since 2026-01-01 --until 2026-01-05
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	printf '%s\n' "$KEY" >"$RT_SECRETS_DIR/close_api_key.txt"
	run rt-fetch-close -q --since 2026-01-01 --until 2026-01-05
	assert_success
	run --separate-stderr rt-fetch-close --key-file nope.txt
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-close: cannot read nope.txt: No such file or directory'
}

@test "--state-out records the cursor; --state asks again only from cursor less the lookback" {
	start
	run --separate-stderr rt-fetch-close --state-out st.new
	assert_success
	run cat st.new
	assert_success
	assert_output '{"source":"close","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	mv st.new st
	: >"$FAKE_LOG"
	RT_TODAY=2026-11-22 run --separate-stderr rt-fetch-close --state st --state-out st.new
	assert_success
	assert_equal "$stderr" 'rt-fetch-close: 13 records, 2026-11-07..2026-11-22, 1 requests'
	assert_equal "$output" "$(expected 2026-11-07 2026-11-22)"
	run jq -r '.query.date_won__gte + ".." + .query.date_won__lte' "$FAKE_LOG"
	assert_success
	assert_output '2026-11-07..2026-11-22'
	RT_TODAY=2026-11-22 run rt-fetch-close -q --state st --lookback 0
	assert_success
	run jq -r '.query.date_won__gte' "$FAKE_LOG"
	assert_success
	assert_line --index 1 '2026-11-21'
	cmp st <(echo '{"source":"close","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}')
}

@test "a state that is not this source's, unreadable, or the same file as --state-out is exit 2" {
	echo '{"source":"impact","cursor":"2026-11-01"}' >st
	RT_CLOSE_API_KEY=$KEY run --separate-stderr rt-fetch-close --state st
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-close: st: the state of source "impact", not "close"'
	echo 'garbage' >st
	RT_CLOSE_API_KEY=$KEY run --separate-stderr rt-fetch-close --state st
	assert_failure 2
	RT_CLOSE_API_KEY=$KEY run --separate-stderr rt-fetch-close --state st --state-out st
	assert_failure 2
	RT_CLOSE_API_KEY=$KEY run --separate-stderr rt-fetch-close --since 2026-02-30
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-close: --since "2026-02-30" is not a YYYY-MM-DD date'
	run --separate-stderr rt-fetch-close extra-operand
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-fetch-close: a fetcher takes no operands, but was given "extra-operand"'
	assert_equal "${stderr_lines[1]%% [*}" 'usage: rt-fetch-close'
}

@test "with -v the key never reaches stderr or the state, even on errors" {
	start --faults 429-ratelimit,500
	run --separate-stderr rt-fetch-close -v --state-out st.new
	assert_success
	refute_output --partial "$KEY"
	[[ "$stderr" != *"$KEY"* ]]
	[[ "$stderr" != *"$(printf '%s:' "$KEY" | base64)"* ]]
	! grep -q "$KEY" st.new
	RT_CLOSE_API_KEY=api_wrong_key_123456789 run --separate-stderr rt-fetch-close -v
	assert_failure 2
	[[ "$stderr" != *api_wrong_key_123456789* ]]
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-close --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-close: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
}

@test "--help and --version" {
	run rt-fetch-close --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-fetch-close'
	run rt-fetch-close --version
	assert_success
	assert_output 'rt-fetch-close 0.1.0'
}

@test "SYNOPSIS agrees with the usage; mandoc finds nothing to warn about" {
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-close.1"
	assert_success
	assert_output ''
}

@test "rt-fetch-close(1) EXAMPLES run as shown against the fake" {
	start
	run_man_examples "$TOP/man/rt-fetch-close.1"
}

@test "a stale page that ends the list early is caught by total_results (exit 3)" {
	start --faults ok,ok,ok,repeat
	rt-fetch-close -q >/dev/null
	run --separate-stderr rt-fetch-close --state-out st.new
	assert_failure 3
	assert_equal "$stderr" 'rt-fetch-close: the pages held 46 opportunities, but "total_results" says 246; state not advanced'
	[ ! -e st.new ]
}
