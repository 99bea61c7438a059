# shellcheck shell=bash
fetcher_fake=gumroad fetcher_map=gumroad fetcher_urlvar=RT_GUMROAD_URL fetcher_urlpath=
GUMROAD_TOKEN=gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd
fetcher_secret=$GUMROAD_TOKEN
fetcher_429=429,429-retry-after	# Rack::Attack: no documented header
fetcher_repeat=ok,repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args='--since 2026-09-01'

# fetcher_creds SOURCE SECRET: the one credential from SOURCE, SECRET as the token.
fetcher_creds() { creds_set "$1" RT_GUMROAD_TOKEN gumroad_access_token.txt "$2"; }
# fetcher_forms WRONG: the token, and the Bearer header it travels in.
fetcher_forms() {
	secret_forms "$GUMROAD_TOKEN" "$1"
	printf 'Bearer %s\n' "$GUMROAD_TOKEN" "$1"
}

profile_setup() {
	fake_start gumroad
	export RT_GUMROAD_URL=$FAKE_URL RT_GUMROAD_TOKEN=$GUMROAD_TOKEN
}
profile_stdout() { echo 'rt-fetch-gumroad -q --state-out st.new'; }
