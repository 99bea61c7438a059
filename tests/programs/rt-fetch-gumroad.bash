# shellcheck shell=bash
fetcher_fake=gumroad fetcher_map=gumroad fetcher_urlvar=RT_GUMROAD_URL fetcher_urlpath=
GUMROAD_TOKEN=gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd

profile_setup() {
	fake_start gumroad
	export RT_GUMROAD_URL=$FAKE_URL RT_GUMROAD_TOKEN=$GUMROAD_TOKEN
}
profile_stdout() { echo 'rt-fetch-gumroad -q --state-out st.new'; }
