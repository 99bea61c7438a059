# shellcheck shell=bash
fetcher_fake=fanvue fetcher_map=fanvue fetcher_urlvar=RT_FANVUE_URL fetcher_urlpath=
FANVUE_TOKEN=fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp
fetcher_secret=$FANVUE_TOKEN
fetcher_429=429-x-reset-epoch,429	# X-RateLimit-Reset in Unix time
fetcher_repeat=ok,repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args=

# fetcher_creds SOURCE SECRET: the one credential from SOURCE, SECRET as the token.
fetcher_creds() { creds_set "$1" RT_FANVUE_TOKEN fanvue_token.txt "$2"; }
# fetcher_forms WRONG: the token, and the Bearer header it travels in.
fetcher_forms() {
	secret_forms "$FANVUE_TOKEN" "$1"
	printf 'Bearer %s\n' "$FANVUE_TOKEN" "$1"
}

profile_setup() {
	fake_start fanvue
	export RT_FANVUE_URL=$FAKE_URL RT_FANVUE_TOKEN=$FANVUE_TOKEN
}
profile_stdout() { echo 'rt-fetch-fanvue -q --state-out st.new'; }
