# shellcheck shell=bash
fetcher_fake=impact fetcher_map=impact fetcher_urlvar=RT_IMPACT_URL fetcher_urlpath=
IMPACT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq
IMPACT_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2

profile_setup() {
	fake_start impact
	export RT_IMPACT_URL=$FAKE_URL RT_IMPACT_ACCOUNT_SID=$IMPACT_SID RT_IMPACT_AUTH_TOKEN=$IMPACT_TOKEN
}
profile_stdout() { echo 'rt-fetch-impact -q --state-out st.new'; }
