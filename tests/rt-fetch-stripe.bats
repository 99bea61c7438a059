#!/usr/bin/env bats
# rt-fetch-stripe against a fake Stripe on 127.0.0.1 (tests/fakes/stripe.py),
# and the stripe map: one signed record per money movement, ids as rt(7) says.

load helper
load fake
load man

KEY=sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1
DATA="$TOP/tests/fakes/data/stripe.json"
FROM=1767247200	# 2026-01-01T00:00:00 in America/Chicago
NOW=1795262400	# RT_NOW, 2026-11-21T12:00:00Z
Q='created%5Bgte%5D=1767247200&created%5Blte%5D=1795262399&limit=100&expand%5B%5D=data.source'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start stripe "$@"
	export RT_STRIPE_URL=$FAKE_URL RT_STRIPE_API_KEY=$KEY
}

# The balance transactions created in FIRST..LAST (Unix seconds, both
# included), newest first, their sources expanded: what the fetcher must write.
expected() {
	jq -c --argjson a "$1" --argjson b "$2" '
		(.charges + .refunds + .disputes | map({(.id): .}) | add) as $o
		| .balance_transactions | map(select(.created >= $a and .created <= $b))
		| sort_by(.created, .id) | reverse | .[]
		| .source = (.source as $s | if $s == null then null else $o[$s] // {id: $s, object:
		    (if ($s | startswith("po_")) then "payout" else "transfer" end)} end)' "$DATA"
}

# Records of the account after rt-dedupe, by id: "id amount kind" lines.
ledger() {
	rt-normalize --source stripe "$@" | rt-dedupe --last | jq -r '"\(.id) \(.amount_minor) \(.kind)"' | sort
}

@test "the year to date: every page, newest first, sources expanded, Bearer key, the summary line" {
	start
	run --separate-stderr rt-fetch-stripe
	assert_success
	assert_equal "$stderr" 'rt-fetch-stripe: 296 records, 2026-01-01..2026-11-21, 3 requests'
	assert_equal "$output" "$(expected $FROM $((NOW - 1)))"
	run jq -r '[.method, .path, .query["created[gte]"], .query["created[lte]"], .query.limit, .query["expand[]"], .query.starting_after // "-"] | join(" ")' "$FAKE_LOG"
	assert_line --index 0 'GET /v1/balance_transactions 1767247200 1795262399 100 data.source -'
	assert_line --index 1 --regexp '^GET /v1/balance_transactions 1767247200 1795262399 100 data.source txn_[A-Za-z0-9]{24}$'
	assert_equal "${#lines[@]}" 3
	# Each cursor is the last id of the page before.
	assert_equal "${lines[1]##* }" "$(sed -n 100p <<<"$(expected $FROM $((NOW - 1)))" | jq -r .id)"
	run jq -r '.auth' "$FAKE_LOG"
	assert_line --index 0 "Bearer $KEY"
}

