# shellcheck shell=bash
fetcher_fake=abm fetcher_map=adsbymoney fetcher_urlvar=RT_ABM_URL fetcher_urlpath=
ABM_EMAIL=pub@example.com
ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx'
ABM_PUBID=PUB-20417
fetcher_secret=$ABM_PASSWORD
fetcher_429=429-retry-after,429-x-reset,429
fetcher_repeat=	# one answer for the whole range: nothing to repeat
fetcher_refuse='--faults 401,401,401'
fetcher_args='--since 2026-09-01'

# In RT_SECRETS_DIR the three live in one JSON file.
fetcher_creds() {
	if [ "$1" = dir ]; then
		unset RT_ABM_USER RT_ABM_PASSWORD RT_ABM_PUBID RT_ABM_USER_FILE RT_ABM_PASSWORD_FILE RT_ABM_PUBID_FILE
		mkdir -p "$RT_SECRETS_DIR"
		jq -n --arg e "$ABM_EMAIL" --arg p "$2" --arg i "$ABM_PUBID" \
		    '{email: $e, password: $p, pubid: $i}' >"$RT_SECRETS_DIR/adsbymoney_creds.json"
		return 0
	fi
	creds_set "$1" RT_ABM_USER '' "$ABM_EMAIL"
	creds_set "$1" RT_ABM_PASSWORD '' "$2"
	creds_set "$1" RT_ABM_PUBID '' "$ABM_PUBID"
}
fetcher_forms() {
	# The publisher id is no secret: it is in every URL, and shown.
	secret_forms "$ABM_PASSWORD" "$ABM_EMAIL" "$1"
	python3 -c 'import sys, urllib.parse as u
for v in sys.argv[1:]: print(u.quote_plus(v)); print(u.quote(v, safe=""))' "$ABM_PASSWORD" "$ABM_EMAIL"
}

profile_setup() {
	fake_start abm
	export RT_ABM_URL=$FAKE_URL RT_ABM_USER=pub@example.com RT_ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx' RT_ABM_PUBID=PUB-20417
}
profile_stdout() { echo 'rt-scrape-abm -q --state-out st.new'; }
