# shellcheck shell=bash
fetcher_fake=impact fetcher_map=impact fetcher_urlvar=RT_IMPACT_URL fetcher_urlpath=
IMPACT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq
IMPACT_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2
fetcher_secret=$IMPACT_TOKEN
fetcher_429=429-x-reset,429-retry-after,429-ratelimit-reset,429-ratelimit,429-x-reset-epoch,429
fetcher_repeat=ok,repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args=

fetcher_creds() {
	creds_set "$1" RT_IMPACT_ACCOUNT_SID impact_account_sid.txt "$IMPACT_SID"
	creds_set "$1" RT_IMPACT_AUTH_TOKEN impact_api_key.txt "$2"
}
fetcher_forms() {
	secret_forms "$IMPACT_SID" "$IMPACT_TOKEN" "$1"
	printf '%s:%s' "$IMPACT_SID" "$IMPACT_TOKEN" | base64
	printf '%s:%s' "$IMPACT_SID" "$1" | base64
}

profile_setup() {
	fake_start impact
	export RT_IMPACT_URL=$FAKE_URL RT_IMPACT_ACCOUNT_SID=$IMPACT_SID RT_IMPACT_AUTH_TOKEN=$IMPACT_TOKEN
}
profile_stdout() { echo 'rt-fetch-impact -q --state-out st.new'; }
