#!/usr/bin/env bats
# Attacker cases for the hosts rt talks to (lib/rt_http, rt_fetch, rt_map):
# redirects to another host, rate-limit waits past int64, an API that never
# stops paging, and ids chosen to collide in a hash table.

load helper
load fake
load attack

SECRET=convex_test_secret_7Hq2LmX9
CLOSE_KEY=api_test_close_Xk2v9QmT4s

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=2
	umask 077
	printf '%s\n' "$SECRET" >secret.txt
	echo '{"snapshotDate":"2026-11-21","totalYtdUsd":1.00}' >doc.json
	# The host a hostile answer points to, which must never hear from rt.
	fake_start elsewhere
	THERE=$FAKE_URL
	THERE_LOG=$FAKE_LOG
}

teardown() {
	attack_teardown
}

@test "rt-post: a 307 or 302 to another host is exit 3 naming it; the secret header and the body stay home" {
	for code in 307 302 301 303 308; do
		fake_stop_all
		fake_start elsewhere
		THERE=$FAKE_URL THERE_LOG=$FAKE_LOG
		fake_start convex --faults "redirect-$code" --redirect-to "$THERE/steal?x=1"
		run --separate-stderr rt-post --header-file x-api-secret:secret.txt "$FAKE_URL/revenue/snapshot" doc.json
		assert_equal "$status" 3
		assert_equal "$stderr" "rt-post: HTTP $code from $FAKE_URL/revenue/snapshot: a redirect to $THERE/steal?x=1, not followed"
		assert_output ''
		assert_equal "$(fake_requests "$THERE_LOG")" 0
		assert_equal "$(fake_requests "$FAKE_LOG")" 1
	done
}

@test "rt-fetch-redventures: a 307 from the token endpoint does not carry the client secret away" {
	fake_start redventures --token-faults redirect-307 --redirect-to "$THERE/oauth/token"
	export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token RT_RV_CLIENT_ID=rvc_test_8Hq2LmZ0 \
	    RT_RV_CLIENT_SECRET=rvs_test_secret_Jm4xQ9vT2pLw7Zk1 RT_RV_PROPERTY_ID=48213
	run --separate-stderr rt-fetch-redventures -q --since 2026-11-01
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-redventures: HTTP 307 from $FAKE_URL/oauth/token: a redirect to $THERE/oauth/token, not followed; state not advanced"
	assert_equal "$(fake_requests "$THERE_LOG")" 0
}

@test "rt-scrape-abm: the sign-in form redirected to another host is not posted there; its own 302 still signs in" {
	export RT_ABM_USER=pub@example.com RT_ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx' RT_ABM_PUBID=PUB-20417
	for code in 307 302; do
		fake_stop_all
		fake_start elsewhere
		THERE=$FAKE_URL THERE_LOG=$FAKE_LOG
		fake_start abm --fail-step "login=redirect-$code" --redirect-to "$THERE/sign_in"
		export RT_ABM_URL=$FAKE_URL
		run --separate-stderr rt-scrape-abm -q --since 2026-11-01
		assert_failure 3
		assert_equal "$stderr" "rt-scrape-abm: HTTP $code from $FAKE_URL/sign_in: a redirect to $THERE/sign_in, not followed; state not advanced"
		assert_equal "$(fake_requests "$THERE_LOG")" 0
	done
	# The site's own answer to a good sign-in, a 302 to /admin, is the sign-in done: it is not followed.
	fake_start abm
	export RT_ABM_URL=$FAKE_URL
	run --separate-stderr rt-scrape-abm -q --since 2026-11-01
	assert_success
	assert_equal "$(fake_requests "$FAKE_LOG" /admin/publisher_overviews)" 1
	assert_equal "$(jq -r 'select(.path == "/admin") | .path' "$FAKE_LOG")" ''
}

@test "rt-fetch-close: a redirect, to another host or its own, is exit 3 and never followed with the key" {
	for to in "$THERE/api/v1/opportunity/" /api/v1/opportunity/; do
		fake_start close --faults redirect-302 --redirect-to "$to"
		export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$CLOSE_KEY
		run --separate-stderr rt-fetch-close -q --since 2026-11-01
		assert_failure 3
		[[ "$stderr" == "rt-fetch-close: HTTP 302 from $FAKE_URL/api/v1/opportunity/?"*": a redirect to "*"/api/v1/opportunity/, not followed; state not advanced" ]]
		assert_equal "$(fake_requests "$FAKE_LOG")" 1
		assert_equal "$(fake_requests "$THERE_LOG")" 0
	done
}

@test "a Retry-After or RateLimit reset past int64 waits the capped time, not none" {
	fake_start close --faults 429-retry-huge,429-ratelimit-huge,429-x-reset-huge
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$CLOSE_KEY RT_HTTP_RETRIES=3 RT_HTTP_MAXWAIT=1
	run --separate-stderr rt-fetch-close -v --since 2026-11-01
	assert_success
	run grep -c '^rt-fetch-close: retry [123] of 3 in 1.000 s$' <<<"$stderr"
	assert_output 3
}

@test "rt-fetch-close: has_more for ever stops at total_results, or else at RT_MAX_PAGES, exit 3" {
	fake_start close --forever --total 250
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$CLOSE_KEY
	run --separate-stderr timeout 20 rt-fetch-close -q --since 2026-11-01 --state-out st.json
	assert_equal "$status" 3
	assert_equal "$stderr" 'rt-fetch-close: the pages hold more opportunities than the 250 "total_results" says; stopping rather than run without end; state not advanced'
	assert_equal "$(fake_requests "$FAKE_LOG")" 3
	[ ! -e st.json ]
	fake_stop_all
	fake_start close --forever
	RT_CLOSE_URL="$FAKE_URL/api/v1" RT_MAX_PAGES=5 run --separate-stderr timeout 20 rt-fetch-close -q --since 2026-11-01
	assert_equal "$status" 3
	assert_equal "$stderr" 'rt-fetch-close: the API handed out more than RT_MAX_PAGES (5) pages; stopping rather than run without end; state not advanced'
	assert_equal "$(fake_requests "$FAKE_LOG")" 6
	[ "$(wc -l <<<"$output")" -eq 500 ]
	RT_MAX_PAGES=0 run --separate-stderr rt-fetch-close -q
	assert_equal "$status" 2
	assert_equal "$stderr" 'rt-fetch-close: RT_MAX_PAGES="0" is not a number from 1 to 10000000'
}

@test "ids chosen to collide in rt_map's hash: rt-dedupe stays linear" {
	# 65,536 ids of one hash under the old unseeded hash: about 20 s of CPU
	# there; a keyed hash with a per-process seed makes them ordinary ids.
	python3 "$BATS_TEST_DIRNAME/collide.py" 16 >flood.ndjson
	TIMEFORMAT='%3U %3S'
	{ time timeout 120 rt-dedupe flood.ndjson >out.ndjson; } 2>cpu
	[ "$(wc -l <out.ndjson)" -eq 65536 ]
	run awk '{ print ($1 + $2 < 3) ? "linear" : "quadratic: " $1 + $2 " s of CPU" }' cpu
	assert_output linear
}
