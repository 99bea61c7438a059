#!/usr/bin/env bats
# rt-webhook served by a real lighttpd (mod_cgi) on 127.0.0.1, with a
# configuration written here; deliveries sent with curl, many at once.

load helper
load webhook

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	lighttpd_start
	export RT_WEBHOOK_SPOOL=$SPOOL
}

teardown() {
	lighttpd_stop
}

# send DIR JOBS I...: posts DIR/I.json with DIR/I.hdr for each I, JOBS at a time; one status a line.
send() {
	local dir=$1 jobs=$2
	shift 2
	printf '%s\n' "$@" | xargs -P "$jobs" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
		-H "@$dir/{}.hdr" -H 'Content-Type: application/json' --data-binary "@$dir/{}.json" "$HOOK/stripe"
}

@test "through lighttpd: each answer as a sender sees it, and the reason in the server's log" {
	local f=$WH_FIX/stripe/charge.succeeded.json
	run post stripe "$f" -H "Stripe-Signature: $(stripe_sig_node "$f")" -H 'Content-Type: application/json'
	assert_output 200
	run post stripe "$f" -H "Stripe-Signature: $(stripe_sig "$f")"
	assert_output 200
	run post stripe "$f" -H "Stripe-Signature: $(stripe_sig "$f" "$NOW" whsec_wrong)"
	assert_output 401
	run post stripe "$f" -H "Stripe-Signature: $(stripe_sig "$f" $((NOW - 301)))"
	assert_output 401
	run post stripe "$f"
	assert_output 401
	run curl -s -w ' %{http_code}' "$HOOK/stripe"
	assert_output $'Bad Request\n 400'
	run post paypal "$f"
	assert_output 404
	head -c 1500000 /dev/zero >big
	run post stripe big -H "Stripe-Signature: t=$NOW,v1=00"
	assert_output 413
	run post "gumroad?key=$WH_KEY" "$WH_FIX/gumroad/refund.form"
	assert_output 200
	run post "gumroad?key=wrong" "$WH_FIX/gumroad/refund.form"
	assert_output 401
	printf 'sale_id=1&price=%%zz' >bad.form
	run post "gumroad?key=$WH_KEY" bad.form
	assert_output 400
	run grep -o 'rt-webhook: 127.0.0.1: .*' "$WWW/log/cgi.log"
	assert_output - <<'OUT'
rt-webhook: 127.0.0.1: POST /stripe: 200: stripe:evt_1Q0chargePiB7WZ01 (charge.succeeded): spooled
rt-webhook: 127.0.0.1: POST /stripe: 200: stripe:evt_1Q0chargePiB7WZ01 (charge.succeeded): received before
rt-webhook: 127.0.0.1: POST /stripe: 401: Stripe-Signature: no v1 signature matches the body (another signing secret, or a body changed on the way)
rt-webhook: 127.0.0.1: POST /stripe: 401: Stripe-Signature: the timestamp is 301 s old, past the tolerance of 300 s
rt-webhook: 127.0.0.1: POST /stripe: 401: no Stripe-Signature header
rt-webhook: 127.0.0.1: GET /stripe: 400: method "GET": deliveries are POSTed
rt-webhook: 127.0.0.1: POST /paypal: 404: no receiver at "/paypal" (there are /stripe and /gumroad)
rt-webhook: 127.0.0.1: POST /stripe: 413: a body over 1048576 bytes
rt-webhook: 127.0.0.1: POST /gumroad: 200: gumroad:B28UKN-dvxYabdavG97Y-Q==:refund (refund): spooled
rt-webhook: 127.0.0.1: POST /gumroad: 401: the key= of the URL's query is not the Gumroad ping key
rt-webhook: 127.0.0.1: POST /gumroad: 400: the body is not a form: a value has a % not followed by two hex digits
OUT
	run grep -c "$WH_KEY" "$WWW/log/cgi.log" "$WWW/log/error.log"
	assert_output $'/'"${WWW#/}"$'/log/cgi.log:0\n/'"${WWW#/}"'/log/error.log:0'
	run rt-webhook -q --drain -- jq -r .id
	assert_output $'stripe:pi_3Q0aaaB7WZ01zgkW\ngumroad:B28UKN-dvxYabdavG97Y-Q==\ngumroad:B28UKN-dvxYabdavG97Y-Q==:fee\ngumroad:B28UKN-dvxYabdavG97Y-Q==:refund'
}

@test "200 deliveries at once, 20 of them copies: 180 in the spool, 180 records loaded" {
	local i list=()
	deliveries d 180
	# Each copy is sent right beside its first delivery, so that the two race.
	for i in $(seq 1 180); do
		list+=("$i")
		if ((i % 9 == 0)); then
			list+=("$i")
		fi
	done
	assert_equal "${#list[@]}" 200
	run send d 32 "${list[@]}"
	assert_equal "$(sort <<<"$output" | uniq -c | sed 's/^ *//')" '200 200'
	assert_equal "$(wc -l <"$SPOOL")" 180
	assert_equal "$(jq -r .key "$SPOOL" | sort -u | wc -l)" 180
	assert_equal "$(sort -u "$SPOOL.ids" | wc -l)" 180
	assert_equal "$(wc -l <"$SPOOL.ids")" 180
	run rt-webhook -q --drain -- sh -c 'cat >loaded'
	assert_success
	assert_equal "$(wc -l <loaded)" 180
	assert_equal "$(jq -r .id loaded | sort -u | wc -l)" 180
	assert_equal "$(jq -s 'map(.amount_minor) | add' loaded)" $((180 * 100 + 180 * 181 / 2))
}

@test "drains while deliveries arrive: every delivery loaded once, none twice, none lost" {
	local pid n=0
	deliveries d 150
	send d 8 $(seq 1 150) >statuses &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		rt-webhook -q --drain -- sh -c 'cat >>loaded'
		n=$((n + 1))
		sleep 0.05
	done
	wait "$pid"
	rt-webhook -q --drain -- sh -c 'cat >>loaded'
	echo "# $n drains while 150 deliveries came" >&3
	[ "$n" -ge 2 ] || fail "only $n drains ran during the deliveries"
	assert_equal "$(sort statuses | uniq -c | sed 's/^ *//')" '150 200'
	assert_equal "$(wc -l <loaded)" 150
	assert_equal "$(jq -r .id loaded | sort -u | wc -l)" 150
	[ ! -s "$SPOOL" ] && [ ! -s "$SPOOL.taken" ]
}