@test "the map: ids by the rule, refs to the sale, fees in the balance's currency" {
	start
	rt-fetch-stripe -q >raw.ndjson
	run --separate-stderr rt-normalize --source stripe raw.ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_equal "$(wc -l <<<"$output")" 491
	echo "$output" >recs.ndjson
	run jq -c 'select(.id | test("pi_3(Euro|YenSettledInYen|DisputeLost)|ch_3Legacy|dp_dRP")) | del(.source, .status)' recs.ndjson
	assert_output - <<'OUT'
{"id":"stripe:pi_3EuroSettledInDollars00","date":"2026-09-12","amount_minor":4900,"currency":"EUR","kind":"sale","client":"Jörg Müller","description":"Pro plan (annual)","ts":"2026-09-12T10:00:00Z"}
{"id":"stripe:pi_3EuroSettledInDollars00:fee","date":"2026-09-12","amount_minor":-185,"currency":"USD","kind":"fee","description":"Stripe processing fees","ts":"2026-09-12T10:00:00Z","ref":"stripe:pi_3EuroSettledInDollars00"}
{"id":"stripe:pi_3YenSettledInYen000000","date":"2026-09-09","amount_minor":4800,"currency":"JPY","kind":"sale","client":"Yamada Taro","description":"Course: Unix pipes","ts":"2026-09-10T03:00:00Z"}
{"id":"stripe:pi_3YenSettledInYen000000:fee","date":"2026-09-09","amount_minor":-173,"currency":"JPY","kind":"fee","description":"Stripe processing fees","ts":"2026-09-10T03:00:00Z","ref":"stripe:pi_3YenSettledInYen000000"}
{"id":"stripe:dp_dRP4uWLmDksiqkxX2IW1u3HQ","date":"2026-06-20","amount_minor":-20000,"currency":"USD","kind":"chargeback","description":"Dispute (fraudulent)","ts":"2026-06-20T16:00:00Z","ref":"stripe:pi_3DisputeLost00000000000"}
{"id":"stripe:dp_dRP4uWLmDksiqkxX2IW1u3HQ:fee","date":"2026-06-20","amount_minor":-1500,"currency":"USD","kind":"fee","description":"Stripe processing fees","ts":"2026-06-20T16:00:00Z","ref":"stripe:dp_dRP4uWLmDksiqkxX2IW1u3HQ"}
{"id":"stripe:pi_3DisputeLost00000000000","date":"2026-06-01","amount_minor":20000,"currency":"USD","kind":"sale","client":"Disputed Lost","description":"Pro plan (monthly)","ts":"2026-06-01T16:00:00Z"}
{"id":"stripe:pi_3DisputeLost00000000000:fee","date":"2026-06-01","amount_minor":-610,"currency":"USD","kind":"fee","description":"Stripe processing fees","ts":"2026-06-01T16:00:00Z","ref":"stripe:pi_3DisputeLost00000000000"}
{"id":"stripe:ch_3LegacyNoIntent00000000","date":"2026-03-03","amount_minor":1200,"currency":"USD","kind":"sale","client":"Legacy Card","description":"Pro plan (annual)","ts":"2026-03-03T16:00:00Z"}
{"id":"stripe:ch_3LegacyNoIntent00000000:fee","date":"2026-03-03","amount_minor":-65,"currency":"USD","kind":"fee","description":"Stripe processing fees","ts":"2026-03-03T16:00:00Z","ref":"stripe:ch_3LegacyNoIntent00000000"}
OUT
	# Payouts and the transfer give nothing; every charge gives a sale and its fee.
	assert_equal "$(jq -c 'select(.description == "STRIPE PAYOUT" or .description == "transfer")' recs.ndjson)" ''
	assert_equal "$(jq -c 'select(.kind == "sale")' recs.ndjson | wc -l)" "$(jq '[.balance_transactions[] | select(.type == "charge" and .created < 1795262400)] | length' "$DATA")"
}

@test "JPY stays yen; ISK loses Stripe's two zero decimals; a sale in JPY settled in USD keeps its yen" {
	start
	run bash -c 'rt-fetch-stripe -q --since 2026-09-09 --until 2026-09-13 | rt-normalize --source stripe | jq -r "select(.currency != \"USD\" or (.ref // \"\" | test(\"Yen\"))) | [.id, .amount_minor, .currency] | @tsv"'
	assert_success
	assert_output - <<'OUT'
stripe:pi_3KronaTwoDecimal0000000	2500	ISK
stripe:pi_3KronaTwoDecimal0000000:fee	-72	ISK
stripe:pi_3EuroSettledInDollars00	4900	EUR
stripe:pi_3YenSettledInDollars000	12000	JPY
stripe:pi_3YenSettledInDollars000:fee	-262	USD
stripe:pi_3YenSettledInYen000000	4800	JPY
stripe:pi_3YenSettledInYen000000:fee	-173	JPY
OUT
	# What Stripe sent, for the record: 4800 yen and 250000 for 2500 krónur.
	run bash -c "jq -c '.charges[] | select(.currency != \"usd\") | [.currency, .amount]' '$DATA'"
	assert_output - <<'OUT'
["jpy",4800]
["jpy",12000]
["eur",4900]
["isk",250000]
OUT
	echo '{"object":"charge","id":"ch_1","status":"succeeded","created":1795262000,"currency":"isk","amount":12345,"payment_intent":null}' >bad.ndjson
	run --separate-stderr rt-normalize --source stripe bad.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: bad.ndjson:1: map: isk amount 12345 is not a whole unit (Stripe writes it with two zero decimals)'
}

