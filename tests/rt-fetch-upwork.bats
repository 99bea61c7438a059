#!/usr/bin/env bats
# rt-fetch-upwork against a fake of Upwork's GraphQL API on 127.0.0.1
# (tests/fakes/upwork.py), and the upwork map: invoices as sales, adjustments as fees.

load helper
load fake
load man

TOKEN=oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd
ACE=1459361290498224128
DATA="$TOP/tests/fakes/data/upwork.json"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
	unset RT_UPWORK_TENANT
}

start() {
	fake_start upwork "$@"
	export RT_UPWORK_URL=$FAKE_URL RT_UPWORK_TOKEN=$TOKEN
}

# The rows of FIRST..LAST (days, both included), month by month as asked for.
expected() {
	jq -c --arg a "$1" --arg b "$2" 'map(select(.transactionCreationDate[:10] >= $a and .transactionCreationDate[:10] <= $b))
		| sort_by(.transactionCreationDate[:7]) | .[]' "$DATA"
}

@test "the year to date: the entity, then one query a month, Bearer token, the summary line" {
	start
	run --separate-stderr rt-fetch-upwork
	assert_success
	assert_equal "$stderr" 'rt-fetch-upwork: 122 records, 2026-01-01..2026-11-21, 12 requests'
	assert_equal "$output" "$(expected 2026-01-01 2026-11-21)"
	run jq -r '.body | fromjson | .query | if test("accountingEntity") and (test("transactionHistory") | not) then "entity" else "history" end' "$FAKE_LOG"
	assert_equal "$(sort <<<"$output" | uniq -c | tr -s ' ')" "$(printf ' 1 entity\n 11 history')"
	run jq -r '.body | fromjson | .variables.filter | select(.) | "\(.aceIds_any | join(",")) \(.transactionDateTime_bt.rangeStart)..\(.transactionDateTime_bt.rangeEnd)"' "$FAKE_LOG"
	assert_line --index 0 "$ACE 2026-01-01..2026-01-31"
	assert_line --index 1 "$ACE 2026-02-01..2026-02-28"
	assert_line --index 10 "$ACE 2026-11-01..2026-11-21"
	run jq -r '[.method, .path, .auth, .content_type, .headers["X-Upwork-API-TenantId"] // "-"] | join(" ")' "$FAKE_LOG"
	assert_line --index 0 "POST /graphql Bearer $TOKEN application/json -"
}

@test "the map: invoices are sales, adjustments fees with their invoice as ref; withdrawals give nothing" {
	start
	rt-fetch-upwork -q --since 2026-03-01 --until 2026-06-30 >raw.ndjson
	run --separate-stderr rt-normalize --source upwork raw.ndjson
	assert_success
	assert_equal "$stderr" ''
	echo "$output" >recs.ndjson
	run jq -c 'select(.description | test("Bonus|VAT|Withholding|Refund")) | del(.source, .ts)' recs.ndjson
	assert_output - <<'OUT'
{"id":"upwork:300000807","date":"2026-03-20","amount_minor":25000,"currency":"USD","kind":"sale","status":"completed","client":"Globex","description":"Bonus: great work"}
{"id":"upwork:300000813","date":"2026-03-20","amount_minor":-2500,"currency":"USD","kind":"fee","status":"completed","client":"Globex","description":"Service Fee for Bonus: great work","ref":"upwork:300000807"}
{"id":"upwork:300000819","date":"2026-04-01","amount_minor":-1234,"currency":"USD","kind":"fee","status":"completed","description":"VAT on service fees (EU)"}
{"id":"upwork:300000829","date":"2026-04-02","amount_minor":-750,"currency":"USD","kind":"fee","status":"completed","description":"Withholding tax"}
{"id":"upwork:300000835","date":"2026-06-15","amount_minor":-10000,"currency":"USD","kind":"refund","status":"completed","client":"Globex","description":"Refund to client: Milestone Design"}
OUT
	assert_equal "$(grep -c Withdrawal raw.ndjson)" 4
	assert_equal "$(grep -c Withdrawal recs.ndjson)" 0
	# Every invoice and adjustment is a record, and the totals are the rawValues' to the cent.
	assert_equal "$(wc -l <recs.ndjson)" "$(grep -c '"type":"AP' raw.ndjson)"
	want=$(jq -r 'select(.type | startswith("AP")) | .transactionAmount.rawValue' raw.ndjson |
		awk '{ sub(/\./, ""); s += $0 } END { print s }')
	run bash -c 'rt-aggregate recs.ndjson | jq .net_minor'
	assert_output "$want"
}

