# The examples' make targets (refresh, heartbeat) against fakes of the APIs:
# each source's fake started with the variables that point rt at it, and its
# secrets written as a careful user writes them.
# shellcheck shell=bash

# examples_fakes SOURCE...: starts each source's fake, in the order given (a
# test stops one by its place in FAKE_PIDS), and exports its URL variables.
examples_fakes() {
	local s
	for s in "$@"; do
		fake_start "$s"
		case $s in
		close) export RT_CLOSE_URL="$FAKE_URL/api/v1" ;;
		impact) export RT_IMPACT_URL=$FAKE_URL ;;
		redventures) export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token ;;
		abm) export RT_ABM_URL=$FAKE_URL ;;
		convex) export RT_SNAPSHOT_URL=$FAKE_URL/revenue/snapshot ;;
		*) export "RT_${s^^}_URL=$FAKE_URL" ;;
		esac
	done
}

# examples_secrets SOURCE...: each source's secrets in ./secrets, readable by
# their owner alone (rt warns of others that can read one).
examples_secrets() {
	local s
	umask 077
	mkdir -p secrets
	for s in "$@"; do
		case $s in
		close) echo api_test_close_Xk2v9QmT4s >secrets/close_api_key.txt ;;
		impact)
			echo IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq >secrets/impact_account_sid.txt
			echo tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2 >secrets/impact_api_key.txt
			;;
		redventures)
			echo rvc_test_8Hq2LmZ0 >secrets/redventures_client_id.txt
			echo rvs_test_secret_Jm4xQ9vT2pLw7Zk1 >secrets/redventures_api_key.txt
			echo 48213 >secrets/redventures_property_id.txt
			;;
		abm) echo '{"email":"pub@example.com","password":"Pa ss&w=rd+%2F/9Qx","pubid":"PUB-20417"}' \
			>secrets/adsbymoney_creds.json ;;
		convex) echo convex_test_secret_7Hq2LmX9 >secrets/convex_secret.txt ;;
		stripe) echo sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1 >secrets/stripe_api_key.txt ;;
		gumroad) echo gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd >secrets/gumroad_access_token.txt ;;
		upwork) echo oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd >secrets/upwork_token.txt ;;
		fanvue) echo fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp >secrets/fanvue_token.txt ;;
		*) echo "examples_secrets: no secrets known for $s" >&2; return 1 ;;
		esac
	done
}

# examples TARGET [VAR=VALUE ...]: make -C examples with this test's files.
examples() {
	make -s -C "$TOP/examples" BIN="$RT_BIN" OUT="$BATS_TEST_TMPDIR/out" STATE="$BATS_TEST_TMPDIR/state" \
		RT_SECRETS_DIR="$BATS_TEST_TMPDIR/secrets" "$@"
}
