#!/usr/bin/env bats
# The 10-minute heartbeat of examples/Makefile against fakes of Close and
# Stripe and a webhook spool: only the change feeds, one request each when
# nothing changed and then nothing written or posted, a sale that came by
# webhook and by the API is one record, and two heartbeats never run at once.

load helper
load fake
load webhook
load refresh

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=1
	examples_fakes close stripe convex
	examples_secrets close stripe convex
	export RT_STRIPE_WEBHOOK_SECRET=$WH_SECRET RT_WEBHOOK_SPOOL=$BATS_TEST_TMPDIR/spool.ndjson
}

# make -C examples TARGET with this test's files, Stripe as the payment platform.
hb() {
	examples PAYMENTS=stripe "$@"
}

@test "a heartbeat fetches the change feeds only; with nothing new, one request each and nothing written or posted" {
	run --separate-stderr hb heartbeat
	assert_success
	assert_equal "$output$stderr" ''
	run bash -c 'jq -r .source out/ledger.ndjson | sort -u | tr "\n" " "'
	assert_output 'close stripe '
	assert_equal "$(fake_requests "$FAKE_LOG_CONVEX")" 1
	grep -q 'stripe:' out/revenue-tracker.md
	assert_equal "$(jq -r .cursor state/stripe.json)" 2026-11-21T12:00:00Z
	# Ten minutes later: a refund made at 12:02 and a sale of 12:00:00 sharp come, once each.
	RT_NOW=2026-11-21T12:10:00Z run --separate-stderr hb heartbeat
	assert_success
	assert_equal "$output$stderr" ''
	run jq -r 'select(.id == "stripe:re_25Y1BYwwRTLqcbQRMJ4YrhJR" or .id == "stripe:pi_3CreatedAtTheWindowEdge0") | .amount_minor' out/ledger.ndjson
	assert_output "$(printf -- '2900\n-5000')"
	assert_equal "$(jq -r .id out/ledger.ndjson | sort | uniq -d)" ''
	assert_equal "$(fake_requests "$FAKE_LOG_CONVEX")" 2
	cp out/revenue-tracker.md tracker.before
	cp out/ledger.ndjson export.before
	: >"$FAKE_LOG_CLOSE"
	: >"$FAKE_LOG_STRIPE"
	RT_NOW=2026-11-21T12:20:00Z run --separate-stderr hb heartbeat
	assert_success
	assert_equal "$output$stderr" ''
	assert_equal "$(fake_requests "$FAKE_LOG_CLOSE")" 1
	assert_equal "$(fake_requests "$FAKE_LOG_STRIPE")" 1
	# Nothing changed: the tracker keeps even its "Last updated"; no snapshot went.
	cmp tracker.before out/revenue-tracker.md
	cmp export.before out/ledger.ndjson
	assert_equal "$(fake_requests "$FAKE_LOG_CONVEX")" 2
	# The states moved on all the same.
	assert_equal "$(jq -r .cursor state/stripe.json)" 2026-11-21T12:20:00Z
}

@test "a sale the webhook spooled and the heartbeat then fetched is one record, and the spool is emptied" {
	local charge
	charge=$(jq -c '.charges[0]' "$TOP/tests/fakes/data/stripe.json")
	stripe_event evt_hb_1 charge.succeeded "$charge" >body.json
	run cgi /stripe body.json HTTP_STRIPE_SIGNATURE="$(stripe_sig body.json)"
	assert_success
	assert_line --index 0 $'Status: 200 OK\r'
	[ -s spool.ndjson ]
	run --separate-stderr hb heartbeat
	assert_success
	assert_equal "$stderr" ''
	run jq -c 'select(.id == "stripe:pi_R1DCtdB8GdjrdNuNORxbguTR") | [.kind, .amount_minor]' out/ledger.ndjson
	assert_output '["sale",2500]'
	assert_equal "$(jq -r .id out/ledger.ndjson | sort | uniq -d)" ''
	[ ! -s spool.ndjson ]
	# A delivery after the heartbeat waits in the spool for the next one.
	stripe_event evt_hb_2 charge.succeeded '{"id":"ch_hb_late","object":"charge","amount":4200,"currency":"usd","created":1795262500,"payment_intent":"pi_hb_late","description":"Late sale"}' >late.json
	run cgi /stripe late.json HTTP_STRIPE_SIGNATURE="$(stripe_sig late.json)"
	assert_success
	RT_NOW=2026-11-21T12:10:00Z run --separate-stderr hb heartbeat
	assert_success
	run jq -c 'select(.id == "stripe:pi_hb_late") | .amount_minor' out/ledger.ndjson
	assert_output 4200
	grep -q 'stripe:pi_hb_late' out/revenue-tracker.md
	assert_equal "$(fake_requests "$FAKE_LOG_CONVEX")" 2
}

