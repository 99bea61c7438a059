# shellcheck shell=bash
fetcher_fake=upwork fetcher_map=upwork fetcher_urlvar=RT_UPWORK_URL fetcher_urlpath=
UPWORK_TOKEN=oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd

profile_setup() {
	fake_start upwork
	export RT_UPWORK_URL=$FAKE_URL RT_UPWORK_TOKEN=$UPWORK_TOKEN
}
profile_stdout() { echo 'rt-fetch-upwork -q --state-out st.new'; }
