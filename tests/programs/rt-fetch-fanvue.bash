# shellcheck shell=bash
fetcher_fake=fanvue fetcher_map=fanvue fetcher_urlvar=RT_FANVUE_URL fetcher_urlpath=
FANVUE_TOKEN=fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp

profile_setup() {
	fake_start fanvue
	export RT_FANVUE_URL=$FAKE_URL RT_FANVUE_TOKEN=$FANVUE_TOKEN
}
profile_stdout() { echo 'rt-fetch-fanvue -q --state-out st.new'; }
