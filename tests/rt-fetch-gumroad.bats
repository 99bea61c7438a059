#!/usr/bin/env bats
# rt-fetch-gumroad against a fake Gumroad on 127.0.0.1 (tests/fakes/gumroad.py),
# and the gumroad map: a sale, its fee, refund and chargeback, by rt(7)'s ids.

load helper
load fake
load man

TOKEN=gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd
DATA="$TOP/tests/fakes/data/gumroad.json"
WHOLE=cYo_XwH6bTBkeKYC2NFYGd==	# refunded in full
PART=0V6SMVFq93hfB15encCzVo==	# 100.00, 60.00 still refundable
BACK=NnWDt-tKeVro9y-0ht68DW==	# charged back
WON=zGOfdR5y9Na6kTZXN10GKv==	# dispute won
LATE=pZROtLuBNeyXQBiLAToy1R==	# 2026-11-21T05:30:00Z, the 20th in Chicago

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start gumroad "$@"
	export RT_GUMROAD_URL=$FAKE_URL RT_GUMROAD_TOKEN=$TOKEN
}

# The sales created in [FROM, TO) (RFC 3339), newest first, each with rt_currency USD.
expected() {
	jq -c --arg a "$1" --arg b "$2" 'map(select(.created_at >= $a and .created_at < $b))
		| sort_by(.created_at, .order_id) | reverse | .[] | .rt_currency = "USD"' "$DATA"
}

# One sale's records: "suffix amount kind status" lines.
sale_records() {
	jq -r --arg id "gumroad:$1" 'select(.id == $id or (.id | startswith($id + ":"))) |
		"\(.id | ltrimstr($id) | if . == "" then "sale" else ltrimstr(":") end) \(.amount_minor) \(.kind) \(.status)"'
}

@test "the year to date: pages of ten, UTC days that hold the zone's, Bearer token, the summary line" {
	start
	run --separate-stderr rt-fetch-gumroad
	assert_success
	assert_equal "$stderr" 'rt-fetch-gumroad: 126 records, 2026-01-01..2026-11-21, 13 requests'
	assert_equal "$output" "$(expected 2026-01-01T06:00:00Z 2026-11-22T06:00:00Z)"
	run jq -r '[.path, .query.after, .query.before, .query.page_key // "-", .auth] | join(" ")' "$FAKE_LOG"
	assert_line --index 0 "/v2/sales 2026-01-01 2026-11-23 - Bearer $TOKEN"
	assert_line --index 1 --regexp "^/v2/sales 2026-01-01 2026-11-23 [0-9]{20}-[0-9]+ Bearer $TOKEN\$"
	assert_equal "${#lines[@]}" 13
}

@test "a sale at 23:30 in Chicago is that day's, though Gumroad's day is the next" {
	start
	run rt-fetch-gumroad -q --since 2026-11-20 --until 2026-11-20
	assert_success
	assert_output --partial "$LATE"
	run jq -r '.query.after + ".." + .query.before' "$FAKE_LOG"
	assert_output '2026-11-20..2026-11-22'
	run rt-fetch-gumroad -q --since 2026-11-21
	assert_success
	refute_output --partial "$LATE"
	run bash -c "rt-fetch-gumroad -q --since 2026-11-20 | rt-normalize --source gumroad | jq -r 'select(.id == \"gumroad:$LATE\") | .date'"
	assert_output '2026-11-20'
}

@test "the map: the sale, its fee, a refund in full, in part, a chargeback, a dispute won; no free download" {
	start
	rt-fetch-gumroad -q --since 2026-10-01 --until 2026-10-05 >raw.ndjson
	run --separate-stderr rt-normalize --source gumroad raw.ndjson
	assert_success
	assert_equal "$stderr" ''
	echo "$output" >recs.ndjson
	run jq -c "select(.id | startswith(\"gumroad:$PART\"))" recs.ndjson
	assert_output - <<OUT
{"id":"gumroad:$PART","source":"gumroad","date":"2026-10-02","amount_minor":10000,"currency":"USD","kind":"sale","status":"completed","client":"Refunded In Part","description":"Coaching Session","ts":"2026-10-02T15:00:00Z"}
{"id":"gumroad:$PART:fee","source":"gumroad","date":"2026-10-02","amount_minor":-1050,"currency":"USD","kind":"fee","status":"completed","client":"Refunded In Part","description":"Gumroad fee","ts":"2026-10-02T15:00:00Z","ref":"gumroad:$PART"}
{"id":"gumroad:$PART:refund","source":"gumroad","date":"2026-10-02","amount_minor":-4000,"currency":"USD","kind":"refund","status":"completed","client":"Refunded In Part","description":"Refund (partial) of Coaching Session","ts":"2026-10-02T15:00:00Z","ref":"gumroad:$PART"}
OUT
	run sale_records "$WHOLE" <recs.ndjson
	assert_output - <<'OUT'
sale 4900 sale completed
fee -540 fee completed
refund -4900 refund completed
OUT
	run sale_records "$BACK" <recs.ndjson
	assert_output - <<'OUT'
sale 2900 sale completed
fee -340 fee completed
chargeback -2900 chargeback completed
OUT
	run sale_records "$WON" <recs.ndjson
	assert_output - <<'OUT'
sale 1500 sale completed
fee -200 fee completed
chargeback -1500 chargeback reversed
OUT
	run grep -c 'Free Sample' recs.ndjson
	assert_output 0
	assert_equal "$(grep -c 'Free Sample' raw.ndjson)" 1
}

