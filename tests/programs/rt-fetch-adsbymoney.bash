# shellcheck shell=bash
fetcher_fake=abm_api fetcher_map=adsbymoney fetcher_urlvar=RT_ABM_API_URL fetcher_urlpath=

profile_setup() {
	fake_start abm_api
	export RT_ABM_API_URL=$FAKE_URL RT_ABM_API_TOKEN='abm_api_test_Tq7+Zx/9Lm=Wp2'
}
profile_stdout() { echo 'rt-fetch-adsbymoney -q --state-out st.new'; }