@test "refunds, partial and whole, refer to their sale and net it to exactly zero with the failed one undone" {
	start
	rt-fetch-stripe -q >raw.ndjson
	rt-normalize --source stripe raw.ndjson >recs.ndjson
	# Two refunds, 3000 and 7000, of a sale of 10000.
	run jq -s '[.[] | select(.id == "stripe:pi_3PartlyRefundedTwice000" or (.ref == "stripe:pi_3PartlyRefundedTwice000" and .kind == "refund")) | .amount_minor] | [length, add]' recs.ndjson
	assert_output "$(printf '[\n  3,\n  0\n]')"
	# A refund that failed a week later: the refund, then an adjustment that undoes it.
	run jq -r 'select(.ref == "stripe:pi_3RefundFailed0000000000" and .kind != "fee") | "\(.id | sub("re_[A-Za-z0-9]+"; "re_X")) \(.amount_minor) \(.kind) \(.date)"' recs.ndjson
	assert_output - <<'OUT'
stripe:re_X:failure 2500 adjustment 2026-05-09
stripe:re_X -2500 refund 2026-05-02
OUT
}

@test "a dispute won gives the chargeback, its fee and the funds back as an adjustment" {
	start
	run bash -c 'rt-fetch-stripe -q --since 2026-07-01 --until 2026-08-31 | rt-normalize --source stripe | jq -r "select(.id | test(\"dp_\")) | [.id, .amount_minor, .kind, .ref] | @tsv"'
	assert_success
	assert_output - <<'OUT'
stripe:dp_U5kWAbvgYfurEXluH4K4Esng:reversal	15000	adjustment	stripe:pi_3DisputeWon000000000000
stripe:dp_U5kWAbvgYfurEXluH4K4Esng	-15000	chargeback	stripe:pi_3DisputeWon000000000000
stripe:dp_U5kWAbvgYfurEXluH4K4Esng:fee	-1500	fee	stripe:dp_U5kWAbvgYfurEXluH4K4Esng
OUT
}

@test "a charge refunded after the first sync comes as a refund in the next incremental run; the net is right" {
	start
	run --separate-stderr rt-fetch-stripe --state-out st.new
	assert_success
	mv st.new st
	assert_equal "$(cat st)" '{"source":"stripe","cursor":"2026-11-21T12:00:00Z","updated_at":"2026-11-21T12:00:00Z"}'
	echo "$output" >first.ndjson
	assert_equal "$(grep -c RefundedAfterFirstSync first.ndjson)" 1
	: >"$FAKE_LOG"
	RT_NOW=2026-11-21T12:10:00Z run --separate-stderr rt-fetch-stripe --state st --state-out st.new
	assert_success
	assert_equal "$stderr" 'rt-fetch-stripe: 2 records, 2026-11-21..2026-11-21, 1 requests'
	# From the cursor less five minutes to the new now less a second.
	run jq -r '.query["created[gte]"] + ".." + .query["created[lte]"]' "$FAKE_LOG"
	assert_output "$((NOW - 300))..$((NOW + 599))"
	assert_equal "$(cat st.new)" '{"source":"stripe","cursor":"2026-11-21T12:10:00Z","updated_at":"2026-11-21T12:10:00Z"}'
	RT_NOW=2026-11-21T12:10:00Z rt-fetch-stripe -q --state st >second.ndjson
	# The sale, its fee and the refund; the sale nets to minus its fee.
	run bash -c 'cat first.ndjson second.ndjson | rt-normalize --source stripe | rt-dedupe --last | jq -s -c "[.[] | select(.id == \"stripe:pi_3RefundedAfterFirstSync0\" or .ref == \"stripe:pi_3RefundedAfterFirstSync0\") | .amount_minor] | [., add]"'
	assert_output '[[5000,-175,-5000],-175]'
	# And the whole account nets as one fetch made at 12:10 does.
	want=$(RT_NOW=2026-11-21T12:10:00Z rt-fetch-stripe -q | rt-normalize --source stripe | rt-aggregate -g currency)
	run bash -c 'cat first.ndjson second.ndjson | rt-normalize --source stripe | rt-dedupe --last | rt-aggregate -g currency'
	assert_output "$want"
}

