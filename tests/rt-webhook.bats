#!/usr/bin/env bats
# rt-webhook run as a web server runs it (the CGI environment, the body on
# stdin), as a filter (--verify) and as the spool's drain.  Deliveries are
# signed by python3's hmac and by Stripe's own npm library (tests/node).
# tests/webhook-server.bats serves it through lighttpd; tests/webhook-crash.bats
# kills it.

load helper
load man
load webhook
load attack

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	umask 077 # secrets are written as a careful user writes them: rt warns of others that can read one
	mkdir .secrets
	printf '%s\n' "$WH_SECRET" >.secrets/stripe_webhook_secret.txt
	printf '%s\n' "$WH_KEY" >.secrets/gumroad_webhook_key.txt
	export RT_SECRETS_DIR=$PWD/.secrets RT_WEBHOOK_SPOOL=$PWD/spool.ndjson
	unset RT_WEBHOOK_TOLERANCE RT_WEBHOOK_VERBOSE QUERY_STRING GATEWAY_INTERFACE
	S=$WH_FIX/stripe
	G=$WH_FIX/gumroad
}

teardown() {
	# A load held on by a test that failed is let go.
	touch "$BATS_TEST_TMPDIR/go"
	attack_teardown
}

# charge_event ID FILE [AMOUNT]: a charge.succeeded event of id ID, charging AMOUNT cents, in FILE.
charge_event() {
	stripe_event "$1" charge.succeeded \
		"{\"id\":\"ch_$1\",\"object\":\"charge\",\"amount\":${3:-1000},\"currency\":\"usd\",\"created\":$NOW,\"payment_intent\":null,\"captured\":true}" \
		>"$2"
}

# deliver FILE [T [SECRET]]: one Stripe delivery through the CGI; its answer's first line in $output.
deliver() {
	run --separate-stderr cgi /stripe "$1" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$1" "${2:-$NOW}" "${3:-$WH_SECRET}")"
	output=${lines[0]%$'\r'}
}

# ping FILE [QUERY]: one Gumroad ping through the CGI.
ping() {
	run --separate-stderr cgi /gumroad "$1" QUERY_STRING="${2-key=$WH_KEY}"
	output=${lines[0]%$'\r'}
}