@test "a partial refund, then a refund of the rest, nets the sale to exactly zero" {
	start
	rt-fetch-gumroad -q --since 2026-10-02 --until 2026-10-02 >first.ndjson
	fake_stop_all
	# Gumroad changes the sale in place: refunded now, nothing left to refund.
	jq --arg id "$PART" 'map(if .id == $id then .refunded = true | .partially_refunded = false
		| .amount_refundable_in_currency = "0" else . end)' "$DATA" >later.json
	start --data later.json
	rt-fetch-gumroad -q --since 2026-10-02 --until 2026-10-02 >second.ndjson
	run bash -c "cat first.ndjson second.ndjson | rt-normalize --source gumroad | rt-dedupe --last | jq -s -c '[.[] | select(.id == \"gumroad:$PART\" or .id == \"gumroad:$PART:refund\") | .amount_minor] | [., add]'"
	assert_output '[[10000,-10000],0]'
	# Each delivery alone: 40.00 refunded, then all of it.
	run bash -c "cat first.ndjson second.ndjson | rt-normalize --source gumroad | jq -r 'select(.id == \"gumroad:$PART:refund\") | .amount_minor'"
	assert_output "$(printf -- '-4000\n-10000')"
}

@test "a refund is never larger than the sale, nor below zero; a chargeback takes only what was not refunded" {
	base='{"id":"s1","created_at":"2026-10-02T15:00:00Z","product_name":"P","price":10000,"gumroad_fee":0,"currency_symbol":"$"'
	{
		echo "$base,\"partially_refunded\":true,\"amount_refundable_in_currency\":\"0.00\"}"
		echo "$base,\"partially_refunded\":true,\"amount_refundable_in_currency\":\"150.00\"}"
		echo "$base,\"partially_refunded\":true,\"refunded\":true,\"amount_refundable_in_currency\":\"30.00\"}"
		echo "$base,\"partially_refunded\":true,\"amount_refundable_in_currency\":\"12.5\",\"chargedback\":true}"
		echo "$base,\"refunded\":true,\"chargedback\":true,\"amount_refundable_in_currency\":\"0\"}"
	} >in.ndjson
	run --separate-stderr bash -c "rt-normalize --source gumroad in.ndjson | jq -r '[.id, .amount_minor] | @tsv'"
	assert_success
	assert_output - <<'OUT'
gumroad:s1	10000
gumroad:s1:refund	-10000
gumroad:s1	10000
gumroad:s1	10000
gumroad:s1:refund	-10000
gumroad:s1	10000
gumroad:s1:refund	-8750
gumroad:s1:chargeback	-1250
gumroad:s1	10000
gumroad:s1:refund	-10000
OUT
}

@test "a partial refund shown in another currency, or a refundable that is not a plain decimal, is refused" {
	base='{"id":"s1","created_at":"2026-10-02T15:00:00Z","product_name":"P","price":914,"gumroad_fee":54,"partially_refunded":true'
	{
		echo "$base,\"currency_symbol\":\"¥\",\"amount_refundable_in_currency\":\"500\"}"
		echo "$base,\"currency_symbol\":\"\$\",\"amount_refundable_in_currency\":\"4,50\"}"
	} >in.ndjson
	run --separate-stderr rt-normalize --source gumroad in.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: map: a partial refund of a sale shown in "¥": amount_refundable_in_currency is in that currency, price in USD cents
rt-normalize: in.ndjson:2: map: amount_refundable_in_currency "4,50" is not a plain decimal'
}

