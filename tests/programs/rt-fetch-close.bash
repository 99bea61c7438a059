# shellcheck shell=bash
fetcher_fake=close fetcher_map=close fetcher_urlvar=RT_CLOSE_URL fetcher_urlpath=/api/v1
CLOSE_KEY=api_test_close_Xk2v9QmT4s
fetcher_secret=$CLOSE_KEY
fetcher_429=429-ratelimit,429-retry-after,429-ratelimit-reset,429-x-reset,429-retry-date,429
fetcher_repeat=ok,repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args=

# fetcher_creds SOURCE SECRET: the credentials from SOURCE, SECRET as the key.
fetcher_creds() { creds_set "$1" RT_CLOSE_API_KEY close_api_key.txt "$2"; }
# fetcher_forms WRONG: every form the secrets travel in (the key is Basic auth's user).
fetcher_forms() {
	secret_forms "$CLOSE_KEY" "$1"
	printf '%s:' "$CLOSE_KEY" | base64
	printf '%s:' "$1" | base64
}

profile_setup() {
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$CLOSE_KEY
}
profile_stdout() { echo 'rt-fetch-close -q --state-out st.new'; }
