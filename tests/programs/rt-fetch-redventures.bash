# shellcheck shell=bash
fetcher_fake=redventures fetcher_map=redventures fetcher_urlvar=RT_RV_URL fetcher_urlpath=

profile_setup() {
	fake_start redventures
	export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token
	export RT_RV_CLIENT_ID=rvc_test_8Hq2LmZ0 RT_RV_CLIENT_SECRET=rvs_test_secret_Jm4xQ9vT2pLw7Zk1 RT_RV_PROPERTY_ID=48213
}
profile_stdout() { echo 'rt-fetch-redventures -q --state-out st.new'; }