@test "--currency names the currency the API leaves out; a bad one is exit 2" {
	start
	run bash -c 'rt-fetch-gumroad -q --currency eur --since 2026-10-01 --until 2026-10-01 | rt-normalize --source gumroad | jq -r .currency | sort -u'
	assert_output 'EUR'
	run --separate-stderr rt-fetch-gumroad --currency EURO
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-gumroad: --currency "EURO" is not an ISO 4217 code'
	run --separate-stderr rt-fetch-gumroad --currency XYZ
	assert_failure 2
	run fake_requests "$FAKE_LOG"
	assert_output 1
}

@test "the same next_page_key again (Gumroad's known bug) is exit 3, not a loop" {
	start --faults ok,ok,repeat
	run --separate-stderr rt-fetch-gumroad --state-out st.new
	assert_failure 3
	assert_equal "$(wc -l <<<"$output")" 30
	assert_equal "$stderr" 'rt-fetch-gumroad: the API returned the same next_page_key (a known Gumroad bug) twice; stopping rather than loop; state not advanced'
	[ ! -e st.new ]
	run fake_requests "$FAKE_LOG"
	assert_output 3
}

@test "\"success\": false in a 200 is exit 3 with Gumroad's message" {
	start --faults success-false
	run --separate-stderr rt-fetch-gumroad --state-out st.new
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-gumroad: $FAKE_URL/v2/sales?after=2026-01-01&before=2026-11-23: Gumroad answered \"success\": false: The sale was not found.; state not advanced"
	[ ! -e st.new ]
}

@test "a retried run after a failure midway gives no duplicate after rt-dedupe" {
	start --faults ok,ok,ok,500,500
	RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-gumroad --state-out st.new
	assert_failure 3
	assert_equal "$(wc -l <<<"$output")" 30
	[ ! -e st.new ]
	echo "$output" >failed.ndjson
	rt-fetch-gumroad -q --state-out st.new >retried.ndjson
	run bash -c 'cat failed.ndjson retried.ndjson | rt-normalize --source gumroad | rt-dedupe | sort'
	assert_output "$(rt-normalize --source gumroad retried.ndjson | sort)"
}

@test "429 with each reset header, 5xx, resets and truncated bodies are retried" {
	start --faults 429-retry-after,429-x-reset-epoch,429,500,502,503,reset,truncate,504
	RT_HTTP_RETRIES=9 run --separate-stderr rt-fetch-gumroad -v --since 2026-11-01
	assert_success
	assert_equal "$output" "$(expected 2026-11-01T05:00:00Z 2026-11-22T06:00:00Z)"
	run grep -c ' 429 (' <<<"$stderr"
	assert_output 3
	# libcurl itself sends again on a fresh connection when a reused one was reset.
	run grep -c 'retry' <<<"$stderr"
	assert_output 8
}

@test "nothing listening, a stall and an answer that is not JSON are exit 3" {
	RT_GUMROAD_URL=http://127.0.0.1:9 RT_GUMROAD_TOKEN=$TOKEN RT_HTTP_RETRIES=0 run --separate-stderr rt-fetch-gumroad
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-gumroad: http://127.0.0.1:9/v2/sales?after=2026-01-01&before=2026-11-23: Couldn't connect to server (gave up after 1 attempts); state not advanced"
	start --faults stall,stall --stall 3
	RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-gumroad
	assert_failure 3
	assert_equal "$(grep -c 'Timeout was reached (gave up after 2 attempts)' <<<"$stderr")" 1
	fake_stop_all
	start --faults nonjson
	run --separate-stderr rt-fetch-gumroad
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-gumroad: $FAKE_URL/v2/sales?after=2026-01-01&before=2026-11-23: the answer is not JSON (byte 1: unexpected character): <html><body><h1>Service temporarily unavailable</h1></body></html>; state not advanced"
}

@test "a refused token is exit 2 naming it; a missing one too; it is read from every place" {
	start
	RT_GUMROAD_TOKEN=gr_wrong_token_123456789 run --separate-stderr rt-fetch-gumroad
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-gumroad: HTTP 401 from $FAKE_URL/v2/sales?after=2026-01-01&before=2026-11-23: check RT_GUMROAD_TOKEN; state not advanced"
	unset RT_GUMROAD_TOKEN
	run --separate-stderr rt-fetch-gumroad
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-gumroad: missing credential: set RT_GUMROAD_TOKEN, or RT_GUMROAD_TOKEN_FILE, or put it in $RT_SECRETS_DIR/gumroad_access_token.txt"
	echo "$TOKEN" >tok.txt
	run rt-fetch-gumroad -q --token-file tok.txt --since 2026-11-20
	assert_success
	RT_GUMROAD_TOKEN_FILE=tok.txt run rt-fetch-gumroad -q --since 2026-11-20
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	cp tok.txt "$RT_SECRETS_DIR/gumroad_access_token.txt"
	run rt-fetch-gumroad -q --since 2026-11-20
	assert_success
	assert_output --partial "$LATE"
}