@test "rawValue converts exactly: more places than the currency has is refused; yen have none" {
	cat >in.ndjson <<'IN'
{"recordId":"1","type":"APInvoice","transactionCreationDate":"2026-05-01","transactionAmount":{"rawValue":"1234.5","currency":"USD"}}
{"recordId":"2","type":"APInvoice","transactionCreationDate":"2026-05-01","transactionAmount":{"rawValue":"0.005","currency":"USD"}}
{"recordId":"3","type":"APInvoice","transactionCreationDate":"2026-05-01","transactionAmount":{"rawValue":"1500","currency":"JPY"}}
{"recordId":"4","type":"APAdjustment","transactionCreationDate":"2026-05-01","transactionAmount":{"rawValue":"3.00","currency":"USD"},"paymentStatus":"Pending"}
{"recordId":"5","type":"APInvoice","transactionCreationDate":"2026-05-01"}
IN
	run --separate-stderr rt-normalize --source upwork in.ndjson
	assert_failure 1
	assert_output - <<'OUT'
{"id":"upwork:1","source":"upwork","date":"2026-05-01","amount_minor":123450,"currency":"USD","kind":"sale","status":"completed"}
{"id":"upwork:3","source":"upwork","date":"2026-05-01","amount_minor":1500,"currency":"JPY","kind":"sale","status":"completed"}
{"id":"upwork:4","source":"upwork","date":"2026-05-01","amount_minor":300,"currency":"USD","kind":"adjustment","status":"pending"}
OUT
	assert_equal "$stderr" 'rt-normalize: in.ndjson:2: amount "0.005" has more decimal places than the currency allows for USD
rt-normalize: in.ndjson:5: map: no transactionAmount'
}

@test "GraphQL errors in a 200 answer are exit 3 with their message, and the state does not move" {
	start --faults ok,ok,graphql-error
	run --separate-stderr rt-fetch-upwork --state-out st.new
	assert_failure 3
	assert_equal "$output" "$(expected 2026-01-01 2026-01-31)"
	assert_equal "$stderr" "rt-fetch-upwork: $FAKE_URL/graphql (transactionHistory 2026-02-01..2026-02-28): Upwork answered GraphQL errors: Authentication failed: not enough oauth2 permissions/scopes to access: [TransactionHistory.transactionDetail]; state not advanced"
	[ ! -e st.new ]
}

@test "--tenant, else RT_UPWORK_TENANT, is sent as X-Upwork-API-TenantId; one Upwork refuses is exit 3" {
	start
	run rt-fetch-upwork -q --tenant 424242 --since 2026-11-01
	assert_success
	RT_UPWORK_TENANT=424242 run rt-fetch-upwork -q --since 2026-11-01
	assert_success
	run jq -r '.headers["X-Upwork-API-TenantId"]' "$FAKE_LOG"
	assert_output "$(printf '424242\n%.0s' 1 2 3 4)"
	RT_UPWORK_TENANT=999 run --separate-stderr rt-fetch-upwork --since 2026-11-01
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-upwork: $FAKE_URL/graphql (accountingEntity): Upwork answered GraphQL errors: Tenant 999 is not accessible; state not advanced"
}

@test "a retried run after a failure midway gives no duplicate after rt-dedupe" {
	start --faults ok,ok,ok,500,500
	RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-upwork --state-out st.new
	assert_failure 3
	[ ! -e st.new ]
	assert_equal "$output" "$(expected 2026-01-01 2026-02-28)"
	echo "$output" >failed.ndjson
	rt-fetch-upwork -q --state-out st.new >retried.ndjson
	run bash -c 'cat failed.ndjson retried.ndjson | rt-normalize --source upwork | rt-dedupe | sort'
	assert_output "$(rt-normalize --source upwork retried.ndjson | sort)"
}

@test "429 with each reset header, 5xx, resets and truncated bodies are retried" {
	start --faults 429-retry-after,429-ratelimit-reset,500,502,503,truncate,504
	RT_HTTP_RETRIES=7 run --separate-stderr rt-fetch-upwork -v --since 2026-10-01
	assert_success
	assert_equal "$output" "$(expected 2026-10-01 2026-11-21)"
	run grep -c 'retry' <<<"$stderr"
	assert_output 7
}

@test "nothing listening, a stall and an answer that is not JSON are exit 3" {
	RT_UPWORK_URL=http://127.0.0.1:9 RT_UPWORK_TOKEN=$TOKEN RT_HTTP_RETRIES=0 run --separate-stderr rt-fetch-upwork
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-upwork: http://127.0.0.1:9/graphql: Couldn't connect to server (gave up after 1 attempts); state not advanced"
	start --faults stall,stall --stall 3
	RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-upwork
	assert_failure 3
	assert_equal "$(grep -c 'Timeout was reached (gave up after 2 attempts)' <<<"$stderr")" 1
	fake_stop_all
	start --faults nonjson
	run --separate-stderr rt-fetch-upwork
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-upwork: $FAKE_URL/graphql: the answer is not JSON (byte 1: unexpected character): <html><body><h1>Service temporarily unavailable</h1></body></html>; state not advanced"
}