@test "each Stripe event type makes its records; Stripe's library and python's hmac sign alike" {
	local f n
	for f in "$S"/*.json; do
		n=$(basename "$f" .json)
		assert_equal "$n: $(stripe_sig_node "$f")" "$n: $(stripe_sig "$f")"
		run --separate-stderr rt-webhook --verify stripe -H "Stripe-Signature: $(stripe_sig_node "$f")" "$f"
		assert_equal "$n: $status $stderr" "$n: 0 "
		assert_equal "$output" "$(cat "$WH_FIX/expected/stripe-$n.ndjson")"
	done
}

@test "each Gumroad ping makes its records: the sale and fee, and the refund or chargeback it reports" {
	local f n
	for f in "$G"/*.form; do
		n=$(basename "$f" .form)
		QUERY_STRING="key=$WH_KEY" run --separate-stderr rt-webhook --verify gumroad <"$f"
		assert_equal "$n: $status $stderr" "$n: 0 "
		assert_equal "$output" "$(cat "$WH_FIX/expected/gumroad-$n.ndjson")"
	done
}

@test "a delivery is answered 200 with only its status, spooled as one line ending with its key" {
	umask 027 # the spool's files are 0660 less the server's umask
	deliver "$S/charge.succeeded.json"
	assert_equal "$status" 0
	assert_equal "$output" 'Status: 200 OK'
	assert_equal "${lines[1]}" $'Content-Type: text/plain\r'
	assert_equal "${lines[2]}" $'\r'
	assert_equal "${lines[3]}" 'OK'
	assert_equal "${#lines[@]}" 4
	assert_equal "$stderr" ''
	assert_equal "$(wc -l <spool.ndjson)" 1
	run jq -c '[.received, .source, .event.id, .key, keys_unsorted]' spool.ndjson
	assert_output '["2026-11-21T12:00:00Z","stripe","evt_1Q0chargePiB7WZ01","stripe:evt_1Q0chargePiB7WZ01",["received","source","event","key"]]'
	# The body is kept as it came, its line breaks blanks: the event is the same JSON.
	assert_equal "$(jq -cS .event spool.ndjson)" "$(jq -cS . "$S/charge.succeeded.json")"
	assert_equal "$(cat spool.ndjson.ids)" 'stripe:evt_1Q0chargePiB7WZ01'
	run stat -c %a spool.ndjson spool.ndjson.ids
	assert_output $'640\n640'
}

@test "the same event again is 200 and not spooled twice; RT_WEBHOOK_VERBOSE logs each" {
	deliver "$S/charge.succeeded.json"
	export RT_WEBHOOK_VERBOSE=1
	deliver "$S/charge.succeeded.json"
	assert_equal "$output" 'Status: 200 OK'
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 200: stripe:evt_1Q0chargePiB7WZ01 (charge.succeeded): received before'
	# Signed again later, as Stripe does when it retries.
	deliver "$S/charge.succeeded.json" $((NOW - 60))
	assert_equal "$output" 'Status: 200 OK'
	assert_equal "$(wc -l <spool.ndjson)" 1
	deliver "$S/refund.created.json"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 200: stripe:evt_1Q0refundB7WZ01zg (refund.created): spooled'
	RT_WEBHOOK_VERBOSE=0 deliver "$S/customer.created.json"
	assert_equal "$output" 'Status: 200 OK'
	assert_equal "$stderr" ''
	deliver "$S/customer.created.json"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 200: stripe:evt_1Q0customerB7WZ01 (customer.created): ignored: customer.created moves no money'
	deliver "$S/checkout.session.completed-unpaid.json"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 200: stripe:evt_1Q0checkoutUnpaid (checkout.session.completed): ignored: a checkout session whose payment_status is unpaid'
	assert_equal "$(wc -l <spool.ndjson)" 2
}

@test "a wrong secret, a changed byte, a missing header or one without a right v1 is 401" {
	local f=$S/charge.succeeded.json right
	deliver "$f" "$NOW" whsec_some_other_endpoint
	assert_equal "$output" 'Status: 401 Unauthorized'
	assert_equal "${lines[3]}" 'Unauthorized'
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 401: Stripe-Signature: no v1 signature matches the body (another signing secret, or a body changed on the way)'
	sed 's/"amount": 2500/"amount": 2501/' "$f" >changed.json
	run ! cmp -s changed.json "$f"
	run --separate-stderr cgi /stripe changed.json HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f")"
	assert_equal "${lines[0]}" $'Status: 401 Unauthorized\r'
	run --separate-stderr cgi /stripe "$f"
	assert_equal "${lines[0]}" $'Status: 401 Unauthorized\r'
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 401: no Stripe-Signature header'
	run --separate-stderr cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="t=$NOW"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 401: Stripe-Signature: no v1= signature'
	run --separate-stderr cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="garbage"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 401: Stripe-Signature: no t= timestamp'
	[ ! -s spool.ndjson ]
	# Several v1, as while a secret is rolled: any one that is right will do, wherever it is.
	right=$(stripe_sig_node "$f")
	wrong=$(stripe_sig "$f" "$NOW" whsec_old)
	deliver_header "$f" "$right,v1=${wrong#*v1=},v0=abc"
	assert_equal "$output" 'Status: 200 OK'
	rm -f spool.ndjson spool.ndjson.ids
	deliver_header "$f" "t=$NOW,v1=${wrong#*v1=},v1=${wrong#*v1=}0,v1=${right#*v1=}"
	assert_equal "$output" 'Status: 200 OK'
	assert_equal "$(wc -l <spool.ndjson)" 1
}

# deliver_header FILE HEADER: a delivery with the Stripe-Signature given.
deliver_header() {
	run --separate-stderr cgi /stripe "$1" HTTP_STRIPE_SIGNATURE="$2"
	output=${lines[0]%$'\r'}
}

@test "a timestamp 300 s old or ahead passes, 301 s does not; RT_WEBHOOK_TOLERANCE moves the edge" {
	local i=0 t want
	for t in $((NOW - 300)):200 $((NOW - 301)):401 $((NOW + 300)):200 $((NOW + 301)):401 $((NOW - 86400 * 365)):401; do
		i=$((i + 1))
		charge_event "evt_edge$i" e$i.json
		run --separate-stderr cgi /stripe e$i.json HTTP_STRIPE_SIGNATURE="$(stripe_sig_node e$i.json "${t%:*}")"
		want=${t#*:}
		assert_equal "$t: ${lines[0]%$'\r'}" "$t: Status: $want $([ "$want" = 200 ] && echo OK || echo Unauthorized)"
	done
	charge_event evt_late late.json
	run --separate-stderr cgi /stripe late.json HTTP_STRIPE_SIGNATURE="$(stripe_sig late.json $((NOW - 301)))"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 401: Stripe-Signature: the timestamp is 301 s old, past the tolerance of 300 s'
	run --separate-stderr cgi /stripe late.json HTTP_STRIPE_SIGNATURE="$(stripe_sig late.json $((NOW + 301)))"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 401: Stripe-Signature: the timestamp is 301 s ahead of this clock, past the tolerance of 300 s'
	run --separate-stderr cgi /stripe late.json HTTP_STRIPE_SIGNATURE="$(stripe_sig late.json $((NOW - 600)))" RT_WEBHOOK_TOLERANCE=600
	assert_equal "${lines[0]}" $'Status: 200 OK\r'
	assert_equal "$(jq -r .key spool.ndjson)" $'stripe:evt_edge1\nstripe:evt_edge3\nstripe:evt_late'
}

@test "a receiver that cannot check deliveries answers 500 and says why, never with the secret" {
	local f=$S/charge.succeeded.json
	for tol in 0 -5 abc 1e3 1000000000; do
		run --separate-stderr cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f")" RT_WEBHOOK_TOLERANCE=$tol
		assert_equal "$tol: ${lines[0]}" "$tol: "$'Status: 500 Internal Server Error\r'
		assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 500: RT_WEBHOOK_TOLERANCE is not 1 to 999999999 seconds'
	done
	rm .secrets/stripe_webhook_secret.txt
	run --separate-stderr cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f")"
	assert_equal "${lines[0]}" $'Status: 500 Internal Server Error\r'
	assert_equal "$stderr" "rt-webhook: 203.0.113.9: POST /stripe: 500: missing credential: set RT_STRIPE_WEBHOOK_SECRET, or RT_STRIPE_WEBHOOK_SECRET_FILE, or put it in $PWD/.secrets/stripe_webhook_secret.txt"
	printf '%s\n' "$WH_SECRET" >file-secret
	run --separate-stderr cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f")" RT_STRIPE_WEBHOOK_SECRET_FILE=file-secret
	assert_equal "${lines[0]}" $'Status: 200 OK\r'
	run --separate-stderr cgi /stripe "$S/refund.created.json" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$S/refund.created.json")" RT_STRIPE_WEBHOOK_SECRET="$WH_SECRET"
	assert_equal "${lines[0]}" $'Status: 200 OK\r'
	[ ! -e spool.ndjson.rejected ]
}

@test "not a delivery: another method or route, no JSON object, no id or type, a short body" {
	local f=$S/charge.succeeded.json
	run --separate-stderr cgi /stripe "$f" REQUEST_METHOD=GET
	assert_equal "${lines[0]} $stderr" $'Status: 400 Bad Request\r rt-webhook: 203.0.113.9: GET /stripe: 400: method "GET": deliveries are POSTed'
	run --separate-stderr cgi /paypal "$f"
	assert_equal "${lines[0]} $stderr" $'Status: 404 Not Found\r rt-webhook: 203.0.113.9: POST /paypal: 404: no receiver at "/paypal" (there are /stripe and /gumroad)'
	run --separate-stderr cgi "" "$f"
	assert_equal "${lines[0]}" $'Status: 404 Not Found\r'
	run --separate-stderr cgi /stripe/ "$f" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f")"
	assert_equal "${lines[0]}" $'Status: 200 OK\r'
	while IFS='|' read -r body why; do
		printf '%s' "$body" >b.json
		run --separate-stderr cgi /stripe b.json HTTP_STRIPE_SIGNATURE="$(stripe_sig b.json)"
		assert_equal "$body: ${lines[0]}" "$body: "$'Status: 400 Bad Request\r'
		assert_equal "$stderr" "rt-webhook: 203.0.113.9: POST /stripe: 400: $why"
	done <<-'EOF'
	|the body is not a JSON object: unexpected end of input at byte 1
	not json|the body is not a JSON object: unexpected character at byte 1
	[1,2]|the body is not a JSON object
	{"id":"evt_1"} x|the body is not a JSON object: unexpected data after the JSON value at byte 16
	{"type":"charge.succeeded"}|the event has no id, or one that is no Stripe id
	{"id":"evt 1","type":"charge.succeeded"}|the event has no id, or one that is no Stripe id
	{"id":17,"type":"charge.succeeded"}|the event has no id, or one that is no Stripe id
	{"id":"evt_1"}|stripe:evt_1: the event has no type
	EOF
	run --separate-stderr cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f")" CONTENT_LENGTH=99999
	assert_equal "${lines[0]} $stderr" "Status: 400 Bad Request"$'\r'" rt-webhook: 203.0.113.9: POST /stripe: 400: the body ended after $(wc -c <"$f") of 99999 bytes"
	run --separate-stderr cgi /stripe "$f" CONTENT_LENGTH=12x
	assert_equal "${lines[0]}" $'Status: 400 Bad Request\r'
	assert_equal "$(wc -l <spool.ndjson)" 1
}

@test "a body over 1 MiB is 413 and not read; 1 MiB exactly is read" {
	head -c 2000000 /dev/zero | tr '\0' ' ' >big
	run --separate-stderr bash -c 'env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/stripe \
		CONTENT_LENGTH=2000000 REMOTE_ADDR=203.0.113.9 HTTP_STRIPE_SIGNATURE=x rt-webhook; wc -c' <big
	assert_equal "${lines[0]}" $'Status: 413 Content Too Large\r'
	# What rt-webhook left of its stdin: all of it.
	assert_equal "${lines[4]}" 2000000
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /stripe: 413: a body over 1048576 bytes'
	run --separate-stderr cgi /stripe big HTTP_STRIPE_SIGNATURE=x CONTENT_LENGTH=1048577
	assert_equal "${lines[0]}" $'Status: 413 Content Too Large\r'
	run --separate-stderr cgi /stripe big HTTP_STRIPE_SIGNATURE=x CONTENT_LENGTH=99999999999999999999999
	assert_equal "${lines[0]}" $'Status: 413 Content Too Large\r'
	# An event padded with blanks to 1 MiB is a delivery like any other.
	charge_event evt_mib e.json
	{ cat e.json; head -c $((1048576 - $(wc -c <e.json))) big; } >mib.json
	assert_equal "$(wc -c <mib.json)" 1048576
	deliver mib.json
	assert_equal "$output" 'Status: 200 OK'
	run --separate-stderr rt-webhook --verify stripe -H "Stripe-Signature: $(stripe_sig big)" <big
	assert_equal "$status $stderr" '1 rt-webhook: refused (413): a body over 1048576 bytes'
}

@test "Gumroad: the URL's key is checked in constant time; a ping without it, or with another, is 401" {
	ping "$G/sale.form"
	assert_equal "$output $stderr" 'Status: 200 OK '
	for q in "" "key=" "x=1" "key=${WH_KEY}x" "key=${WH_KEY:0:10}" "KEY=$WH_KEY" "key=%zz"; do
		ping "$G/refund.form" "$q"
		assert_equal "$q: $output" "$q: Status: 401 Unauthorized"
		[[ "$stderr" != *"$WH_KEY"* ]] || fail "the key is in the log: $stderr"
	done
	ping "$G/refund.form" "key=nope"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /gumroad: 401: the key= of the URL'"'"'s query is not the Gumroad ping key'
	ping "$G/refund.form" "a=1"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /gumroad: 401: no key= in the URL'"'"'s query'
	# The key may be escaped, and other parameters may come with it.
	ping "$G/refund.form" "src=gumroad&key=$(printf '%s' "$WH_KEY" | jq -sRr @uri)&x"
	assert_equal "$output" 'Status: 200 OK'
	run jq -r .key spool.ndjson
	assert_output $'gumroad:B28UKN-dvxYabdavG97Y-Q==:sale\ngumroad:B28UKN-dvxYabdavG97Y-Q==:refund'
}

@test "Gumroad: the form is decoded strictly; a ping is named by its sale and resource" {
	export RT_WEBHOOK_VERBOSE=1
	ping "$G/sale.form"
	ping "$G/ping-url.form"
	assert_equal "$stderr" 'rt-webhook: 203.0.113.9: POST /gumroad: 200: gumroad:B28UKN-dvxYabdavG97Y-Q==:sale (sale): received before'
	ping "$G/cancellation.form"
	assert_equal "$output $stderr" 'Status: 200 OK rt-webhook: 203.0.113.9: POST /gumroad: 200: ignored: a cancellation ping moves no money'
	# + and %XX, names with brackets, a name twice (the last wins), a name without a value.
	printf 'sale_id=S%%2B1%%3D%%3D&resource_name=sale&price=1000&currency=usd&product_name=A+%%26+B%%C3%%A9&variants%%5BTier%%5D=L&x=1&x=2&flag&&' >odd.form
	ping odd.form
	assert_equal "$output" 'Status: 200 OK'
	run jq -c 'select(.key == "gumroad:S+1==:sale") | .event' spool.ndjson
	assert_output '{"sale_id":"S+1==","resource_name":"sale","price":"1000","currency":"usd","product_name":"A & Bé","variants[Tier]":"L","x":"2","flag":""}'
	while IFS='|' read -r body why; do
		printf '%s' "$body" >bad.form
		ping bad.form
		assert_equal "$body: $output" "$body: Status: 400 Bad Request"
		assert_equal "$stderr" "rt-webhook: 203.0.113.9: POST /gumroad: 400: $why"
	done <<-'EOF'
	sale_id=1&price=%zz|the body is not a form: a value has a % not followed by two hex digits
	sale_id=1&price=10%|the body is not a form: a value has a % not followed by two hex digits
	sale_id=1&pr%4=1|the body is not a form: a name has a % not followed by two hex digits
	sale_id=1&x=%00|the body is not a form: a value holds a NUL byte
	sale_id=1&x=%C3%28|the body is not a form: a value is not UTF-8 once decoded
	sale_id=1&=x|the body is not a form: a value without a name
	price=1000|the ping has no sale_id, or one that is no Gumroad id
	sale_id=|the ping has no sale_id, or one that is no Gumroad id
	sale_id=a+b|the ping has no sale_id, or one that is no Gumroad id
	EOF
	assert_equal "$(wc -l <spool.ndjson)" 2
}

@test "--drain gives the records to the command and empties the spool; nothing to load runs nothing" {
	local f
	for f in charge.succeeded payment_intent.succeeded charge.refunded charge.dispute.created charge.dispute.closed customer.created; do
		deliver "$S/$f.json"
	done
	ping "$G/refund.form"
	assert_equal "$(wc -l <spool.ndjson)" 6
	run --separate-stderr rt-webhook --drain -- jq -c '[.id, .kind, .amount_minor, .status]'
	assert_success
	assert_equal "$stderr" 'rt-webhook: 6 deliveries, 8 records loaded (0 repeated, 0 refused)'
	# The payment came as charge.succeeded and as payment_intent.succeeded: one record, the last delivered.
	assert_output - <<'OUT'
["stripe:pi_3Q0aaaB7WZ01zgkW","sale",2500,"completed"]
["stripe:re_3Q0aaa1B7WZ01zgkW","refund",-1000,"completed"]
["stripe:re_3Q0aaa2B7WZ01zgkW","refund",-1500,"pending"]
["stripe:dp_1Q0cccB7WZ01zgkW","chargeback",-4900,"reversed"]
["stripe:dp_1Q0cccB7WZ01zgkW:fee","fee",0,"completed"]
["gumroad:B28UKN-dvxYabdavG97Y-Q==","sale",1000,"completed"]
["gumroad:B28UKN-dvxYabdavG97Y-Q==:fee","fee",-60,"completed"]
["gumroad:B28UKN-dvxYabdavG97Y-Q==:refund","refund",-1000,"completed"]
OUT
	[ ! -s spool.ndjson ] && [ ! -s spool.ndjson.taken ]
	assert_equal "$(wc -l <spool.ndjson.ids)" 6
	run --separate-stderr rt-webhook -v --drain -- touch ran
	assert_success
	assert_equal "$stderr" "rt-webhook: $PWD/spool.ndjson: nothing to load"
	[ ! -e ran ]
	# Received before the drain: still a duplicate after it.
	deliver "$S/charge.refunded.json"
	assert_equal "$output" 'Status: 200 OK'
	[ ! -s spool.ndjson ]
}

@test "a failed load leaves the batch; the next drain loads it with what came since" {
	deliver "$S/charge.succeeded.json"
	run --separate-stderr rt-webhook --drain -- sh -c 'cat >got; exit 4'
	assert_equal "$status $stderr" "3 rt-webhook: sh exited 4: the batch stays in $PWD/spool.ndjson.taken for the next drain"
	assert_equal "$(jq -r .id got)" 'stripe:pi_3Q0aaaB7WZ01zgkW'
	run --separate-stderr rt-webhook --drain -- sh -c 'kill -9 $$'
	assert_equal "$status $stderr" "3 rt-webhook: sh was killed by signal 9: the batch stays in $PWD/spool.ndjson.taken for the next drain"
	run --separate-stderr rt-webhook --drain -- no-such-loader
	assert_equal "$status $stderr" '2 rt-webhook: no-such-loader: No such file or directory'
	deliver "$S/refund.created.json"
	run --separate-stderr rt-webhook -q --drain -- jq -r .id
	assert_success
	assert_output $'stripe:pi_3Q0aaaB7WZ01zgkW\nstripe:re_1Q0bbbB7WZ01zgkW'
	assert_equal "$stderr" ''
	run rt-webhook --drain -- jq -r .id
	assert_output ''
}

@test "deliveries during a load wait for the next drain: none lost, none loaded twice" {
	local i pid
	for i in 1 2 3; do
		charge_event "evt_before$i" b$i.json
		deliver b$i.json
	done
	# A load that holds on until told to finish, while deliveries come.
	rt-webhook -q --drain -- sh -c 'cat >first; touch started; while [ ! -e go ]; do sleep 0.02; done' &
	pid=$!
	# Under valgrind a drain takes seconds to start.
	for i in $(seq 1 1200); do
		[ -e started ] && break
		sleep 0.05
	done
	[ -e started ]
	for i in 1 2 3 4; do
		charge_event "evt_during$i" d$i.json
		deliver d$i.json
		assert_equal "$output" 'Status: 200 OK'
	done
	deliver b1.json
	touch go
	wait "$pid"
	assert_equal "$(jq -r .id first)" $'stripe:ch_evt_before1\nstripe:ch_evt_before2\nstripe:ch_evt_before3'
	run rt-webhook -q --drain -- jq -r .id
	assert_output $'stripe:ch_evt_during1\nstripe:ch_evt_during2\nstripe:ch_evt_during3\nstripe:ch_evt_during4'
}

@test "two drains at once each load what they took; no record is loaded by both" {
	local i
	for round in 1 2 3 4 5; do
		for i in 1 2 3 4 5; do
			charge_event "evt_r${round}_$i" r.json
			deliver r.json
		done
		rt-webhook -q --drain -- sh -c 'cat >>a' &
		rt-webhook -q --drain -- sh -c 'cat >>b' &
		wait
	done
	touch a b
	assert_equal "$(cat a b | wc -l)" 25
	assert_equal "$(cat a b | jq -r .id | sort -u | wc -l)" 25
}

@test "a batch holding a delivery twice (a drain killed between its steps) loads it once" {
	deliver "$S/charge.succeeded.json"
	deliver "$S/refund.created.json"
	cp spool.ndjson spool.ndjson.taken
	printf '{"received":"2026-11-21T12:00:00Z","source":"stripe","event":{"id"' >>spool.ndjson.taken
	run --separate-stderr rt-webhook --drain -- jq -r .id
	assert_success
	assert_output $'stripe:pi_3Q0aaaB7WZ01zgkW\nstripe:re_1Q0bbbB7WZ01zgkW'
	assert_equal "$stderr" 'rt-webhook: 4 deliveries, 2 records loaded (2 repeated, 0 refused)'
}

@test "a delivery the map refuses is reported and kept in spool.rejected; the others are loaded" {
	stripe_event evt_bad charge.succeeded '{"id":"ch_bad","amount":100,"currency":"usd","created":"yesterday"}' >bad.json
	stripe_event evt_xyz charge.succeeded '{"id":"ch_xyz","amount":100,"currency":"xyz","created":1795262400}' >xyz.json
	deliver bad.json
	deliver "$S/charge.succeeded.json"
	deliver xyz.json
	run --separate-stderr rt-webhook --drain -- jq -r .id
	assert_failure 1
	assert_output 'stripe:pi_3Q0aaaB7WZ01zgkW'
	assert_equal "$stderr" "rt-webhook: $PWD/spool.ndjson.taken:1: stripe:evt_bad: \"ts\" \"yesterday\" is not an RFC 3339 instant
rt-webhook: $PWD/spool.ndjson.taken:3: stripe:evt_xyz: \"currency\" \"XYZ\" is not an ISO 4217 code
rt-webhook: 3 deliveries, 1 record loaded (0 repeated, 2 refused)"
	assert_equal "$(jq -r .key spool.ndjson.rejected)" $'stripe:evt_bad\nstripe:evt_xyz'
	[ ! -s spool.ndjson.taken ]
}

@test "the keys file keeps the newest 50000 keys, then half; a key dropped is new again" {
	awk 'BEGIN { for (i = 1; i <= 50000; i++) printf "stripe:evt_old%05d\n", i }' >spool.ndjson.ids
	charge_event evt_old00002 old2.json
	deliver old2.json
	[ ! -s spool.ndjson ]
	charge_event evt_new new.json
	deliver new.json
	assert_equal "$(wc -l <spool.ndjson.ids)" 25000
	assert_equal "$(head -n 1 spool.ndjson.ids)" stripe:evt_old25002
	assert_equal "$(tail -n 1 spool.ndjson.ids)" stripe:evt_new
	deliver new.json
	deliver old2.json
	assert_equal "$(jq -r .key spool.ndjson)" $'stripe:evt_new\nstripe:evt_old00002'
}

@test "a full disk is 500 and spools nothing, not part of a line; the retry then succeeds" {
	deliver "$S/charge.succeeded.json"
	cp spool.ndjson before
	cp spool.ndjson.ids ids.before
	mv spool.ndjson saved
	# A device, a FIFO or a socket is no spool (rt(7): only regular files are written), nor is a directory.
	for f in /dev/full fifo dir; do
		rm -f spool.ndjson
		case $f in
		fifo) mkfifo spool.ndjson ;;
		dir) mkdir spool.ndjson ;;
		*) ln -s "$f" spool.ndjson ;;
		esac
		why=$([ "$f" = dir ] && echo 'Is a directory' || echo 'not a regular file')
		deliver "$S/refund.created.json"
		assert_equal "$f: $output" "$f: Status: 500 Internal Server Error"
		assert_equal "$stderr" "rt-webhook: 203.0.113.9: POST /stripe: 500: stripe:evt_1Q0refundB7WZ01zg (refund.created): $PWD/spool.ndjson: $why"
		cmp spool.ndjson.ids ids.before
		rm -rf spool.ndjson
	done
	mv saved spool.ndjson
	ln -sf /dev/null spool.ndjson.ids
	deliver "$S/refund.created.json"
	assert_equal "$output $stderr" "Status: 500 Internal Server Error rt-webhook: 203.0.113.9: POST /stripe: 500: stripe:evt_1Q0refundB7WZ01zg (refund.created): $PWD/spool.ndjson.ids: not a regular file"
	cmp spool.ndjson before
	rm spool.ndjson.ids
	cp ids.before spool.ndjson.ids
	# A file limit lets the line start and stops it midway, as a disk filling up does.
	stripe_event evt_big charge.succeeded \
		"$(jq -nc --argjson t "$NOW" '{id: "ch_big", amount: 100, currency: "usd", created: $t, description: ("x" * 3000)}')" >big.json
	run --separate-stderr bash -c "$(declare -f cgi); ulimit -f $(($(wc -c <spool.ndjson) / 1024 + 1)); cgi /stripe big.json HTTP_STRIPE_SIGNATURE='$(stripe_sig big.json)'"
	assert_equal "${lines[0]}" $'Status: 500 Internal Server Error\r'
	assert_equal "$stderr" "rt-webhook: 203.0.113.9: POST /stripe: 500: stripe:evt_big (charge.succeeded): $PWD/spool.ndjson: File too large"
	cmp spool.ndjson before
	cmp spool.ndjson.ids ids.before
	deliver big.json
	assert_equal "$output" 'Status: 200 OK'
	assert_equal "$(jq -r .key spool.ndjson)" $'stripe:evt_1Q0chargePiB7WZ01\nstripe:evt_big'
	mkdir ro
	run --separate-stderr cgi /stripe big.json HTTP_STRIPE_SIGNATURE="$(stripe_sig big.json)" RT_WEBHOOK_SPOOL=$PWD/no/such/dir/spool
	assert_equal "${lines[0]} $stderr" $'Status: 500 Internal Server Error\r'" rt-webhook: 203.0.113.9: POST /stripe: 500: stripe:evt_big (charge.succeeded): $PWD/no/such/dir/spool: No such file or directory"
}

@test "part of a line left by a killed delivery is cut by the next; a lost key is put back" {
	deliver "$S/charge.succeeded.json"
	cp spool.ndjson whole
	printf '{"received":"2026-11-21T12:00:00Z","source":"stripe","event":{"id":"evt_cut",' >>spool.ndjson
	deliver "$S/refund.created.json"
	assert_equal "$(jq -r .key spool.ndjson)" $'stripe:evt_1Q0chargePiB7WZ01\nstripe:evt_1Q0refundB7WZ01zg'
	# Died after its line and before its key: the line counts, its key is added.
	head -n 1 spool.ndjson.ids >ids && mv ids spool.ndjson.ids
	deliver "$S/refund.created.json"
	assert_equal "$(wc -l <spool.ndjson)" 2
	assert_equal "$(cat spool.ndjson.ids)" $'stripe:evt_1Q0chargePiB7WZ01\nstripe:evt_1Q0refundB7WZ01zg'
}

@test "run by a web server it reads no argument: a query without = cannot make it drain" {
	run --separate-stderr env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET rt-webhook --drain -- touch pwned
	assert_equal "${lines[0]}" $'Status: 404 Not Found\r'
	[ ! -e pwned ]
}

@test "--verify: refusals are exit 1 with the status and reason; ignored events write nothing" {
	local f=$S/charge.succeeded.json
	run --separate-stderr rt-webhook --verify stripe -H "Stripe-Signature: $(stripe_sig "$f" "$NOW" whsec_x)" "$f"
	assert_equal "$status $output" '1 '
	assert_equal "$stderr" 'rt-webhook: refused (401): Stripe-Signature: no v1 signature matches the body (another signing secret, or a body changed on the way)'
	run --separate-stderr rt-webhook --verify stripe "$f"
	assert_equal "$status $stderr" '1 rt-webhook: refused (401): no Stripe-Signature header'
	run --separate-stderr rt-webhook --verify stripe --tolerance 86400 -H "Stripe-Signature: $(stripe_sig "$f" $((NOW - 86400)))" <"$f"
	assert_equal "$status $stderr" '0 '
	run --separate-stderr rt-webhook -v --verify stripe -H "stripe-signature:$(stripe_sig "$S/customer.created.json")" "$S/customer.created.json"
	assert_equal "$status $output" '0 '
	assert_equal "$stderr" 'rt-webhook: stripe:evt_1Q0customerB7WZ01: ignored: customer.created moves no money'
	run --separate-stderr rt-webhook --verify gumroad "$G/sale.form"
	assert_equal "$status $stderr" "1 rt-webhook: refused (401): no key= in the URL's query"
	[ ! -e spool.ndjson ]
}

@test "usage and configuration errors are exit 2 and do nothing" {
	while IFS='|' read -r args why; do
		# shellcheck disable=SC2086
		run --separate-stderr rt-webhook $args
		assert_equal "$args: $status" "$args: 2"
		assert_equal "${stderr_lines[0]}" "rt-webhook: $why"
	done <<-EOF
	|not run by a web server (no GATEWAY_INTERFACE): give --verify or --drain
	--verify stripe --drain cat|not run by a web server (no GATEWAY_INTERFACE): give --verify or --drain
	--drain|--drain needs the command that loads the records
	--verify paypal|--verify "paypal": the sources are stripe and gumroad
	--verify stripe a b|--verify reads one delivery: give at most one file
	--verify stripe --tolerance 0|--tolerance "0" is not 1 to 999999999 seconds
	--verify stripe --tolerance 5s|--tolerance "5s" is not 1 to 999999999 seconds
	--verify stripe -H nocolon|-H "nocolon": a header is "Name: value"
	--verify stripe no-such-file|no-such-file: No such file or directory
	--verify stripe --tz Mars/Base|unknown time zone "Mars/Base"
	EOF
	rm .secrets/gumroad_webhook_key.txt
	run --separate-stderr rt-webhook --verify gumroad "$G/sale.form"
	assert_equal "$status $stderr" "2 rt-webhook: missing credential: set RT_GUMROAD_WEBHOOK_KEY, or RT_GUMROAD_WEBHOOK_KEY_FILE, or put it in $PWD/.secrets/gumroad_webhook_key.txt"
	deliver "$S/charge.succeeded.json"
	run --separate-stderr env RT_SHARE_DIR=/nonexistent rt-webhook --drain cat
	assert_equal "$status $stderr" '2 rt-webhook: /nonexistent/map/stripe-event.jq: cannot be read'
	# The batch stays for a drain that can load it.
	run rt-webhook -q --drain -- jq -r .id
	assert_output 'stripe:pi_3Q0aaaB7WZ01zgkW'
}

@test "the spool cannot be taken: exit 4, nothing loaded" {
	mkdir spool.ndjson.taken
	run --separate-stderr rt-webhook --drain -- touch ran
	assert_equal "$status $stderr" "4 rt-webhook: $PWD/spool.ndjson.taken: Is a directory"
	[ ! -e ran ]
	rmdir spool.ndjson.taken
	# Not a regular file: a mistake in the set-up, exit 2 as for any file rt writes.
	deliver "$S/charge.succeeded.json"
	mv spool.ndjson saved
	for f in spool.ndjson.taken spool.ndjson; do
		mkfifo "$f"
		run --separate-stderr timeout 10 rt-webhook --drain -- touch ran
		assert_equal "$status $stderr" "2 rt-webhook: $PWD/$f: not a regular file"
		[ ! -e ran ]
		rm "$f"
	done
	mv saved spool.ndjson
	run rt-webhook -q --drain -- jq -r .id
	assert_equal "$status $output" '0 stripe:pi_3Q0aaaB7WZ01zgkW'
	run --separate-stderr bash -c 'rt-webhook --verify stripe -H "Stripe-Signature: $1" "$2" >/dev/full' _ \
		"$(stripe_sig "$S/charge.succeeded.json")" "$S/charge.succeeded.json"
	assert_equal "$status $stderr" '4 rt-webhook: stdout: No space left on device'
}

@test "no secret or key reaches stderr, the spool or the keys file, even with -v" {
	local f=$S/charge.succeeded.json
	export RT_WEBHOOK_VERBOSE=1
	{
		cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f")"
		cgi /stripe "$f" HTTP_STRIPE_SIGNATURE="$(stripe_sig "$f" "$NOW" "$WH_SECRET"x)"
		cgi /gumroad "$G/sale.form" QUERY_STRING="key=$WH_KEY"
		cgi /gumroad "$G/sale.form" QUERY_STRING="key=${WH_KEY}x"
		cgi /gumroad "$G/sale.form" QUERY_STRING="key=${WH_KEY:0:8}"
		QUERY_STRING="key=$WH_KEY" rt-webhook -v --verify gumroad "$G/refund.form"
		rt-webhook -v --drain cat
	} >out 2>err
	assert_equal "$(grep -c . err)" 7
	run grep -rlF -e "$WH_SECRET" -e "$WH_KEY" -e "${WH_SECRET:6}" err out spool.ndjson.ids spool.ndjson.taken
	assert_failure 1
}

@test "a secret under 8 characters is refused; a secret file others can read is one warning; no core dump" {
	local f=$S/charge.succeeded.json
	printf 'whsec7\n' >.secrets/stripe_webhook_secret.txt
	deliver "$f"
	assert_equal "$output" 'Status: 500 Internal Server Error'
	assert_equal "$stderr" "rt-webhook: 203.0.113.9: POST /stripe: 500: $PWD/.secrets/stripe_webhook_secret.txt is 6 characters long: a real secret has at least 8; check that it is all there"
	RT_STRIPE_WEBHOOK_SECRET=Zq81xT7 run --separate-stderr rt-webhook --verify stripe -H "Stripe-Signature: $(stripe_sig "$f")" "$f"
	assert_equal "$status $stderr" '2 rt-webhook: RT_STRIPE_WEBHOOK_SECRET is 7 characters long: a real secret has at least 8; check that it is all there'
	[ ! -e spool.ndjson ]
	printf '%s\n' "$WH_SECRET" >.secrets/stripe_webhook_secret.txt
	chmod 0644 .secrets/stripe_webhook_secret.txt
	deliver "$f"
	assert_equal "$output" 'Status: 200 OK'
	assert_equal "$stderr" "rt-webhook: $PWD/.secrets/stripe_webhook_secret.txt: other users can read this secret (mode 0644); chmod o-rw it"
	# The web server's group may read it (README): no warning.
	chmod 0640 .secrets/stripe_webhook_secret.txt
	deliver "$f"
	assert_equal "$output $stderr" 'Status: 200 OK '
	need_root
	place
	cp "$f" "$W/body.json"
	# Run as the other user, the body slow to come: no core dump, and its own user cannot read its memory.
	(sleep 3; cat "$W/body.json") | RT_STRIPE_WEBHOOK_SECRET=$WH_SECRET setpriv --reuid=nobody \
	    --regid="$(id -g nobody)" --clear-groups bash -c 'ulimit -c unlimited; cd / && exec rt-webhook --verify stripe -H "Stripe-Signature: $1" >/dev/null 2>&1' \
	    _ "$(stripe_sig "$f")" &
	sleep 1
	pid=$!
	run grep '^Max core file size' "/proc/$pid/limits"
	assert_output --regexp '^Max core file size +0 +0 +bytes'
	run as_other cat "/proc/$pid/environ"
	assert_failure
	refute_output --partial "$WH_SECRET"
	wait
}

@test "rt-webhook(1) EXAMPLES run as shown; mandoc finds nothing to warn about" {
	cp "$S"/*.json "$G"/*.form .
	run mandoc -Tlint -Wwarning "$TOP/man/rt-webhook.1"
	assert_output ''
	export RT_WEBHOOK_SPOOL=spool.ndjson RT_SECRETS_DIR=.secrets
	run_man_examples "$TOP/man/rt-webhook.1"
}
