#!/usr/bin/env bats
# The examples refresh with the payment platforms (PAYMENTS), against a fake
# of every API: their records join the ledger, their states move, and the
# next run brings a Stripe refund made after the first without doubling
# anything.

load helper
load fake
load refresh

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=1
	examples_fakes close impact redventures abm stripe gumroad upwork fanvue
	unset RT_SNAPSHOT_URL
	examples_secrets close impact redventures abm stripe gumroad upwork fanvue
}

refresh() {
	examples refresh PAYMENTS="stripe gumroad upwork fanvue" "$@"
}

@test "PAYMENTS: every platform in the ledger, its state written, and a refund after the first run comes once" {
	run --separate-stderr refresh
	assert_success
	assert_equal "$stderr" ''
	run bash -c 'jq -r .source out/ledger.ndjson | sort -u | tr "\n" " "'
	assert_output 'adsbymoney close fanvue gumroad impact manual msn redventures stripe upwork '
	assert_equal "$(jq -r .cursor state/stripe.json state/fanvue.json)" "$(printf '2026-11-21T12:00:00Z\n2026-11-21T12:00:00Z')"
	assert_equal "$(jq -r .cursor state/gumroad.json state/upwork.json)" "$(printf '2026-11-21\n2026-11-21')"
	run jq -c 'select(.ref == "stripe:pi_3RefundedAfterFirstSync0")' out/ledger.ndjson
	assert_equal "$(wc -l <<<"$output")" 1
	RT_NOW=2026-11-21T12:10:00Z run --separate-stderr refresh -j4
	assert_success
	assert_equal "$stderr" ''
	# The sale, its fee and now its refund, each once.
	run bash -c 'jq -r "select(.id == \"stripe:pi_3RefundedAfterFirstSync0\" or .ref == \"stripe:pi_3RefundedAfterFirstSync0\") | .kind" out/ledger.ndjson | sort'
	assert_output "$(printf 'fee\nrefund\nsale')"
	assert_equal "$(jq -r .id out/ledger.ndjson | sort | uniq -d)" ''
	assert_equal "$(jq -r .cursor state/stripe.json)" '2026-11-21T12:10:00Z'
}

@test "PAYMENTS: a platform that fails keeps its state and adds nothing; the others go on; the run fails" {
	refresh >/dev/null
	cp state/gumroad.json gumroad.before
	jq -c 'select(.source == "gumroad")' out/ledger.ndjson >gumroad.records
	kill "${FAKE_PIDS[5]}" # gumroad
	RT_TODAY=2026-11-22 run --separate-stderr refresh
	# A failed source fails the run (make's status 2).
	assert_failure 2
	[[ "$stderr" == *'refresh: gumroad failed; its state is kept and it adds nothing this run'* ]]
	[[ "$stderr" == *'refresh: failed: gumroad'* ]]
	cmp gumroad.before state/gumroad.json
	assert_equal "$(jq -r .cursor state/upwork.json)" 2026-11-22
	# Its records of the day before stay in the ledger, as they were.
	run jq -c 'select(.source == "gumroad")' out/ledger.ndjson
	assert_equal "$output" "$(cat gumroad.records)"
}