@test "a refused token is exit 2 naming it; a missing one too; it is read from every place" {
	start
	RT_UPWORK_TOKEN=oauth2v2_wrong_123456789 run --separate-stderr rt-fetch-upwork
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-upwork: HTTP 401 from $FAKE_URL/graphql: check RT_UPWORK_TOKEN; state not advanced"
	unset RT_UPWORK_TOKEN
	run --separate-stderr rt-fetch-upwork
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-upwork: missing credential: set RT_UPWORK_TOKEN, or RT_UPWORK_TOKEN_FILE, or put it in $RT_SECRETS_DIR/upwork_token.txt"
	echo "$TOKEN" >tok.txt
	run rt-fetch-upwork -q --token-file tok.txt --since 2026-11-01
	assert_success
	RT_UPWORK_TOKEN_FILE=tok.txt run rt-fetch-upwork -q --since 2026-11-01
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	cp tok.txt "$RT_SECRETS_DIR/upwork_token.txt"
	run rt-fetch-upwork -q --since 2026-11-01
	assert_success
	assert_output "$(expected 2026-11-01 2026-11-21)"
}

@test "with -v the token never reaches stderr or the state, even on errors" {
	start --faults 429-retry-after,500
	run --separate-stderr rt-fetch-upwork -v --since 2026-11-01 --state-out st.new
	assert_success
	[[ "$stderr" == *'POST http'* ]]
	[[ "$stderr" != *"${TOKEN:0:20}"* ]]
	! grep -q "${TOKEN:0:20}" st.new
	RT_UPWORK_TOKEN=oauth2v2_wrong_123456789 run --separate-stderr rt-fetch-upwork -v
	assert_failure 2
	[[ "$stderr" != *oauth2v2_wrong_1234* ]]
}

@test "--state reads from the cursor less 14 days; --state-out writes the last day" {
	start
	rt-fetch-upwork -q --state-out st.new >/dev/null
	assert_equal "$(cat st.new)" '{"source":"upwork","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	mv st.new st
	: >"$FAKE_LOG"
	run --separate-stderr rt-fetch-upwork --state st
	assert_success
	assert_equal "$stderr" "rt-fetch-upwork: $(expected 2026-11-07 2026-11-21 | wc -l) records, 2026-11-07..2026-11-21, 2 requests"
	run jq -r '.body | fromjson | .variables.filter.transactionDateTime_bt | select(.) | .rangeStart + ".." + .rangeEnd' "$FAKE_LOG"
	assert_output '2026-11-07..2026-11-21'
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-upwork --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-upwork: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
}

@test "--help and --version" {
	run rt-fetch-upwork --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-fetch-upwork'
	run rt-fetch-upwork --version
	assert_output 'rt-fetch-upwork 0.1.0'
}

@test "SYNOPSIS agrees with the usage; mandoc finds nothing to warn about" {
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-upwork.1"
	assert_output ''
}

@test "rt-fetch-upwork(1) EXAMPLES run as shown against the fake" {
	start
	run_man_examples "$TOP/man/rt-fetch-upwork.1"
}

@test "--configured: 0 with the credential anywhere rt looks, 1 without; nothing asked; a short one is exit 2" {
	start
	run --separate-stderr rt-fetch-upwork --configured
	assert_success
	assert_equal "$output$stderr" ''
	run --separate-stderr rt-fetch-upwork --configured -v
	assert_success
	assert_equal "$stderr" 'rt-fetch-upwork: configured: RT_UPWORK_TOKEN'
	unset RT_UPWORK_TOKEN
	run --separate-stderr rt-fetch-upwork --configured
	assert_failure 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'rt-fetch-upwork: not configured: RT_UPWORK_TOKEN is not set'
	run --separate-stderr rt-fetch-upwork --configured -q
	assert_failure 1
	assert_equal "$stderr" ''
	run --separate-stderr rt-fetch-upwork --configured --token-file nope.txt
	assert_success
	RT_UPWORK_TOKEN_FILE=nope.txt run --separate-stderr rt-fetch-upwork --configured
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	echo "$TOKEN" >"$RT_SECRETS_DIR/upwork_token.txt"
	run --separate-stderr rt-fetch-upwork --configured --since 2026-12-01 --state /nonexistent/st.json
	assert_success
	rm "$RT_SECRETS_DIR/upwork_token.txt"
	RT_UPWORK_TOKEN=short77 run --separate-stderr rt-fetch-upwork
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-upwork: RT_UPWORK_TOKEN is 7 characters long: a real secret has at least 8; check that it is all there'
	run fake_requests "$FAKE_LOG"
	assert_output 0
}
