# shellcheck shell=bash
fetcher_fake=stripe fetcher_map=stripe fetcher_urlvar=RT_STRIPE_URL fetcher_urlpath=
STRIPE_KEY=sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1

profile_setup() {
	fake_start stripe
	export RT_STRIPE_URL=$FAKE_URL RT_STRIPE_API_KEY=$STRIPE_KEY
}
profile_stdout() { echo 'rt-fetch-stripe -q --state-out st.new'; }
