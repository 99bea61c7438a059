#!/usr/bin/env bats
# Attacker cases for secrets (lib/rt_http masking, rt_cred, rt_send): a
# server that echoes the credentials it was sent in other encodings, short
# values that are not secrets or are too short to be, secret files others
# can read, credentials in a URL on the command line, core dumps and
# neighbours that would read a fetcher's memory.

load helper
load fake
load attack

CLOSE_KEY=api_test_close_Xk2v9QmT4s
IMPACT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq
IMPACT_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2
ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx'
SECRET=convex_test_secret_7Hq2LmX9

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=0
	export RT_CLOSE_API_KEY=$CLOSE_KEY RT_IMPACT_ACCOUNT_SID=$IMPACT_SID RT_IMPACT_AUTH_TOKEN=$IMPACT_TOKEN
	export RT_ABM_USER=pub@example.com RT_ABM_PASSWORD=$ABM_PASSWORD RT_ABM_PUBID=PUB-20417
	echo '{"snapshotDate":"2026-11-21","totalYtdUsd":1.00,"projectedAnnualUsd":2.00,"last30dUsd":0.50,"sources":{"close":1.00,"impact":null,"redventures":0.00,"adsbymoney":0.00,"msn":0.00},"createdAt":1795262400000}' >doc.json
}

teardown() {
	attack_teardown
}

# refute_secret TEXT VALUE...: no value, nor all of it but its last four characters, in TEXT.
refute_secret() {
	local text=$1 v
	shift
	for v in "$@"; do
		[[ "$text" != *"$v"* ]] || fail "a secret is in: $text"
	done
}

@test "a server that echoes the credentials: HTTP Basic's base64 and a form's re-encoding are masked" {
	fake_start close --faults echo
	export RT_CLOSE_URL="$FAKE_URL/api/v1"
	run --separate-stderr rt-fetch-close --since 2026-11-01
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-close: HTTP 400 from $FAKE_URL/api/v1/opportunity/?status_type=won&date_won__gte=2026-11-01&date_won__lte=2026-11-21&_fields=id,lead_name,status_type,date_won,date_updated,value,value_currency,value_period,note&_order_by=date_created&_limit=100&_skip=0: bad request; you sent , Authorization: Basic ****, x-api-secret: None; state not advanced"
	fake_stop_all
	fake_start impact --faults echo
	export RT_IMPACT_URL=$FAKE_URL
	run --separate-stderr rt-fetch-impact --since 2026-11-01
	assert_failure 3
	refute_secret "$stderr" "$(printf '%s:%s' "$IMPACT_SID" "$IMPACT_TOKEN" | base64 -w0 | cut -c1-20)" "${IMPACT_TOKEN:0:20}"
	[[ "$stderr" == *"Authorization: Basic ****, x-api-secret"* ]]
	fake_stop_all
	# The site echoes the sign-in form with + for a space, not rt's %20.
	fake_start abm --fail-step login=echo
	export RT_ABM_URL=$FAKE_URL
	run --separate-stderr rt-scrape-abm --since 2026-11-01
	assert_failure 3
	refute_secret "$stderr" 'Pa+ss' 'ss%26w%3Drd' "$(python3 -c 'import sys, urllib.parse as u; print(u.quote_plus(sys.argv[1]))' "$ABM_PASSWORD")"
	[[ "$stderr" == *'user%5Bpassword%5D=****'* ]]
	# A secret inside base64 at any of the three offsets is masked too.
	fake_stop_all
	fake_start convex --faults echo,echo,echo
	printf '%s\n' "$SECRET" >secret.txt
	chmod 0600 secret.txt
	for prefix in '' a: ab:; do
		run --separate-stderr rt-post --header-file x-api-secret:secret.txt \
		    --header "Authorization: Basic $(printf '%s%s' "$prefix" "$SECRET" | base64 -w0)" "$FAKE_URL/revenue/snapshot" doc.json
		assert_failure 3
		refute_secret "$stderr" "$(printf '%s%s' "$prefix" "$SECRET" | base64 -w0 | cut -c5-20)" "${SECRET:0:20}"
	done
}

@test "identifiers are not secrets: a publisher id of 1 is shown, and not every 1 becomes ****" {
	fake_start abm --pubid 1
	export RT_ABM_URL=$FAKE_URL RT_ABM_PUBID=1
	run --separate-stderr rt-scrape-abm -v --since 2026-11-01
	assert_success
	[[ "$stderr" == *"GET $FAKE_URL/admin/publisher_campaigns?start_date=2026-11-01&end_date=2026-11-21&date_range_index=10 200"* ]]
	[[ "$stderr" == *"GET $FAKE_URL/admin/publisher_overviews?pubid=1&status=active 200"* ]]
	refute_secret "$stderr" "$ABM_PASSWORD" 'pub@example.com'
}