@test "a heartbeat that finds another run holding the lock does nothing and exits 0; the refresh waits for it" {
	local locker
	mkdir -p state
	flock state/.lock sleep 3 3>&- &
	locker=$!
	sleep 0.5
	run --separate-stderr hb heartbeat
	assert_success
	assert_equal "$stderr" "heartbeat: another refresh or heartbeat holds $BATS_TEST_TMPDIR/state/.lock; this one does nothing"
	assert_equal "$(fake_requests "$FAKE_LOG_CLOSE")$(fake_requests "$FAKE_LOG_STRIPE")" 00
	[ ! -e out/ledger.db ]
	# The refresh waits for the lock instead, and then runs.
	SECONDS=0
	run --separate-stderr hb refresh FETCHERS=close FILES=
	assert_success
	[ "$SECONDS" -ge 2 ]
	wait "$locker"
	[ -s out/ledger.db ]
}

@test "a feed that fails keeps its state and fails the heartbeat (exit 2); the spool is loaded all the same" {
	hb heartbeat
	cp state/stripe.json stripe.before
	kill "${FAKE_PIDS[1]}" # stripe
	stripe_event evt_hb_3 charge.succeeded '{"id":"ch_hb_3","object":"charge","amount":700,"currency":"usd","created":1795262500,"payment_intent":null}' >b.json
	run cgi /stripe b.json HTTP_STRIPE_SIGNATURE="$(stripe_sig b.json)"
	assert_success
	RT_NOW=2026-11-21T12:10:00Z run --separate-stderr hb heartbeat
	assert_failure 2
	[[ "$stderr" == *'heartbeat: stripe failed; its state is kept and it adds nothing this run'* ]]
	[[ "$stderr" == *'heartbeat: failed: stripe'* ]]
	cmp stripe.before state/stripe.json
	run jq -c 'select(.id == "stripe:ch_hb_3") | .amount_minor' out/ledger.ndjson
	assert_output 700
}

@test "a spool that cannot be loaded stays, whole, for the next heartbeat" {
	hb heartbeat FEEDS=close
	stripe_event evt_hb_4 charge.succeeded '{"id":"ch_hb_4","object":"charge","amount":800,"currency":"usd","created":1795262500,"payment_intent":null}' >b.json
	run cgi /stripe b.json HTTP_STRIPE_SIGNATURE="$(stripe_sig b.json)"
	assert_success
	# A ledger rt-load cannot open: the spool's load fails, and so does the run.
	mv out/ledger.db ledger.keep
	mkdir out/ledger.db
	run --separate-stderr hb heartbeat FEEDS=
	assert_failure 2
	[[ "$stderr" == *"heartbeat: the webhook spool $BATS_TEST_TMPDIR/spool.ndjson was not loaded; its deliveries wait for the next run"* ]]
	rmdir out/ledger.db
	mv ledger.keep out/ledger.db
	run --separate-stderr hb heartbeat FEEDS=
	assert_success
	assert_equal "$stderr" ''
	run jq -c 'select(.id == "stripe:ch_hb_4") | .amount_minor' out/ledger.ndjson
	assert_output 800
}
