#!/usr/bin/env bats
# rt-post against a fake Convex action and a fake Slack webhook on 127.0.0.1
# (tests/fakes/convex.py, tests/fakes/slack.py).

load helper
load fake
load man

SECRET=convex_test_secret_7Hq2LmX9
TOKEN=bearer_test_token_Zp4Wq81Rv

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	umask 077 # secrets are written as a careful user writes them: rt warns of others that can read one
	export RT_HTTP_BACKOFF=10
	mkdir -p .secrets
	printf '%s\n' "$SECRET" >.secrets/convex_secret.txt
	printf '%s\n' "$TOKEN" >.secrets/token.txt
}

# A deployment whose action checks the snapshot's schema, as a real one does.
deployment() {
	fake_start convex "$@"
	SNAP="$FAKE_URL/revenue/snapshot"
}

# One that takes any JSON object, for the tests of posting in general.
convex() {
	deployment --schema none "$@"
}

slack() {
	fake_start slack "$@"
	HOOK="$FAKE_URL/services/T000/B000/XXXX"
	printf '%s\n' "$HOOK" >.secrets/slack_webhook_url.txt
}

# The bodies the fake received, one a line, exactly as sent.
bodies() {
	jq -r '.body' "$FAKE_LOG"
}

# The SHA-256 of a string, as sha256sum computes it.
sha() {
	printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

@test "the snapshot body: exact 2-place amounts, past 2^53 too, null for failed sources, msn a number" {
	deployment
	run --separate-stderr rt-post --jq @convex-snapshot --arg failed 'redventures, msn' \
	    --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" "$FIX/summary-large.json"
	assert_success
	assert_output '{"ok":true,"id":"snap_1"}'
	assert_equal "$stderr" ''
	run bodies
	assert_output '{"snapshotDate":"2026-11-21","totalYtdUsd":9007199254740993.12,"projectedAnnualUsd":10115777624555269.20,"last30dUsd":90071992547409.92,"sources":{"close":12345.60,"impact":-7.00,"redventures":null,"adsbymoney":0.05,"msn":9007199254728654.47},"createdAt":1795262400000}'
	run jq -r '[.method, .path, .content_type, .user_agent] | join(" ")' "$FAKE_LOG"
	assert_success
	assert_output 'POST /revenue/snapshot application/json rt/0.1.0'
}

@test "rt-aggregate --summary | rt-post --jq @convex-snapshot: what Convex stores" {
	deployment
	rt-aggregate --summary "$FIX/records.ndjson" >summary.json
	run rt-post --jq @convex-snapshot --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <summary.json
	assert_success
	want='{"snapshotDate":"2026-11-21","totalYtdUsd":54964.80,"projectedAnnualUsd":61729.70,"last30dUsd":20993.00,"sources":{"close":1750.00,"impact":0.00,"redventures":0.00,"adsbymoney":0.00,"msn":53250.00},"createdAt":1795262400000}'
	run bodies
	assert_success
	assert_output "$want"
	# What the action stored is byte for byte what was sent.
	run python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$FAKE_URL/revenue/latest"
	assert_success
	assert_output "$want"
	# RT_NOW, else the clock, is $rt_now, and $rt_now_ms in epoch milliseconds, as Date.now() gives them.
	RT_NOW=2027-01-02T03:04:05Z run rt-post -n --jq '[$rt_now, $rt_now_ms]' "$SNAP" <summary.json
	assert_output '["2027-01-02T03:04:05Z","1798859045000"]'
	run bash -c 'RT_NOW= rt-post -n --jq "[\$rt_now, \$rt_now_ms]" "$0" <summary.json' "$SNAP"
	assert_output --regexp '^\["20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z","1[0-9]{9}000"\]$'
	# createdAt is the clock's too, a number.
	run bash -c 'RT_NOW= rt-post -n --jq @convex-snapshot "$0" <summary.json | jq ".createdAt | type, (. > 1700000000000)"' "$SNAP"
	assert_output $'"number"\ntrue'
}

@test "the Slack message: every currency in its own format, never added; per-source lines, failed sources, the goal" {
	slack
	rt-aggregate --summary --goal 100000 "$FIX/records.ndjson" >summary.json
	run --separate-stderr rt-post --jq @slack-summary --arg failed impact,upwork --url-file .secrets/slack_webhook_url.txt summary.json
	assert_success
	assert_output 'ok'
	run bodies
	assert_output '{"text":"Revenue snapshot 2026-11-21: YTD $54,964.80 · last 30 days $20,993.00 · projected $61,729.70\nIn JPY: YTD ¥1,500,000 · last 30 days ¥1,500,000 · projected ¥1,684,615\n• Close: $1,750.00\n• Impact: failed\n• RV Media: $0.00\n• AdsByMoney: $0.00\n• MSN: $53,250.00\n• Stripe: -$28.20\n• Gumroad: ¥1,500,000\n• Upwork: failed\n• Manual: -$7.00\nGoal: 54.96% reached"}'
	# A €3,200 contract shows in euros, beside the dollars, never added to them.
	run rt-post -n --jq @slack-summary https://example.com/hook "$FIX/summary-large.json"
	assert_output '{"text":"Revenue snapshot 2026-11-21: YTD $9,007,199,254,740,993.12 · last 30 days $90,071,992,547,409.92 · projected $10,115,777,624,555,269.20\nIn EUR: YTD €3,200.00 · last 30 days €0.00 · projected €3,593.85\n• Close: $12,345.60\n• Impact: -$7.00\n• RV Media: $0.00\n• AdsByMoney: $0.05\n• MSN: $9,007,199,254,728,654.47\n• Manual: €3,200.00"}'
	# A source in two currencies shows both; a currency without a symbol shows its code, with its own places.
	rec '{as_of: "2026-11-21", currencies: {BHD: {ytd_minor: -1234567, sources: {manual: -1234567}}, CHF: {ytd_minor: 1200, sources: {manual: 1200, zeta: 5}}, USD: {ytd_minor: 100, sources: {manual: 100}}}}' >multi.json
	run rt-post -n --jq @slack-summary https://example.com/hook multi.json
	assert_output '{"text":"Revenue snapshot 2026-11-21: YTD $1.00 · last 30 days $0.00 · projected $0.00\nIn BHD: YTD BHD -1,234.567 · last 30 days BHD 0.000 · projected BHD 0.000\nIn CHF: YTD CHF 12.00 · last 30 days CHF 0.00 · projected CHF 0.00\n• Close: $0.00\n• Impact: $0.00\n• RV Media: $0.00\n• AdsByMoney: $0.00\n• MSN: $0.00\n• Manual: $1.00, BHD -1,234.567, CHF 12.00\n• Zeta: CHF 0.05"}'
}

@test "one table of names: the tracker and the Slack message both read share/rt/sources.json" {
	mkdir share
	cp -r "$TOP/share/rt" share/
	jq '(.[] | select(.source == "redventures") | .name) = "Red Ventures Network" | . + [{source: "zeta", name: "ZetaCo"}]' \
	    "$TOP/share/rt/sources.json" >share/rt/sources.json
	export RT_SHARE_DIR=$PWD/share/rt
	rec '{id: "zeta:1", source: "zeta", date: "2026-11-02", amount_minor: 500, currency: "USD", kind: "sale", status: "completed"}' >z.ndjson
	rec '{id: "redventures:1", source: "redventures", date: "2026-11-02", amount_minor: 700, currency: "USD", kind: "sale", status: "completed"}' >>z.ndjson
	rt-md-update --no-touch tracker.md z.ndjson
	run grep -F '| Month |' tracker.md
	assert_output '| Month | Red Ventures Network | ZetaCo | Total |'
	run bash -c 'rt-aggregate --summary z.ndjson | rt-post -n --jq @slack-summary http://x/ | jq -r .text'
	assert_line --index 3 '• Red Ventures Network: $7.00'
	assert_line --index 6 '• ZetaCo: $5.00'
	# A broken table is a configuration error, for both.
	echo '[{"source": "Bad Name", "name": "x"}]' >share/rt/sources.json
	run --separate-stderr rt-md-update tracker.md z.ndjson
	assert_failure 2
	assert_equal "$stderr" "rt-md-update: $PWD/share/rt/sources.json: entry 1 is not {\"source\": \"[a-z0-9_-]+\", \"name\": \"...\"}"
	run --separate-stderr rt-post -n --jq . http://x/ <<<'{}'
	assert_failure 2
	assert_equal "$stderr" "rt-post: $PWD/share/rt/sources.json: entry 1 is not {\"source\": \"[a-z0-9_-]+\", \"name\": \"...\"}"
}

@test "the deployment checks the schema as Convex validators do: what it refuses is a 500 with the message" {
	local good='{"snapshotDate":"2026-11-21","totalYtdUsd":1.00,"projectedAnnualUsd":2.00,"last30dUsd":0.50,"sources":{"close":1.00,"impact":null,"redventures":0.00,"adsbymoney":0.00,"msn":0.00},"createdAt":1795262400000}'
	deployment
	export RT_HTTP_RETRIES=0
	run --separate-stderr rt-post --bearer-file .secrets/convex_secret.txt "$SNAP" <<<"$good"
	assert_success
	assert_output '{"ok":true,"id":"snap_1"}'
	# An extra field, at the top or in sources.
	run --separate-stderr rt-post --bearer-file .secrets/convex_secret.txt "$SNAP" <<<"${good%\}},\"goalUsd\":25000000}"
	assert_failure 3
	assert_equal "$stderr" "rt-post: HTTP 500 from $SNAP (gave up after 1 attempts): ArgumentValidationError: Object contains extra field \`goalUsd\` that is not in the validator. Path: . Object: {\"snapshotDate\":\"2026-11-21\",\"totalYtdUsd\":1.0,\"projectedAnnualUsd\":2.0,\"last30dUsd\":0.5,\"s"
	run --separate-stderr rt-post --bearer-file .secrets/convex_secret.txt "$SNAP" <<<"${good/\"msn\":0.00/\"msn\":0.00,\"manual\":5.00}"
	assert_failure 3
	[[ "$stderr" == *'Object contains extra field `manual` that is not in the validator. Path: .sources Object:'* ]]
	# A string where a number belongs: the ISO createdAt rt-post once sent.
	run --separate-stderr rt-post --bearer-file .secrets/convex_secret.txt "$SNAP" <<<"${good/1795262400000/\"2026-11-21T12:00:00Z\"}"
	assert_failure 3
	assert_equal "$stderr" "rt-post: HTTP 500 from $SNAP (gave up after 1 attempts): ArgumentValidationError: Value does not match validator. Path: .createdAt Value: \"2026-11-21T12:00:00Z\" Validator: v.float64()"
	# msn is a number, never null; the fetched sources may be null.
	run --separate-stderr rt-post --bearer-file .secrets/convex_secret.txt "$SNAP" <<<"${good/\"msn\":0.00/\"msn\":null}"
	assert_failure 3
	assert_equal "$stderr" "rt-post: HTTP 500 from $SNAP (gave up after 1 attempts): ArgumentValidationError: Value does not match validator. Path: .sources.msn Value: null Validator: v.float64()"
	run --separate-stderr rt-post --bearer-file .secrets/convex_secret.txt "$SNAP" <<<"${good/,\"createdAt\":1795262400000/}"
	assert_failure 3
	[[ "$stderr" == *'Object is missing the required field `createdAt`.'* ]]
	# Only the good one was stored, and the template's snapshot passes, as the deployment reads it back.
	rt-aggregate --summary "$FIX/records.ndjson" >summary.json
	run rt-post -q --jq @convex-snapshot --arg failed impact,msn --bearer-file .secrets/convex_secret.txt "$SNAP" summary.json
	assert_output '{"ok":true,"id":"snap_2"}'
	run curl -sf "$FAKE_URL/revenue/latest"
	assert_output '{"snapshotDate":"2026-11-21","totalYtdUsd":54964.80,"projectedAnnualUsd":61729.70,"last30dUsd":20993.00,"sources":{"close":1750.00,"impact":null,"redventures":0.00,"adsbymoney":0.00,"msn":53250.00},"createdAt":1795262400000}'
}

@test "the secret header: Bearer by default, or the name a deployment checks with --header-file" {
	deployment --secret-header x-activity-secret
	run --separate-stderr rt-post -n --jq @convex-snapshot "$SNAP" "$FIX/summary-large.json"
	assert_success
	run --separate-stderr rt-post --jq @convex-snapshot --bearer-file .secrets/convex_secret.txt "$SNAP" "$FIX/summary-large.json"
	assert_success
	run --separate-stderr rt-post --jq @convex-snapshot --header-file x-activity-secret:.secrets/convex_secret.txt "$SNAP" "$FIX/summary-large.json"
	assert_success
	run jq -r '[.auth // "-", .headers["x-activity-secret"] // "-"] | join(" ")' "$FAKE_LOG"
	assert_output $'Bearer convex_test_secret_7Hq2LmX9 -\n- convex_test_secret_7Hq2LmX9'
	# The other deployment's header is refused by this one, and named in the message.
	run --separate-stderr rt-post --jq @convex-snapshot --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" "$FIX/summary-large.json"
	assert_failure 2
	assert_equal "$stderr" "rt-post: HTTP 401 from $SNAP: unauthorized; check --header-file x-api-secret:.secrets/convex_secret.txt"
}

@test "rt.jq money helpers: digits of minor units, never float arithmetic" {
	run rt-post -n --jq 'include "rt"; [.[] | [rt_minor_decimal(2), rt_money_display(2; "$"), rt_minor_decimal(0), rt_minor_decimal(3)]]' http://x/ <<<'[1234560, 0, -5, 99, -700, 9007199254740992, "9007199254740993", "-123456789012345678"]'
	assert_success
	assert_output '[["12345.60","$12,345.60","1234560","1234.560"],["0.00","$0.00","0","0.000"],["-0.05","-$0.05","-5","-0.005"],["0.99","$0.99","99","0.099"],["-7.00","-$7.00","-700","-0.700"],["90071992547409.92","$90,071,992,547,409.92","9007199254740992","9007199254740.992"],["90071992547409.93","$90,071,992,547,409.93","9007199254740993","9007199254740.993"],["-1234567890123456.78","-$1,234,567,890,123,456.78","-123456789012345678","-123456789012345.678"]]'
	# rt_number writes the text it holds as a bare number, digit for digit.
	run rt-post -n --jq 'include "rt"; {a: (1234560 | rt_money_number(2)), b: ("9007199254740993" | rt_money_number(2)), c: ("0.10" | rt_number), d: (3 | rt_number), e: .x, f: (.x | rt_number)}' http://x/ <<<'{"x": 1.50}'
	assert_output '{"a":12345.60,"b":90071992547409.93,"c":0.10,"d":3,"e":"1.50","f":1.50}'
	run rt-post -n --jq 'include "rt"; [.[] | try rt_minor_text catch .]' http://x/ <<<'[1.5, 1.0, "01", null, 1e300]'
	# Fractions reach the program as their exact text, so "1.0" is refused too.
	assert_output '["\"1.5\" is not a whole number of minor units","\"1.0\" is not a whole number of minor units","\"01\" is not a whole number of minor units","null is not a whole number of minor units","\"1e300\" is not a whole number of minor units"]'
	run rt-post -n --jq 'include "rt"; [1.5, 2e53, -0, 9007199254740992] | map(try rt_minor_text catch .)' http://x/ <<<'{}'
	assert_output '["1.5 is not an exact whole number of minor units","2e+53 is not an exact whole number of minor units","0","9007199254740992"]'
	run rt-post -n --jq 'include "rt"; [.[] | try rt_number catch .]' http://x/ <<<'["1e5", "1.", ".5", "-0.5", "+1"]'
	assert_output '["\"1e5\" is not a plain decimal number","\"1.\" is not a plain decimal number","\".5\" is not a plain decimal number",-0.5,"\"+1\" is not a plain decimal number"]'
}

@test "without --jq the document is sent byte for byte, a multi-line one too" {
	convex
	printf ' \n{"snapshotDate": "2026-11-21",\n  "totalYtdUsd": 12345.60, "big": 90071992547409931}\n\n' >doc.json
	run rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" doc.json
	assert_success
	run jq -j '.body' "$FAKE_LOG"
	assert_success
	assert_output "$(printf '{"snapshotDate": "2026-11-21",\n  "totalYtdUsd": 12345.60, "big": 90071992547409931}')"
}

@test "--each: one request per line, in order, each answer on its line" {
	slack
	printf '{"text":"one"}\n\n{"text":"two"}\r\n{"text":"three"}' >msgs.ndjson
	run --separate-stderr rt-post --each --url-file .secrets/slack_webhook_url.txt msgs.ndjson
	assert_success
	assert_output "$(printf 'ok\nok\nok')"
	run bodies
	assert_success
	assert_output "$(printf '{"text":"one"}\n{"text":"two"}\n{"text":"three"}')"
	# Several files, and a program that yields several bodies, or none, for a line.
	printf '{"n":3}\n' >three.ndjson
	run rt-post -n --each --jq '.n as $n | range($n) | {text: "\($n)"}' http://x/ - three.ndjson <<<$'{"n":2}\n{"n":0}'
	assert_output "$(printf '{"text":"2"}\n{"text":"2"}\n{"text":"3"}\n{"text":"3"}\n{"text":"3"}')"
}

@test "--each: a bad line and a refused one are reported by place; the rest are sent" {
	slack
	printf '{"text":"one"}\n{"text":\n{"text":""}\n{"text":"four"}\n' >msgs.ndjson
	run --separate-stderr rt-post --each --url-file .secrets/slack_webhook_url.txt msgs.ndjson
	assert_failure 3
	assert_output "$(printf 'ok\nok')"
	assert_equal "$stderr" "$(printf '%s\n' \
	    'rt-post: msgs.ndjson:2: column 9: unexpected end of input' \
	    "rt-post: msgs.ndjson:3: HTTP 400 from ${FAKE_URL}/****XXXX: invalid_payload")"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 3
	# Only bad input: exit 1.
	printf '{"text":"one"}\nnot json\n' >msgs.ndjson
	run --separate-stderr rt-post --each --url-file .secrets/slack_webhook_url.txt msgs.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-post: msgs.ndjson:2: column 1: unexpected character'
}

@test "--each: a refused credential or an endpoint gone stops at once" {
	convex
	printf '{"n":1}\n{"n":2}\n' >docs.ndjson
	run --separate-stderr rt-post --each --bearer-file .secrets/convex_secret.txt --header 'x-api-secret: wrong' "$SNAP" docs.ndjson
	assert_success
	run --separate-stderr rt-post --each --header 'x-api-secret: wrong' "$SNAP" docs.ndjson
	assert_failure 2
	assert_equal "$stderr" "rt-post: docs.ndjson:1: HTTP 401 from $SNAP: unauthorized; check the credential: none was given (--bearer-file, --header-file)"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 3
	RT_HTTP_RETRIES=1 run --separate-stderr rt-post --each http://127.0.0.1:9/revenue/snapshot docs.ndjson
	assert_failure 3
	assert_equal "$stderr" 'rt-post: docs.ndjson:1: http://127.0.0.1:9/revenue/snapshot: Couldn'"'"'t connect to server (gave up after 2 attempts)'
}

@test "--slurp: every line of every file in one array, one request, numbers as they were" {
	slack
	printf '{"total":1234567890123456789}\n\n{"n":0.10}\n' >a.ndjson
	printf '{"b":[1,2]}\n' >b.ndjson
	run --separate-stderr rt-post -n --slurp "$HOOK" a.ndjson b.ndjson
	assert_success
	assert_output '[{"total":1234567890123456789},{"n":0.10},{"b":[1,2]}]'
	assert_equal "$stderr" ''
	run --separate-stderr rt-post --slurp --jq '{text: (length | tostring)}' "$HOOK" a.ndjson b.ndjson
	assert_success
	assert_output ok
	assert_equal "$(fake_requests "$FAKE_LOG")" 1
	assert_equal "$(bodies)" '{"text":"3"}'
	run --separate-stderr rt-post -n --slurp "$HOOK" /dev/null
	assert_success
	assert_output '[]'
}

@test "--slurp: a bad line sends nothing; --each with --slurp is a usage error" {
	slack
	printf '{"a":1}\n{"a":\n' >bad.ndjson
	run --separate-stderr rt-post --slurp "$HOOK" bad.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "$(printf '%s\n' 'rt-post: bad.ndjson:2: column 6: unexpected end of input' 'rt-post: nothing sent: --slurp sends every line or none')"
	assert_equal "$(fake_requests "$FAKE_LOG")" 0
	run --separate-stderr rt-post --slurp --each "$HOOK" bad.ndjson
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-post: --each sends a line a request, --slurp all lines in one: give one or the other'
}

@test "--header, --bearer-file and --header-file reach the endpoint; Content-Type can be replaced" {
	convex
	run rt-post --header 'X-Trace: abc 123' --bearer-file .secrets/token.txt \
	    --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <<<'{"n":1}'
	assert_success
	run jq -r '.headers | [.["X-Trace"], .Authorization, .["x-api-secret"], .["Content-Type"], (has("Expect") | tostring)] | join("|")' "$FAKE_LOG"
	assert_success
	assert_output "abc 123|Bearer $TOKEN|$SECRET|application/json|false"
	# The bearer token alone is also accepted by this action.
	printf '%s\n' "$SECRET" >bearer.txt
	run rt-post --bearer-file bearer.txt --header 'Content-Type: application/json; charset=utf-8' "$SNAP" <<<'{"n":2}'
	assert_success
	assert_output '{"ok":true,"id":"snap_2"}'
	run jq -r 'select(.body == "{\"n\":2}") | .content_type' "$FAKE_LOG"
	assert_success
	assert_output 'application/json; charset=utf-8'
}

@test "-v logs the requests with the secrets masked, never a token, secret or webhook path" {
	convex --faults 500
	run --separate-stderr rt-post -v --bearer-file .secrets/token.txt \
	    --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <<<'{"n":1}'
	assert_success
	key=$(sha '{"n":1}')
	assert_equal "$(sed -E 's/\([0-9]+ ms\)/(N ms)/; s/in [0-9.]+ s/in N s/' <<<"$stderr")" "$(printf '%s\n' \
	    "rt-post: body of 7 bytes, Idempotency-Key $key" \
	    "rt-post: POST $SNAP 500 (N ms)" \
	    "rt-post: retry 1 of 5 in N s" \
	    "rt-post: POST $SNAP 200 (N ms)")"
	[[ "$stderr" != *"$TOKEN"* && "$stderr" != *"$SECRET"* ]]
	# A refused secret is named by its option, not shown.
	printf 'not_the_secret_at_all_9981\n' >wrong.txt
	run --separate-stderr rt-post -v --header-file x-api-secret:wrong.txt "$SNAP" <<<'{"n":1}'
	assert_failure 2
	[[ "$stderr" != *not_the_secret_at_all_9981* ]]
	[[ "$stderr" == *"rt-post: HTTP 401 from $SNAP: unauthorized; check --header-file x-api-secret:wrong.txt" ]]
	# A webhook read with --url-file shows only its scheme and host.
	slack
	run --separate-stderr rt-post -v --url-file .secrets/slack_webhook_url.txt <<<'{"text":"hi"}'
	assert_success
	[[ "$stderr" != *T000/B000* ]]
	[[ "$stderr" == *"POST $FAKE_URL/****XXXX 200 ("* ]]
}

@test "the Idempotency-Key is the body's SHA-256: the same on a retry and across runs" {
	convex --faults 500,reset
	run rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" "$FIX/summary-large.json"
	assert_success
	assert_output '{"ok":true,"id":"snap_1"}'
	run rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" "$FIX/summary-large.json"
	assert_success
	assert_output '{"ok":true,"id":"snap_1"}'
	run jq -r '.idempotency_key' "$FAKE_LOG"
	assert_success
	want=$(sha "$(cat "$FIX/summary-large.json")")
	assert_output "$(printf '%s\n' "$want" "$want" "$want" "$want")"
	# Another body, another key, another snapshot.
	run rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <<<'{"other":true}'
	assert_output '{"ok":true,"id":"snap_2"}'
	run jq -r 'select(.body == "{\"other\":true}") | .idempotency_key' "$FAKE_LOG"
	assert_success
	assert_output "$(sha '{"other":true}')"
	# A key of one's own replaces it.
	run rt-post --header 'Idempotency-Key: run-2026-11-21' --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <<<'{"third":1}'
	run jq -r 'select(.body == "{\"third\":1}") | .idempotency_key' "$FAKE_LOG"
	assert_success
	assert_output 'run-2026-11-21'
}

@test "lib/rt_sha256 agrees with sha256sum across the padding boundaries" {
	local n body key
	for n in 1 3 53 54 55 56 57 62 63 64 65 117 118 119 120 1000 70000; do
		body=$(printf '"%*s"' "$((n - 2 > 0 ? n - 2 : 0))" '' | tr ' ' 'x')
		[ "$n" -eq 1 ] && body=7
		key=$(rt-post -n -v http://x/ 2>&1 >/dev/null <<<"$body" | sed 's/.*Idempotency-Key //')
		assert_equal "$key" "$(sha "$body")"
	done
	# FIPS 180-4's own: SHA-256("abc"), inside a JSON string.
	run bash -c 'rt-post -n -v --jq "\"abc\"" http://x/ <<<0 2>&1 >/dev/null'
	assert_output "rt-post: body of 5 bytes, Idempotency-Key $(sha '"abc"')"
	assert_equal "$(printf abc | sha256sum | cut -c1-64)" ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
}

@test "429 with Retry-After is waited out, then the message goes" {
	slack --faults 429-retry-after
	run --separate-stderr rt-post -v --url-file .secrets/slack_webhook_url.txt <<<'{"text":"hi"}'
	assert_success
	assert_output 'ok'
	[[ "$stderr" == *"rt-post: retry 1 of 5 in 1.000 s"* ]]
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 2
}

@test "5xx until the retries run out is exit 3 with the answer shown" {
	convex --faults 500,502,503,504
	RT_HTTP_RETRIES=3 run --separate-stderr rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <<<'{"n":1}'
	assert_failure 3
	assert_output ''
	assert_equal "$stderr" "rt-post: HTTP 504 from $SNAP (gave up after 4 attempts): {\"error\": \"upstream trouble 504\"}"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 4
}

@test "Slack's 400, 404 and 410 are exit 3 at once, not retried; 403 is exit 2" {
	slack
	run --separate-stderr rt-post --url-file .secrets/slack_webhook_url.txt <<<'{"blocks":[]}'
	assert_failure 3
	assert_equal "$stderr" "rt-post: HTTP 400 from $FAKE_URL/****XXXX: invalid_payload"
	run --separate-stderr rt-post "$FAKE_URL/services/T000/B000/gone" <<<'{"text":"hi"}'
	assert_failure 3
	assert_equal "$stderr" "rt-post: HTTP 404 from $FAKE_URL/services/T000/B000/gone: no_service"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 2
	fake_stop_all || true
	slack --refuse 410:channel_is_archived
	run --separate-stderr rt-post --url-file .secrets/slack_webhook_url.txt <<<'{"text":"hi"}'
	assert_failure 3
	assert_equal "$stderr" "rt-post: HTTP 410 from $FAKE_URL/****XXXX: channel_is_archived"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 1
	fake_stop_all || true
	slack --refuse 403:action_prohibited
	run --separate-stderr rt-post --url-file .secrets/slack_webhook_url.txt <<<'{"text":"hi"}'
	assert_failure 2
	assert_equal "$stderr" "rt-post: HTTP 403 from $FAKE_URL/****XXXX: action_prohibited; check --url-file .secrets/slack_webhook_url.txt"
}

@test "a wrong secret is exit 2 naming the option; nothing is stored" {
	convex --secret something_else_entirely
	run --separate-stderr rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <<<'{"n":1}'
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "rt-post: HTTP 401 from $SNAP: unauthorized; check --header-file x-api-secret:.secrets/convex_secret.txt"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 1
}

@test "a stall past RT_HTTP_TIMEOUT, or nobody listening, is exit 3" {
	convex --faults stall,stall --stall 3
	RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 run --separate-stderr rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" <<<'{"n":1}'
	assert_failure 3
	assert_equal "$stderr" "rt-post: $SNAP: Timeout was reached (gave up after 2 attempts)"
	RT_HTTP_RETRIES=2 run --separate-stderr rt-post http://127.0.0.1:9/hook <<<'{"n":1}'
	assert_failure 3
	assert_equal "$stderr" "rt-post: http://127.0.0.1:9/hook: Couldn't connect to server (gave up after 3 attempts)"
}

@test "bad input is exit 1 with its place, and nothing is sent" {
	convex
	post() { rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$SNAP" "$@"; }
	printf '{"a": 1,\n "b": }\n' >bad.json
	run --separate-stderr post bad.json
	assert_failure 1
	assert_equal "$stderr" 'rt-post: bad.json:2: column 7: unexpected character'
	run --separate-stderr post <<<$'{"a":1}\n{"a":2}'
	assert_failure 1
	assert_equal "$stderr" 'rt-post: <stdin>:2: column 1: unexpected data after the JSON value (several documents? see --each)'
	run --separate-stderr post </dev/null
	assert_failure 1
	assert_equal "$stderr" 'rt-post: <stdin>: no JSON document to send'
	run --separate-stderr post --jq @convex-snapshot <<<'[1,2]'
	assert_failure 1
	assert_equal "$stderr" 'rt-post: <stdin>: --jq: the input is not the object rt-aggregate --summary writes'
	# A program that fails part way sends none of its bodies.
	run --separate-stderr post --jq '1, error("no")' <<<'{}'
	assert_failure 1
	assert_equal "$stderr" 'rt-post: <stdin>: --jq: no'
	run --separate-stderr post --jq '{"$rt_number": "1e3"}' <<<'{}'
	assert_failure 1
	assert_equal "$stderr" 'rt-post: <stdin>: --jq made a bad body: {"$rt_number":"1e3"} is not {"$rt_number": "<plain decimal>"}'
	run --separate-stderr post --jq 'empty' <<<'{}'
	assert_success
	assert_equal "$stderr" 'rt-post: <stdin>: --jq made nothing of it; nothing sent'
	run --separate-stderr post -q --jq 'empty' <<<'{}'
	assert_equal "$stderr" ''
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 0
}

@test "usage and configuration errors exit 2 before anything is sent" {
	convex
	ok=(--header-file x-api-secret:.secrets/convex_secret.txt "$SNAP")
	run --separate-stderr rt-post
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-post: name the URL to post to, or --url-file file when it holds a secret'
	assert_equal "${stderr_lines[1]%% [*}" 'usage: rt-post'
	run --separate-stderr rt-post ftp://example.com/x </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-post: the url is not http:// or https://'
	run --separate-stderr rt-post --jq '.' --arg name
	assert_failure 2
	run --separate-stderr rt-post --arg 1x y "${ok[@]}" </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-post: --arg "1x" is not a jq variable name'
	run --separate-stderr rt-post --header 'No colon' "${ok[@]}" </dev/null
	assert_failure 2
	assert_equal "$stderr" "rt-post: header \"No colon\" is not 'name: value'"
	run --separate-stderr rt-post --header 'Bad name: x' "${ok[@]}" </dev/null
	assert_failure 2
	assert_equal "$stderr" "rt-post: header \"Bad name\" is not 'name: value' on one line"
	run --separate-stderr rt-post --header-file x-api-secret "$SNAP" </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-post: --header-file "x-api-secret" is not name:file'
	run --separate-stderr rt-post --bearer-file missing.txt "$SNAP" </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-post: --bearer-file missing.txt: cannot read missing.txt: No such file or directory'
	run --separate-stderr rt-post --url-file missing.txt </dev/null
	assert_failure 2
	printf 'hooks.slack.com/services/T/B/X\n' >nourl.txt
	run --separate-stderr rt-post --url-file nourl.txt </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-post: the url in --url-file is not http:// or https://'
	run --separate-stderr rt-post --jq @no-such-template "${ok[@]}" </dev/null
	assert_failure 2
	assert_equal "$stderr" "rt-post: $RT_SHARE_DIR/templates/no-such-template.jq: No such file or directory"
	run --separate-stderr rt-post --jq '{' "${ok[@]}" </dev/null
	assert_failure 2
	assert_equal "$stderr" "rt-post: --jq: syntax error, unexpected \$end (Unix shell quoting issues?) at <top-level>, line 1: {"
	run --separate-stderr rt-post "${ok[@]}" a.json b.json
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-post: one document, from one file or stdin; --each and --slurp read several files'
	run --separate-stderr rt-post --each "${ok[@]}" missing.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-post: missing.ndjson: No such file or directory'
	RT_HTTP_RETRIES=many run --separate-stderr rt-post "${ok[@]}" </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-post: RT_HTTP_RETRIES="many" is not a number from 0 to 100'
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 0
}

@test "--jq @file, --arg after the url, and \$ARGS as jq has it" {
	printf 'include "rt"; {who: $who, all: $ARGS.named, n: (.n | rt_number)}\n' >mine.jq
	run rt-post -n http://x/ --jq @./mine.jq --arg who -5 --arg also 'a b' <<<'{"n": 2.50}'
	assert_success
	assert_output '{"who":"-5","all":{"who":"-5","also":"a b"},"n":2.50}'
	run rt-post -n --jq @mine.jq --arg who x http://x/ <<<'{"n": 1}'
	assert_output '{"who":"x","all":{"who":"x"},"n":1}'
}

@test "an answer that cannot be written is exit 4" {
	convex
	run --separate-stderr bash -c 'rt-post --header-file x-api-secret:.secrets/convex_secret.txt "$0" <<<"{}" >/dev/full' "$SNAP"
	assert_failure 4
	assert_equal "$stderr" 'rt-post: stdout: No space left on device'
	run --separate-stderr bash -c 'rt-post -n http://x/ <<<"{}" >/dev/full'
	assert_failure 4
}

@test "--help and --version" {
	run rt-post --help
	assert_success
	assert_line --index 0 'usage: rt-post [-nqv] [--each | --slurp] [--jq program | @file] [--arg name value]'
	run rt-post --version
	assert_success
	assert_output 'rt-post 0.1.0'
}

@test "rt-post(1): EXAMPLES run as shown against the fakes, SYNOPSIS is the usage, mandoc is quiet" {
	deployment --secret-header x-activity-secret
	export CONVEX_SITE_URL=$FAKE_URL
	slack
	cp "$FIX/records.ndjson" ledger.ndjson
	run_man_examples "$TOP/man/rt-post.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-post.1"
	assert_success
	assert_output ''
}
