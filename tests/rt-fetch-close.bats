#!/usr/bin/env bats
# rt-fetch-close against a fake Close API on 127.0.0.1 (tests/fakes/close.py).

load helper
load fake
load man

KEY=api_test_close_Xk2v9QmT4s
DATA="$TOP/tests/fakes/data/close-opportunities.json"
FIELDS=id,lead_name,status_type,date_won,date_updated,value,value_currency,value_period,note
# The first page of the first run's query.
Q1="status_type=won&date_won__gte=2026-01-01&date_won__lte=2026-11-21&_fields=$FIELDS&_order_by=date_created&_limit=100&_skip=0"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start close "$@"
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$KEY
}

# What the fake holds for a range of date_won, as jq computes it from the data
# file: the fields asked for, in the order asked for (date_created, then id).
expected() {
	jq -c --arg a "$1" --arg b "$2" '.[] | select(.date_won >= $a and .date_won <= $b)' "$DATA" |
		jq -sc 'sort_by(.date_created, .id) | .[]
			| {id, lead_name, status_type, date_won, date_updated, value, value_currency, value_period, note}'
}

@test "a full year: every page, every opportunity, the summary line" {
	start
	run --separate-stderr rt-fetch-close
	assert_success
	assert_equal "$stderr" 'rt-fetch-close: 246 records, 2026-01-01..2026-11-21, 3 requests'
	assert_equal "$output" "$(expected 2026-01-01 2026-11-21)"
	run jq -r '[.method, .path, .query._skip, .query._limit, .query.status_type, .query.date_won__gte, .query.date_won__lte, .query._order_by] | join(" ")' "$FAKE_LOG"
	assert_success
	assert_output - <<'OUT'
GET /api/v1/opportunity/ 0 100 won 2026-01-01 2026-11-21 date_created
GET /api/v1/opportunity/ 100 100 won 2026-01-01 2026-11-21 date_created
GET /api/v1/opportunity/ 200 100 won 2026-01-01 2026-11-21 date_created
OUT
	run jq -r '.query._fields' "$FAKE_LOG"
	assert_line --index 0 "$FIELDS"
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
	assert_equal "$stderr" "rt-fetch-close: HTTP 401 from $FAKE_URL/api/v1/opportunity/?$Q1: check RT_CLOSE_API_KEY; state not advanced"
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
	run jq -r '.query.date_updated__gte + ".." + .query.date_updated__lt' "$FAKE_LOG"
	assert_success
	assert_output '2026-11-07..2026-11-23'
	RT_TODAY=2026-11-22 run rt-fetch-close -q --state st --lookback 0
	assert_success
	run jq -r '.query.date_updated__gte' "$FAKE_LOG"
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

@test "--configured: 0 with the key anywhere rt looks, 1 without (one line, -q silences it); nothing asked" {
	start
	run --separate-stderr rt-fetch-close --configured
	assert_success
	assert_equal "$output$stderr" ''
	run --separate-stderr rt-fetch-close --configured -v
	assert_success
	assert_equal "$stderr" 'rt-fetch-close: configured: RT_CLOSE_API_KEY'
	unset RT_CLOSE_API_KEY
	run --separate-stderr rt-fetch-close --configured
	assert_failure 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'rt-fetch-close: not configured: RT_CLOSE_API_KEY is not set'
	run --separate-stderr rt-fetch-close --configured -q
	assert_failure 1
	assert_equal "$stderr" ''
	# An empty variable is not a credential.
	RT_CLOSE_API_KEY= run --separate-stderr rt-fetch-close --configured -q
	assert_failure 1
	# The option, VAR_FILE and the secrets directory each count; what they hold is the fetch's to check.
	run --separate-stderr rt-fetch-close --configured --key-file nope.txt
	assert_success
	RT_CLOSE_API_KEY_FILE=nope.txt run --separate-stderr rt-fetch-close --configured
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	echo "$KEY" >"$RT_SECRETS_DIR/close_api_key.txt"
	run --separate-stderr rt-fetch-close --configured
	assert_success
	# A bad state or range does not matter to the question.
	run --separate-stderr rt-fetch-close --configured --state /nonexistent/dir/st.json --since 2026-12-01
	assert_success
	run fake_requests "$FAKE_LOG"
	assert_output 0
}

# The fake's data as people changed it in Close since the first run.
change() {
	jq -n "[$1]" >changes.json
}

# The ledger's YTD in USD minor units, from its export.
ytd() {
	rt-load --export ndjson ledger.db | rt-aggregate --summary | jq -r '.currencies.USD.ytd_minor'
}

@test "a run from the state asks for every deal updated since, any status, few fields, in a stable order" {
	start
	echo '{"source":"close","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}' >st
	RT_TODAY=2026-11-22 run --separate-stderr rt-fetch-close --state st
	assert_success
	run jq -c '.query' "$FAKE_LOG"
	assert_output '{"_fields":"id,lead_name,status_type,date_won,date_updated,value,value_currency,value_period,note","_limit":"100","_order_by":"date_created","_skip":"0","date_updated__gte":"2026-11-07","date_updated__lt":"2026-11-23"}'
	# Little changed: one data request (at most two, whatever the page size).
	run fake_requests "$FAKE_LOG"
	assert_output 1
}

@test "a win dated back by hand is picked up by the next incremental run, and counts in the YTD" {
	start --changes "$BATS_TEST_TMPDIR/changes.json"
	rt-fetch-close -q --state-out st | rt-normalize --source close | rt-load -q ledger.db
	before=$(ytd)
	# Won on the 22nd, dated back to March: date_won is old, date_updated is new.
	change '{"id":"oppo_9001zZ0","lead_name":"Late Corp","status_type":"won","date_won":"2026-03-15","date_created":"2026-03-01T10:00:00.000000+00:00","date_updated":"2026-11-22T15:00:00.000000+00:00","value":250000,"value_currency":"USD","value_period":"one_time","note":"Signed in March, entered late"}'
	RT_TODAY=2026-11-22 rt-fetch-close -q --state st | rt-normalize --source close | RT_TODAY=2026-11-22 rt-load -q ledger.db
	run rt-load --export ndjson --source close --since 2026-03-15 --until 2026-03-15 ledger.db
	assert_success
	assert_output '{"id":"close:oppo_9001zZ0","source":"close","date":"2026-03-15","amount_minor":250000,"currency":"USD","kind":"sale","status":"completed","client":"Late Corp","description":"Signed in March, entered late"}'
	assert_equal "$(ytd)" "$((before + 250000))"
}

@test "a deal that fell through becomes a reversed record and leaves the YTD" {
	start --changes "$BATS_TEST_TMPDIR/changes.json"
	rt-fetch-close -q --state-out st | rt-normalize --source close | rt-load -q ledger.db
	before=$(ytd)
	run jq -c '.[] | select(.id == "oppo_0102pQ2") | .value' "$DATA"
	assert_output 150658
	change '{"id":"oppo_0102pQ2","status_type":"lost","status_label":"Lost","date_won":null,"date_updated":"2026-11-22T16:30:00.000000+00:00"}'
	RT_TODAY=2026-11-22 rt-fetch-close -q --state st | rt-normalize --source close >recs.ndjson
	run jq -c 'select(.id == "close:oppo_0102pQ2")' recs.ndjson
	assert_output '{"id":"close:oppo_0102pQ2","source":"close","date":"2026-11-22","amount_minor":150658,"currency":"USD","kind":"sale","status":"reversed","client":"Initech","description":"Deal 102","ts":"2026-11-22T16:30:00Z"}'
	RT_TODAY=2026-11-22 rt-load -q ledger.db recs.ndjson
	assert_equal "$(ytd)" "$((before - 150658))"
	# The won version is kept as history.
	run sqlite3 ledger.db "SELECT status, date, change FROM revenue_history WHERE id = 'close:oppo_0102pQ2'"
	assert_output 'completed|2026-11-09|changed'
}
