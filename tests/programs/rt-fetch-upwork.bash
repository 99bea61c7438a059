# shellcheck shell=bash
fetcher_fake=upwork fetcher_map=upwork fetcher_urlvar=RT_UPWORK_URL fetcher_urlpath=
UPWORK_TOKEN=oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd
fetcher_secret=$UPWORK_TOKEN
fetcher_429=429,429-retry-after	# limits undocumented
fetcher_repeat=	# one query a window: no pages to repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args='--since 2026-08-01'

# fetcher_creds SOURCE SECRET: the one credential from SOURCE, SECRET as the token.
fetcher_creds() { creds_set "$1" RT_UPWORK_TOKEN upwork_token.txt "$2"; }
# fetcher_forms WRONG: the token, and the Bearer header it travels in.
fetcher_forms() {
	secret_forms "$UPWORK_TOKEN" "$1"
	printf 'Bearer %s\n' "$UPWORK_TOKEN" "$1"
}

profile_setup() {
	fake_start upwork
	export RT_UPWORK_URL=$FAKE_URL RT_UPWORK_TOKEN=$UPWORK_TOKEN
}
profile_stdout() { echo 'rt-fetch-upwork -q --state-out st.new'; }