@test "a record created exactly at the window's edge is neither lost nor doubled" {
	start
	# Created at 12:00:00, the first run's now: left for the next run.
	rt-fetch-stripe -q --state-out st >first.ndjson
	assert_equal "$(grep -c CreatedAtTheWindowEdge first.ndjson)" 0
	RT_NOW=2026-11-21T12:01:00Z rt-fetch-stripe -q --state st --lookback 0 >second.ndjson
	assert_equal "$(grep -c CreatedAtTheWindowEdge second.ndjson)" 1
	assert_equal "$(cat first.ndjson second.ndjson | jq -r .id | sort | uniq -d)" ''
	# With the default lookback it comes twice, and is one record after rt-dedupe.
	RT_NOW=2026-11-21T12:01:00Z rt-fetch-stripe -q --state st >third.ndjson
	assert_equal "$(grep -c CreatedAtTheWindowEdge third.ndjson)" 1
	run bash -c 'cat first.ndjson second.ndjson third.ndjson | rt-normalize --source stripe | rt-dedupe | jq -r "select(.id | test(\"Edge\")) | .id"'
	assert_output - <<'OUT'
stripe:pi_3CreatedAtTheWindowEdge0
stripe:pi_3CreatedAtTheWindowEdge0:fee
OUT
	# An --until in the past ends at the end of that day, not now.
	rt-fetch-stripe -q --since 2026-11-01 --until 2026-11-10 >/dev/null
	run jq -r '.query["created[lte]"]' "$FAKE_LOG"
	assert_equal "${lines[-1]}" "$(($(TZ=America/Chicago date -d '2026-11-11 00:00' +%s) - 1))"
}

@test "--lookback takes days, or s, m, h; the state's cursor must be an instant" {
	start
	echo '{"source":"stripe","cursor":"2026-11-21T11:00:00Z"}' >st
	# The cursor is an hour before now; the lookback goes back further.
	for lb in 90s:90 5m:300 2h:7200 1:86400 1d:86400 0:0; do
		: >"$FAKE_LOG"
		rt-fetch-stripe -q --state st --lookback "${lb%%:*}" >/dev/null
		run jq -r '.query["created[gte]"]' "$FAKE_LOG"
		assert_equal "--lookback ${lb%%:*}: $output" "--lookback ${lb%%:*}: $((NOW - 3600 - ${lb#*:}))"
	done
	run --separate-stderr rt-fetch-stripe --lookback 5x
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-stripe: --lookback "5x" is not a time: N days, or Ns, Nm, Nh (up to 3660 days)'
	echo '{"source":"stripe","cursor":"2026-11-20"}' >st
	run --separate-stderr rt-fetch-stripe --state st
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-stripe: st: "cursor" "2026-11-20" is not an RFC 3339 instant'
	# The other fetchers keep days only.
	run --separate-stderr rt-fetch-close --lookback 5m
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-close: --lookback "5m" is not a number of days (0 to 3660)'
}

@test "--objects charges: sales only, the same ids, failed charges give nothing" {
	start
	run --separate-stderr rt-fetch-stripe --objects charges
	assert_success
	assert_equal "$stderr" 'rt-fetch-stripe: 242 records, 2026-01-01..2026-11-21, 3 requests'
	run jq -r '.path + " " + (.query["expand[]"] // "-")' "$FAKE_LOG"
	assert_line --index 0 '/v1/charges -'
	rt-fetch-stripe -q --objects charges | rt-normalize --source stripe | jq -r .id | sort >charges.ids
	rt-fetch-stripe -q | rt-normalize --source stripe | jq -r 'select(.kind == "sale") | .id' | sort >sales.ids
	run diff charges.ids sales.ids
	assert_success
	assert_equal "$(grep -c DeclinedCard <(rt-fetch-stripe -q --objects charges))" 1
	run --separate-stderr rt-fetch-stripe --objects payouts
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-stripe: --objects "payouts" is not balance_transactions or charges'
}

@test "a retried run after a failure midway gives no duplicate after rt-dedupe" {
	start --faults ok,500,500
	RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-stripe --state-out st.new
	assert_failure 3
	assert_equal "$(wc -l <<<"$output")" 100
	[ ! -e st.new ]
	echo "$output" >failed.ndjson
	rt-fetch-stripe -q --state-out st.new >retried.ndjson
	[ -e st.new ]
	run bash -c 'cat failed.ndjson retried.ndjson | rt-normalize --source stripe | rt-dedupe | sort'
	assert_output "$(rt-normalize --source stripe retried.ndjson | sort)"
}