@test "with -v the token never reaches stderr or the state, even on errors" {
	start --faults 429-retry-after,500
	run --separate-stderr rt-fetch-gumroad -v --since 2026-11-01 --state-out st.new
	assert_success
	[[ "$stderr" == *'GET http'* ]]
	[[ "$stderr" != *"${TOKEN:0:20}"* ]]
	! grep -q "${TOKEN:0:20}" st.new
	RT_GUMROAD_TOKEN=gr_wrong_token_123456789 run --separate-stderr rt-fetch-gumroad -v
	assert_failure 2
	[[ "$stderr" != *gr_wrong_token_12345* ]]
}

@test "--state reads from the cursor less 30 days; --state-out writes the last day" {
	start
	rt-fetch-gumroad -q --state-out st.new >/dev/null
	assert_equal "$(cat st.new)" '{"source":"gumroad","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	mv st.new st
	: >"$FAKE_LOG"
	RT_TODAY=2026-11-22 run --separate-stderr rt-fetch-gumroad --state st --lookback 1
	assert_success
	assert_equal "$stderr" 'rt-fetch-gumroad: 4 records, 2026-11-20..2026-11-22, 1 requests'
	run jq -r '.query.after + ".." + .query.before' "$FAKE_LOG"
	assert_output '2026-11-20..2026-11-24'
	: >"$FAKE_LOG"
	run --separate-stderr rt-fetch-gumroad --state st
	assert_success
	assert_equal "$stderr" 'rt-fetch-gumroad: 14 records, 2026-10-22..2026-11-21, 2 requests'
}

@test "on a terminal the fetch shows its pages and how far back it has read" {
	command -v script >/dev/null || skip "script(1) is not installed"
	start
	run script -qec "rt-fetch-gumroad --since 2026-10-01 >/dev/null" /dev/null
	assert_success
	assert_output --partial $'\r\033[Krt-fetch-gumroad: 1 pages, 10 records, back to 2026-10-29'
	assert_output --partial $'\r\033[Krt-fetch-gumroad: 25 records, 2026-10-01..2026-11-21, 3 requests'
	# Not on a terminal, or with -q: nothing but the summary.
	run --separate-stderr rt-fetch-gumroad --since 2026-10-01
	assert_equal "$stderr" 'rt-fetch-gumroad: 25 records, 2026-10-01..2026-11-21, 3 requests'
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-gumroad --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-gumroad: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
}

@test "--help and --version" {
	run rt-fetch-gumroad --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-fetch-gumroad'
	run rt-fetch-gumroad --version
	assert_output 'rt-fetch-gumroad 0.1.0'
}

@test "SYNOPSIS agrees with the usage; mandoc finds nothing to warn about" {
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-gumroad.1"
	assert_output ''
}

@test "rt-fetch-gumroad(1) EXAMPLES run as shown against the fake" {
	start
	run_man_examples "$TOP/man/rt-fetch-gumroad.1"
}

@test "--configured: 0 with the credential anywhere rt looks, 1 without; nothing asked; a short one is exit 2" {
	start
	run --separate-stderr rt-fetch-gumroad --configured
	assert_success
	assert_equal "$output$stderr" ''
	run --separate-stderr rt-fetch-gumroad --configured -v
	assert_success
	assert_equal "$stderr" 'rt-fetch-gumroad: configured: RT_GUMROAD_TOKEN'
	unset RT_GUMROAD_TOKEN
	run --separate-stderr rt-fetch-gumroad --configured
	assert_failure 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'rt-fetch-gumroad: not configured: RT_GUMROAD_TOKEN is not set'
	run --separate-stderr rt-fetch-gumroad --configured -q
	assert_failure 1
	assert_equal "$stderr" ''
	run --separate-stderr rt-fetch-gumroad --configured --token-file nope.txt
	assert_success
	RT_GUMROAD_TOKEN_FILE=nope.txt run --separate-stderr rt-fetch-gumroad --configured
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	echo "$TOKEN" >"$RT_SECRETS_DIR/gumroad_access_token.txt"
	run --separate-stderr rt-fetch-gumroad --configured --since 2026-12-01 --state /nonexistent/st.json
	assert_success
	rm "$RT_SECRETS_DIR/gumroad_access_token.txt"
	RT_GUMROAD_TOKEN=short77 run --separate-stderr rt-fetch-gumroad
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-gumroad: RT_GUMROAD_TOKEN is 7 characters long: a real secret has at least 8; check that it is all there'
	run fake_requests "$FAKE_LOG"
	assert_output 0
}
