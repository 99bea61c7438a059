# shellcheck shell=bash
fetcher_fake=stripe fetcher_map=stripe fetcher_urlvar=RT_STRIPE_URL fetcher_urlpath=
STRIPE_KEY=sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1
fetcher_secret=$STRIPE_KEY
fetcher_429=429,429-retry-after	# Stripe documents no reset header
fetcher_repeat=ok,repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args=

# fetcher_creds SOURCE SECRET: the one credential from SOURCE, SECRET as the token.
fetcher_creds() { creds_set "$1" RT_STRIPE_API_KEY stripe_api_key.txt "$2"; }
# fetcher_forms WRONG: the token, and the Bearer header it travels in.
fetcher_forms() {
	secret_forms "$STRIPE_KEY" "$1"
	printf 'Bearer %s\n' "$STRIPE_KEY" "$1"
}

profile_setup() {
	fake_start stripe
	export RT_STRIPE_URL=$FAKE_URL RT_STRIPE_API_KEY=$STRIPE_KEY
}
profile_stdout() { echo 'rt-fetch-stripe -q --state-out st.new'; }