@test "429 with each reset header is waited out; Stripe-Should-Retry true retries a 409" {
	start --faults 429-retry-after,429-x-reset,429,409-retry
	RT_HTTP_RETRIES=5 run --separate-stderr rt-fetch-stripe -v --since 2026-11-01
	assert_success
	run grep retry <<<"$stderr"
	assert_line --index 0 'rt-fetch-stripe: retry 1 of 5 in 1.000 s'
	assert_line --index 1 'rt-fetch-stripe: retry 2 of 5 in 1.000 s'
	assert_line --index 2 --regexp '^rt-fetch-stripe: retry 3 of 5 in 0\.[0-9]{3} s$'
	assert_line --index 3 --regexp '^rt-fetch-stripe: retry 4 of 5 in 0\.[0-9]{3} s$'
	run fake_requests "$FAKE_LOG"
	assert_output 5
}

@test "Stripe-Should-Retry false is final even for a 500: exit 3 after one attempt" {
	start --faults 500-final
	run --separate-stderr rt-fetch-stripe -v --state-out st.new
	assert_failure 3
	run grep -c 'Stripe-Should-Retry: false; not retrying' <<<"$stderr"
	assert_output 1
	assert_equal "${stderr##*$'\n'}" "rt-fetch-stripe: HTTP 500 from $FAKE_URL/v1/balance_transactions?$Q: {\"error\": {\"type\": \"api_error\", \"message\": \"something went wrong\"}}; state not advanced"
	run fake_requests "$FAKE_LOG"
	assert_output 1
	[ ! -e st.new ]
}

@test "5xx, resets and truncated bodies are retried" {
	start --faults 500,502,503,reset,truncate,504
	run --separate-stderr rt-fetch-stripe --since 2026-11-01
	assert_success
	assert_equal "$output" "$(expected "$(TZ=America/Chicago date -d 2026-11-01 +%s)" $((NOW - 1)))"
}

