# shellcheck shell=bash
fetcher_fake=abm_api fetcher_map=adsbymoney fetcher_urlvar=RT_ABM_API_URL fetcher_urlpath=
ABM_TOKEN='abm_api_test_Tq7+Zx/9Lm=Wp2'
fetcher_secret=$ABM_TOKEN
fetcher_429=429-retry-after
fetcher_repeat=	# one answer a month window: no pages to repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args='--since 2026-09-01'

fetcher_creds() { creds_set "$1" RT_ABM_API_TOKEN adsbymoney_api_token.txt "$2"; }
# The token travels in a JSON body, and an API may quote the body back.
fetcher_forms() {
	secret_forms "$ABM_TOKEN" "$1"
	jq -rn --arg t "$ABM_TOKEN" '$t | @uri, tojson'
}

profile_setup() {
	fake_start abm_api
	export RT_ABM_API_URL=$FAKE_URL RT_ABM_API_TOKEN=$ABM_TOKEN
}
profile_stdout() { echo 'rt-fetch-adsbymoney -q --state-out st.new'; }