@test "a real secret shorter than 8 characters is exit 2 before anything is sent, and not shown" {
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1"
	RT_CLOSE_API_KEY=Zq81xT7 run --separate-stderr rt-fetch-close
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-close: RT_CLOSE_API_KEY is 7 characters long: a real secret has at least 8; check that it is all there'
	printf 'k3Y\n' >key.txt
	chmod 0600 key.txt
	run --separate-stderr rt-fetch-close --key-file key.txt
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-close: key.txt is 3 characters long: a real secret has at least 8; check that it is all there'
	assert_equal "$(fake_requests "$FAKE_LOG")" 0
	fake_start abm
	RT_ABM_URL=$FAKE_URL RT_ABM_PASSWORD=hunter2 run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: RT_ABM_PASSWORD is 7 characters long: a real secret has at least 8; check that it is all there'
	assert_equal "$(fake_requests "$FAKE_LOG")" 0
	fake_start convex
	printf 'Zq81x\n' >short.txt
	chmod 0600 short.txt
	run --separate-stderr rt-post --bearer-file short.txt "$FAKE_URL/revenue/snapshot" doc.json
	assert_failure 2
	assert_equal "$stderr" 'rt-post: --bearer-file short.txt: short.txt is 5 characters long: a real secret has at least 8; check that it is all there'
	run --separate-stderr rt-post --header-file x-api-secret:short.txt "$FAKE_URL/revenue/snapshot" doc.json
	assert_failure 2
	assert_equal "$(fake_requests "$FAKE_LOG")" 0
	refute_secret "$stderr$output" Zq81x
}

@test "a secret file other users can read gets one warning line, as ssh gives" {
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1"
	unset RT_CLOSE_API_KEY
	mkdir -p "$RT_SECRETS_DIR"
	printf '%s\n' "$CLOSE_KEY" >"$RT_SECRETS_DIR/close_api_key.txt"
	chmod 0644 "$RT_SECRETS_DIR/close_api_key.txt"
	run --separate-stderr rt-fetch-close --since 2026-11-01
	assert_success
	assert_equal "${stderr%%$'\n'*}" "rt-fetch-close: $RT_SECRETS_DIR/close_api_key.txt: other users can read this secret (mode 0644); chmod o-rw it"
	chmod 0640 "$RT_SECRETS_DIR/close_api_key.txt"
	run --separate-stderr rt-fetch-close --since 2026-11-01
	assert_success
	[[ "$stderr" != *'other users can read'* ]]
	printf '%s\n' "$SECRET" >secret.txt
	chmod 0604 secret.txt
	fake_start convex
	run --separate-stderr rt-post --header-file x-api-secret:secret.txt "$FAKE_URL/revenue/snapshot" doc.json
	assert_success
	assert_equal "$stderr" 'rt-post: secret.txt: other users can read this secret (mode 0604); chmod o-rw it'
}

@test "credentials in a URL on the command line are refused, pointing to --url-file, never echoed" {
	for url in 'https://user:Zq81xTk3pw@example.com/hook' 'https://example.com/hook?token=Zq81xTk3pw' \
	    'https://example.com/x?a=1&api_key=Zq81xTk3pw' 'https://example.com/x?X-Amz-Signature=Zq81xTk3pw' \
	    'https://hooks.slack.com/services/T0/B0/Zq81xTk3pw'; do
		run --separate-stderr rt-post -n "$url" doc.json
		assert_failure 2
		assert_equal "$stderr" "rt-post: the URL holds a credential (user:password@, a token in its query, a webhook's path), and ps(1) shows a command line to every user: put the URL in a file and give --url-file file"
		assert_output ''
	done
	# A plain URL, and a query that holds no credential, are fine.
	run rt-post -n 'https://example.com/hook?monkey=1&author=me' doc.json
	assert_success
	printf 'https://user:Zq81xTk3pw@example.com/hook\n' >url.txt
	run rt-post -n --url-file url.txt doc.json
	assert_success
	# From --url-file, the user information is masked however short it is.
	fake_start slack
	printf '%s\n' "${FAKE_URL/http:\/\//http://ab:cd@}/services/T000/B000/XXXX" >hook.txt
	chmod 0600 hook.txt
	run --separate-stderr rt-post -v --url-file hook.txt <<<'{"text":"hi"}'
	assert_success
	[[ "$stderr" == *"POST http://****@127.0.0.1:"* ]]
	refute_secret "$stderr" 'ab:cd' 'T000/B000'
}

@test "a fetcher and rt-post leave no core dump, and another process of their user cannot read them" {
	need_root
	place
	chmod 0755 "$W"
	fake_start close --faults stall --stall 5
	export RT_CLOSE_URL="$FAKE_URL/api/v1"
	# Started as the other user by setpriv itself, so that $! is the program's pid.
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	    bash -c 'ulimit -c unlimited; exec rt-fetch-close -q --since 2026-11-01 >/dev/null 2>&1' &
	pid=$!
	sleep 1
	run grep '^Max core file size' "/proc/$pid/limits"
	assert_output --regexp '^Max core file size +0 +0 +bytes'
	# Dumpable no more: its environment (the key) is root's to read, not its user's.
	run as_other cat "/proc/$pid/environ"
	assert_failure
	refute_output --partial "$CLOSE_KEY"
	kill "$pid"
	wait "$pid" || true
	fake_start convex --faults stall --stall 5
	printf '%s\n' "$SECRET" >"$W/secret.txt"
	cp doc.json "$W/doc.json"
	chown nobody "$W/secret.txt"
	chmod 0600 "$W/secret.txt"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	    bash -c 'ulimit -c unlimited; exec rt-post --header-file "x-api-secret:$1" "$2" "$3" >/dev/null 2>&1' \
	    sh "$W/secret.txt" "$FAKE_URL/revenue/snapshot" "$W/doc.json" &
	pid=$!
	sleep 1
	run grep '^Max core file size' "/proc/$pid/limits"
	assert_output --regexp '^Max core file size +0 +0 +bytes'
	run as_other cat "/proc/$pid/environ"
	assert_failure
	kill "$pid"
	wait "$pid" || true
}
