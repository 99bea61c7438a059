#!/usr/bin/env bats
# rt-fetch-fanvue against a fake Fanvue on 127.0.0.1 (tests/fakes/fanvue.py),
# and the fanvue map: gross as the sale, net less gross as the fee.

load helper
load fake
load man

TOKEN=fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp
DATA="$TOP/tests/fakes/data/fanvue.json"
Q='startDate=2026-01-01T06:00:00Z&endDate=2026-11-21T12:00:00Z&size=50'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start fanvue "$@"
	export RT_FANVUE_URL=$FAKE_URL RT_FANVUE_TOKEN=$TOKEN
}

# Earnings dated in [FROM, TO) (RFC 3339 with milliseconds), newest first, twins numbered.
expected() {
	jq -c --arg a "$1" --arg b "$2" 'map(select(.date >= $a and .date < $b))
		| . as $all | [range(length)] | sort_by([$all[.].date, -.]) | reverse | map($all[.])
		| reduce .[] as $r ({seen: {}, out: []};
		    ([$r.date, $r.source, ($r.user.uuid? // "")] | tojson) as $k
		    | .seen[$k] += 1
		    | .out += [if .seen[$k] > 1 then $r + {rt_seq: .seen[$k]} else $r end])
		| .out[]' "$DATA"
}

@test "the year to date: pages of 50, the version header, Bearer token, the summary line" {
	start
	run --separate-stderr rt-fetch-fanvue
	assert_success
	assert_equal "$stderr" 'rt-fetch-fanvue: 156 records, 2026-01-01..2026-11-21, 4 requests'
	assert_equal "$output" "$(expected 2026-01-01T06:00:00.000Z 2026-11-21T12:00:00.000Z)"
	run jq -r '[.path, .query.startDate, .query.endDate, .query.size, .query.cursor // "-", .auth, .headers["X-Fanvue-API-Version"]] | join(" ")' "$FAKE_LOG"
	assert_line --index 0 "/insights/earnings 2026-01-01T06:00:00Z 2026-11-21T12:00:00Z 50 - Bearer $TOKEN 2025-06-26"
	assert_line --index 1 "/insights/earnings 2026-01-01T06:00:00Z 2026-11-21T12:00:00Z 50 eyJpIjogNTB9 Bearer $TOKEN 2025-06-26"
	assert_equal "${#lines[@]}" 4
}

@test "the map: gross is the sale, net less gross the fee; a reversal is a refund; no fan, no currency" {
	start
	run --separate-stderr bash -c 'rt-fetch-fanvue -q --since 2026-10-10 --until 2026-10-14 | rt-normalize --source fanvue'
	assert_success
	assert_equal "$stderr" ''
	echo "$output" >recs.ndjson
	run jq -c 'select(.id | test("10-1[024]T10")) | del(.source, .status) | .id |= sub("/[0-9a-f-]{36}"; "/uuid")' recs.ndjson
	assert_output - <<'OUT'
{"id":"fanvue:2026-10-14T10:00:00.000Z/subscription/uuid","date":"2026-10-14","amount_minor":899,"currency":"GBP","kind":"sale","client":"Quiet One","description":"Fanvue subscription","ts":"2026-10-14T10:00:00Z"}
{"id":"fanvue:2026-10-14T10:00:00.000Z/subscription/uuid:fee","date":"2026-10-14","amount_minor":-180,"currency":"GBP","kind":"fee","client":"Quiet One","description":"Fanvue fee","ts":"2026-10-14T10:00:00Z","ref":"fanvue:2026-10-14T10:00:00.000Z/subscription/59ba1b0d-5c90-4158-a909-406c2e416788"}
{"id":"fanvue:2026-10-12T10:00:00.000Z/message/uuid","date":"2026-10-12","amount_minor":-1500,"currency":"USD","kind":"refund","client":"Big Spender","description":"Fanvue message (reverses order ord_7f3a9c)","ts":"2026-10-12T10:00:00Z"}
{"id":"fanvue:2026-10-12T10:00:00.000Z/message/uuid:fee","date":"2026-10-12","amount_minor":300,"currency":"USD","kind":"adjustment","client":"Big Spender","description":"Fanvue fee","ts":"2026-10-12T10:00:00Z","ref":"fanvue:2026-10-12T10:00:00.000Z/message/1509bb0a-9bf1-4331-8a11-8783593942a4"}
{"id":"fanvue:2026-10-10T10:00:00.000Z/referral/-","date":"2026-10-10","amount_minor":500,"currency":"USD","kind":"sale","description":"Fanvue referral","ts":"2026-10-10T10:00:00Z"}
OUT
	# Two tips from one fan in one millisecond are two records.
	run jq -r 'select(.date == "2026-10-13" and .kind == "sale") | "\(.id | sub("/[0-9a-f-]{36}"; "/uuid")) \(.amount_minor)"' recs.ndjson
	assert_output - <<'OUT'
fanvue:2026-10-13T10:00:00.123Z/tip/uuid 500
fanvue:2026-10-13T10:00:00.123Z/tip/uuid/2 2500
OUT
	# Every earning's net is what its sale and fee add up to.
	want=$(jq '[.[] | select(.date >= "2026-10-10T05:00:00.000Z" and .date < "2026-10-15T05:00:00.000Z") | .net] | add' "$DATA")
	run bash -c 'rt-aggregate recs.ndjson | jq -s "map(.net_minor) | add"'
	assert_output "$want"
}

@test "an id in the row comes first; an amount that is not whole cents is refused" {
	cat >in.ndjson <<'IN'
{"orderId":"ord_1","date":"2026-10-01T10:00:00.000Z","gross":1000,"net":800,"currency":"EUR","source":"tip","user":null}
{"date":"2026-10-01T10:00:00.000Z","gross":10.5,"net":10.5,"currency":"USD","source":"tip","user":null}
IN
	run --separate-stderr rt-normalize --source fanvue in.ndjson
	assert_failure 1
	assert_output - <<'OUT'
{"id":"fanvue:ord_1","source":"fanvue","date":"2026-10-01","amount_minor":1000,"currency":"EUR","kind":"sale","status":"completed","description":"Fanvue tip","ts":"2026-10-01T10:00:00Z"}
{"id":"fanvue:ord_1:fee","source":"fanvue","date":"2026-10-01","amount_minor":-200,"currency":"EUR","kind":"fee","status":"completed","description":"Fanvue fee","ts":"2026-10-01T10:00:00Z","ref":"fanvue:ord_1"}
OUT
	assert_equal "$stderr" 'rt-normalize: in.ndjson:2: amount_minor "10.5" is not a whole number of minor units'
}

@test "--currency names every amount's currency; a bad one is exit 2" {
	start
	run bash -c 'rt-fetch-fanvue -q --currency usd --since 2026-10-14 --until 2026-10-14 | rt-normalize --source fanvue | jq -r .currency | sort -u'
	assert_output 'USD'
	run --separate-stderr rt-fetch-fanvue --currency US
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-fanvue: --currency "US" is not an ISO 4217 code'
}

@test "incremental on its cursor: a payment at the window's edge comes once, and the net is right" {
	start
	rt-fetch-fanvue -q --state-out st.new >first.ndjson
	assert_equal "$(cat st.new)" '{"source":"fanvue","cursor":"2026-11-21T12:00:00Z","updated_at":"2026-11-21T12:00:00Z"}'
	mv st.new st
	assert_equal "$(grep -c 'T12:00:00.000Z' first.ndjson)" 0
	: >"$FAKE_LOG"
	RT_NOW=2026-11-21T12:10:00Z run --separate-stderr rt-fetch-fanvue --state st --state-out st.new
	assert_success
	assert_equal "$stderr" 'rt-fetch-fanvue: 2 records, 2026-11-20..2026-11-21, 1 requests'
	echo "$output" >second.ndjson
	assert_equal "$(grep -c 'T12:00:00.000Z' second.ndjson)" 1
	run jq -r '.query.startDate + ".." + .query.endDate' "$FAKE_LOG"
	assert_output '2026-11-20T12:00:00Z..2026-11-21T12:10:00Z'
	RT_NOW=2026-11-21T12:10:00Z run rt-fetch-fanvue -q --state st --lookback 0
	assert_output --partial 'T12:00:00.000Z'
	assert_equal "$(wc -l <<<"$output")" 1
	want=$(RT_NOW=2026-11-21T12:10:00Z rt-fetch-fanvue -q | rt-normalize --source fanvue | rt-aggregate -g currency)
	run bash -c 'cat first.ndjson second.ndjson | rt-normalize --source fanvue | rt-dedupe | rt-aggregate -g currency'
	assert_output "$want"
}

@test "the same cursor twice is exit 3, not a loop" {
	start --faults ok,ok,repeat
	run --separate-stderr rt-fetch-fanvue --state-out st.new
	assert_failure 3
	assert_equal "$(wc -l <<<"$output")" 150
	assert_equal "$stderr" 'rt-fetch-fanvue: the API returned the same nextCursor twice; stopping rather than loop; state not advanced'
	[ ! -e st.new ]
}

@test "a retried run after a failure midway gives no duplicate after rt-dedupe" {
	start --faults ok,ok,500,500
	RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-fanvue --state-out st.new
	assert_failure 3
	assert_equal "$(wc -l <<<"$output")" 100
	[ ! -e st.new ]
	echo "$output" >failed.ndjson
	rt-fetch-fanvue -q --state-out st.new >retried.ndjson
	run bash -c 'cat failed.ndjson retried.ndjson | rt-normalize --source fanvue | rt-dedupe | sort'
	assert_output "$(rt-normalize --source fanvue retried.ndjson | sort)"
}

@test "429 with Fanvue's X-RateLimit-Reset (a Unix time) and the others, 5xx, resets, truncation are retried" {
	start --faults 429-x-reset-epoch,429-retry-after,500,502,503,truncate,504
	RT_HTTP_RETRIES=7 run --separate-stderr rt-fetch-fanvue -v --since 2026-11-01
	assert_success
	assert_equal "$output" "$(expected 2026-11-01T05:00:00.000Z 2026-11-21T12:00:00.000Z)"
	run grep retry <<<"$stderr"
	assert_line --index 0 --regexp '^rt-fetch-fanvue: retry 1 of 7 in [012]\.000 s$'
	assert_line --index 1 'rt-fetch-fanvue: retry 2 of 7 in 1.000 s'
	assert_equal "${#lines[@]}" 7
}

@test "nothing listening, a stall and an answer that is not JSON are exit 3" {
	RT_FANVUE_URL=http://127.0.0.1:9 RT_FANVUE_TOKEN=$TOKEN RT_HTTP_RETRIES=0 run --separate-stderr rt-fetch-fanvue
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-fanvue: http://127.0.0.1:9/insights/earnings?$Q: Couldn't connect to server (gave up after 1 attempts); state not advanced"
	start --faults stall,stall --stall 3
	RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-fanvue
	assert_failure 3
	assert_equal "$(grep -c 'Timeout was reached (gave up after 2 attempts)' <<<"$stderr")" 1
	fake_stop_all
	start --faults nonjson
	run --separate-stderr rt-fetch-fanvue
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-fanvue: $FAKE_URL/insights/earnings?$Q: the answer is not JSON (byte 1: unexpected character): <html><body><h1>Service temporarily unavailable</h1></body></html>; state not advanced"
}

@test "a refused token is exit 2 naming it; a missing one too; it is read from every place" {
	start
	RT_FANVUE_TOKEN=fv_wrong_token_123456789 run --separate-stderr rt-fetch-fanvue
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-fanvue: HTTP 401 from $FAKE_URL/insights/earnings?$Q: check RT_FANVUE_TOKEN; state not advanced"
	unset RT_FANVUE_TOKEN
	run --separate-stderr rt-fetch-fanvue
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-fanvue: missing credential: set RT_FANVUE_TOKEN, or RT_FANVUE_TOKEN_FILE, or put it in $RT_SECRETS_DIR/fanvue_token.txt"
	echo "$TOKEN" >tok.txt
	run rt-fetch-fanvue -q --token-file tok.txt --since 2026-11-20
	assert_success
	RT_FANVUE_TOKEN_FILE=tok.txt run rt-fetch-fanvue -q --since 2026-11-20
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	cp tok.txt "$RT_SECRETS_DIR/fanvue_token.txt"
	run rt-fetch-fanvue -q --since 2026-11-20
	assert_success
	assert_output "$(expected 2026-11-20T06:00:00.000Z 2026-11-21T12:00:00.000Z)"
}

@test "with -v the token never reaches stderr or the state, even on errors" {
	start --faults 429-retry-after,500
	run --separate-stderr rt-fetch-fanvue -v --since 2026-11-01 --state-out st.new
	assert_success
	[[ "$stderr" == *'GET http'* ]]
	[[ "$stderr" != *"${TOKEN:0:20}"* ]]
	! grep -q "${TOKEN:0:20}" st.new
	RT_FANVUE_TOKEN=fv_wrong_token_123456789 run --separate-stderr rt-fetch-fanvue -v
	assert_failure 2
	[[ "$stderr" != *fv_wrong_token_12345* ]]
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-fanvue --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-fanvue: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
}

@test "--help and --version" {
	run rt-fetch-fanvue --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-fetch-fanvue'
	run rt-fetch-fanvue --version
	assert_output 'rt-fetch-fanvue 0.1.0'
}

@test "SYNOPSIS agrees with the usage; mandoc finds nothing to warn about" {
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-fanvue.1"
	assert_output ''
}

@test "rt-fetch-fanvue(1) EXAMPLES run as shown against the fake" {
	start
	run_man_examples "$TOP/man/rt-fetch-fanvue.1"
}

@test "--configured: 0 with the credential anywhere rt looks, 1 without; nothing asked; a short one is exit 2" {
	start
	run --separate-stderr rt-fetch-fanvue --configured
	assert_success
	assert_equal "$output$stderr" ''
	run --separate-stderr rt-fetch-fanvue --configured -v
	assert_success
	assert_equal "$stderr" 'rt-fetch-fanvue: configured: RT_FANVUE_TOKEN'
	unset RT_FANVUE_TOKEN
	run --separate-stderr rt-fetch-fanvue --configured
	assert_failure 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'rt-fetch-fanvue: not configured: RT_FANVUE_TOKEN is not set'
	run --separate-stderr rt-fetch-fanvue --configured -q
	assert_failure 1
	assert_equal "$stderr" ''
	run --separate-stderr rt-fetch-fanvue --configured --token-file nope.txt
	assert_success
	RT_FANVUE_TOKEN_FILE=nope.txt run --separate-stderr rt-fetch-fanvue --configured
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	echo "$TOKEN" >"$RT_SECRETS_DIR/fanvue_token.txt"
	run --separate-stderr rt-fetch-fanvue --configured --since 2026-12-01 --state /nonexistent/st.json
	assert_success
	rm "$RT_SECRETS_DIR/fanvue_token.txt"
	RT_FANVUE_TOKEN=short77 run --separate-stderr rt-fetch-fanvue
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-fanvue: RT_FANVUE_TOKEN is 7 characters long: a real secret has at least 8; check that it is all there'
	run fake_requests "$FAKE_LOG"
	assert_output 0
}