@test "a 400 is exit 3 with Stripe's message; nothing listening and a stall are exit 3" {
	start --faults 400
	run --separate-stderr rt-fetch-stripe
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-stripe: HTTP 400 from $FAKE_URL/v1/balance_transactions?$Q: {\"error\": {\"type\": \"invalid_request_error\", \"message\": \"Invalid created[gte]: must be an integer\", \"code\": \"parameter_invalid_integer\"}}; state not advanced"
	fake_stop_all
	RT_STRIPE_URL=http://127.0.0.1:9 RT_STRIPE_API_KEY=$KEY RT_HTTP_RETRIES=0 run --separate-stderr rt-fetch-stripe
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-stripe: http://127.0.0.1:9/v1/balance_transactions?$Q: Couldn't connect to server (gave up after 1 attempts); state not advanced"
	start --faults stall,stall --stall 3
	RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-stripe
	assert_failure 3
	assert_equal "$(grep -c 'Timeout was reached (gave up after 2 attempts)' <<<"$stderr")" 1
}

@test "an answer that is not JSON, or not a list, is exit 3 with its first bytes" {
	start --faults nonjson
	run --separate-stderr rt-fetch-stripe
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-stripe: $FAKE_URL/v1/balance_transactions?$Q: the answer is not JSON (byte 1: unexpected character): <html><body><h1>Service temporarily unavailable</h1></body></html>; state not advanced"
}

@test "the same cursor twice stops the fetch with exit 3 rather than loop" {
	start --faults ok,repeat
	run --separate-stderr rt-fetch-stripe --state-out st.new
	assert_failure 3
	assert_equal "$(wc -l <<<"$output")" 200
	assert_equal "$stderr" 'rt-fetch-stripe: the API returned the same starting_after cursor twice; stopping rather than loop; state not advanced'
	[ ! -e st.new ]
}

@test "a refused key is exit 2 naming the credential; a missing one too" {
	start
	RT_STRIPE_API_KEY=sk_test_wrong_key_123456789 run --separate-stderr rt-fetch-stripe
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-stripe: HTTP 401 from $FAKE_URL/v1/balance_transactions?$Q: check RT_STRIPE_API_KEY; state not advanced"
	unset RT_STRIPE_API_KEY
	run --separate-stderr rt-fetch-stripe
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-stripe: missing credential: set RT_STRIPE_API_KEY, or RT_STRIPE_API_KEY_FILE, or put it in $RT_SECRETS_DIR/stripe_api_key.txt"
	run fake_requests "$FAKE_LOG"
	assert_output 1
}

@test "the key is read from --key-file, RT_STRIPE_API_KEY_FILE or the secrets directory" {
	start
	unset RT_STRIPE_API_KEY
	echo "$KEY" >key.txt
	run rt-fetch-stripe -q --key-file key.txt --since 2026-11-20
	assert_success
	RT_STRIPE_API_KEY_FILE=key.txt run rt-fetch-stripe -q --since 2026-11-20
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	printf '%s\n' "$KEY" >"$RT_SECRETS_DIR/stripe_api_key.txt"
	run rt-fetch-stripe -q --since 2026-11-20
	assert_success
	assert_output --partial ch_3RefundedAfterFirstSync0
}

@test "with -v the key never reaches stderr or the state, even on errors" {
	start --faults 429-x-reset,500
	run --separate-stderr rt-fetch-stripe -v --state-out st.new
	assert_success
	[[ "$stderr" == *'GET http'* ]]
	[[ "$stderr" != *"$KEY"* ]]
	[[ "$stderr" != *"${KEY:0:20}"* ]]
	! grep -q "${KEY:0:20}" st.new
	RT_STRIPE_API_KEY=sk_test_wrong_key_123456789 run --separate-stderr rt-fetch-stripe -v
	assert_failure 2
	[[ "$stderr" != *sk_test_wrong_key_12345* ]]
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-stripe --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-stripe: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
}

@test "the map refuses what it cannot book: unexpanded sources, unknown types, other objects" {
	cat >bad.ndjson <<'IN'
{"object":"balance_transaction","id":"txn_1","type":"charge","source":"ch_1","amount":100,"fee":0,"currency":"usd","created":1795262000}
{"object":"balance_transaction","id":"txn_2","type":"mystery_money","source":null,"amount":100,"fee":0,"currency":"usd","created":1795262000}
{"object":"payout","id":"po_1"}
{"object":"balance_transaction","id":"txn_3","type":"payout","source":{"id":"po_1","object":"payout"},"amount":-100,"fee":0,"currency":"usd","created":1795262000}
IN
	run --separate-stderr rt-normalize --source stripe bad.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-normalize: bad.ndjson:1: map: the source is not expanded: fetch with expand[]=data.source, as rt-fetch-stripe does
rt-normalize: bad.ndjson:2: map: balance transaction type "mystery_money" is not known to this map; nothing is guessed
rt-normalize: bad.ndjson:3: map: a Stripe payout is neither a balance_transaction nor a charge'
}

@test "--help and --version" {
	run rt-fetch-stripe --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-fetch-stripe'
	run rt-fetch-stripe --version
	assert_output 'rt-fetch-stripe 0.1.0'
}

@test "SYNOPSIS agrees with the usage; mandoc finds nothing to warn about" {
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-stripe.1"
	assert_output ''
}

@test "rt-fetch-stripe(1) EXAMPLES run as shown against the fake" {
	start
	run_man_examples "$TOP/man/rt-fetch-stripe.1"
}

@test "--configured: 0 with the credential anywhere rt looks, 1 without; nothing asked; a short one is exit 2" {
	start
	run --separate-stderr rt-fetch-stripe --configured
	assert_success
	assert_equal "$output$stderr" ''
	run --separate-stderr rt-fetch-stripe --configured -v
	assert_success
	assert_equal "$stderr" 'rt-fetch-stripe: configured: RT_STRIPE_API_KEY'
	unset RT_STRIPE_API_KEY
	run --separate-stderr rt-fetch-stripe --configured
	assert_failure 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'rt-fetch-stripe: not configured: RT_STRIPE_API_KEY is not set'
	run --separate-stderr rt-fetch-stripe --configured -q
	assert_failure 1
	assert_equal "$stderr" ''
	run --separate-stderr rt-fetch-stripe --configured --key-file nope.txt
	assert_success
	RT_STRIPE_API_KEY_FILE=nope.txt run --separate-stderr rt-fetch-stripe --configured
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	echo "$KEY" >"$RT_SECRETS_DIR/stripe_api_key.txt"
	run --separate-stderr rt-fetch-stripe --configured --since 2026-12-01 --state /nonexistent/st.json
	assert_success
	rm "$RT_SECRETS_DIR/stripe_api_key.txt"
	RT_STRIPE_API_KEY=short77 run --separate-stderr rt-fetch-stripe
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-stripe: RT_STRIPE_API_KEY is 7 characters long: a real secret has at least 8; check that it is all there'
	run fake_requests "$FAKE_LOG"
	assert_output 0
}
