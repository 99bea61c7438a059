# shellcheck shell=bash
fetcher_fake=close fetcher_map=close fetcher_urlvar=RT_CLOSE_URL fetcher_urlpath=/api/v1
CLOSE_KEY=api_test_close_Xk2v9QmT4s

profile_setup() {
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$CLOSE_KEY
}
profile_stdout() { echo 'rt-fetch-close -q --state-out st.new'; }
