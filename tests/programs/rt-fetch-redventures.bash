# shellcheck shell=bash
fetcher_fake=redventures fetcher_map=redventures fetcher_urlvar=RT_RV_URL fetcher_urlpath=
RV_ID=rvc_test_8Hq2LmZ0
RV_SECRET=rvs_test_secret_Jm4xQ9vT2pLw7Zk1
fetcher_secret=$RV_SECRET
fetcher_429=429-retry-after,429-x-reset,429
fetcher_repeat=	# one page a month window: nothing to repeat
fetcher_refuse='--token-faults 401,401,401'
fetcher_args=

# The token endpoint is the fake's too: it follows RT_RV_URL.
fetcher_creds() {
	export RT_RV_TOKEN_URL=${RT_RV_URL:-$FAKE_URL}/oauth/token
	creds_set "$1" RT_RV_CLIENT_ID redventures_client_id.txt "$RV_ID"
	creds_set "$1" RT_RV_CLIENT_SECRET redventures_api_key.txt "$2"
	creds_set "$1" RT_RV_PROPERTY_ID redventures_property_id.txt 48213
}
fetcher_forms() {
	secret_forms "$RV_SECRET" "$1"
	python3 -c 'import sys, urllib.parse as u
for v in sys.argv[1:]: print(u.quote_plus(v)); print(u.quote(v, safe=""))' "$RV_SECRET" "$1"
	printf '%s:%s' "$RV_ID" "$RV_SECRET" | base64
}

profile_setup() {
	fake_start redventures
	export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token
	export RT_RV_CLIENT_ID=rvc_test_8Hq2LmZ0 RT_RV_CLIENT_SECRET=rvs_test_secret_Jm4xQ9vT2pLw7Zk1 RT_RV_PROPERTY_ID=48213
}
profile_stdout() { echo 'rt-fetch-redventures -q --state-out st.new'; }
