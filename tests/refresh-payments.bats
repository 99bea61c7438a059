#!/usr/bin/env bats
# The examples refresh with the payment platforms (PAYMENTS), against a fake
# of every API: their records join the ledger, their states move, and the
# next run brings a Stripe refund made after the first without doubling
# anything.

load helper
load fake

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	umask 077 # the secrets below as a careful user writes them: rt warns of others that can read one
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=1
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1"
	fake_start impact
	export RT_IMPACT_URL=$FAKE_URL
	fake_start redventures
	export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token
	fake_start abm
	export RT_ABM_URL=$FAKE_URL
	fake_start stripe
	export RT_STRIPE_URL=$FAKE_URL
	fake_start gumroad
	export RT_GUMROAD_URL=$FAKE_URL
	fake_start upwork
	export RT_UPWORK_URL=$FAKE_URL
	fake_start fanvue
	export RT_FANVUE_URL=$FAKE_URL
	unset RT_SNAPSHOT_URL
	mkdir -p secrets
	echo api_test_close_Xk2v9QmT4s >secrets/close_api_key.txt
	echo IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq >secrets/impact_account_sid.txt
	echo tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2 >secrets/impact_api_key.txt
	echo rvc_test_8Hq2LmZ0 >secrets/redventures_client_id.txt
	echo rvs_test_secret_Jm4xQ9vT2pLw7Zk1 >secrets/redventures_api_key.txt
	echo 48213 >secrets/redventures_property_id.txt
	echo '{"email":"pub@example.com","password":"Pa ss&w=rd+%2F/9Qx","pubid":"PUB-20417"}' >secrets/adsbymoney_creds.json
	echo sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1 >secrets/stripe_api_key.txt
	echo gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd >secrets/gumroad_access_token.txt
	echo oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd >secrets/upwork_token.txt
	echo fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp >secrets/fanvue_token.txt
}

refresh() {
	make -s -C "$TOP/examples" refresh BIN="$RT_BIN" OUT="$BATS_TEST_TMPDIR/out" \
		STATE="$BATS_TEST_TMPDIR/state" RT_SECRETS_DIR="$BATS_TEST_TMPDIR/secrets" \
		PAYMENTS="stripe gumroad upwork fanvue" "$@"
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
