#!/usr/bin/env bats
# rt-scrape-abm against a fake AdsByMoney publisher site on 127.0.0.1
# (tests/fakes/abm.py: the site's flow, and the assumptions it stands for).

load helper
load fake
load man

EMAIL=pub@example.com
PASSWORD='Pa ss&w=rd+%2F/9Qx'
PUBID=PUB-20417
DATA="$TOP/tests/fakes/data/abm-earnings.json"
MANUAL="$TOP/examples/data/adsbymoney_manual.json"
# The manual file's entries that touch 2026-10-20..2026-11-21: October whole, three days.
FALLBACK_OUT='{"2026-10":"2150.12"}
{"2026-11-03":"75.00"}
{"2026-11-10":"82.40"}
{"2026-11-17":"79.15"}'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	umask 077 # secrets are written as a careful user writes them: rt warns of others that can read one
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start abm "$@"
	export RT_ABM_URL=$FAKE_URL RT_ABM_USER=$EMAIL RT_ABM_PASSWORD=$PASSWORD RT_ABM_PUBID=$PUBID
}

# "date cents" for each day a..b of the fake's data, computed by jq from its file.
expected_days() {
	jq -r --arg a "$1" --arg b "$2" \
	    '.[] | select(.date >= $a and .date <= $b) | "\(.date) \(.earnings | sub("\\."; "") | tonumber)"' "$DATA"
}

# What the fake saw: method, path and query, one request a line.
requests() {
	jq -r '[.method, .path] + [.query | to_entries[] | "\(.key)=\(.value)"] | join(" ")' "$FAKE_LOG"
}

@test "a full year: sign in, set the range, every day's entry, the summary line" {
	start
	run --separate-stderr rt-scrape-abm
	assert_success
	assert_equal "$stderr" 'rt-scrape-abm: 325 records, 2026-01-01..2026-11-21, 4 requests'
	assert_equal "$(wc -l <<<"$output")" 325
	assert_line --index 0 '{"timestamp":1767247200,"earnings":"30.00","impressions":20000,"clicks":100}'
	run requests
	assert_success
	assert_output - <<OUT
GET /sign_in
POST /sign_in
GET /admin/publisher_campaigns date_range_index=10 end_date=2026-11-21 start_date=2026-01-01
GET /admin/publisher_overviews pubid=$PUBID status=active
OUT
	run jq -r '.user_agent' "$FAKE_LOG"
	assert_success
	assert_line --index 0 'rt/0.1.0'
}

@test "the adsbymoney map: one record a day, exact cents, totals as jq sums the fake's data" {
	start
	rt-scrape-abm -q | rt-normalize --source adsbymoney >recs.ndjson
	run jq -r '"\(.date) \(.amount_minor)"' recs.ndjson
	assert_success
	assert_output "$(expected_days 2026-01-01 2026-11-21)"
	run jq -c 'select(.id != "adsbymoney:" + .date or .currency != "USD" or .status != "completed" or .end_date != null)' recs.ndjson
	assert_success
	assert_output ''
	# Negative days are adjustments; the rest sales.
	run jq -r 'select(.kind == "adjustment") | .id' recs.ndjson
	assert_success
	assert_output - <<'OUT'
adsbymoney:2026-02-11
adsbymoney:2026-05-19
adsbymoney:2026-08-24
OUT
	run rt-aggregate -g month recs.ndjson
	assert_success
	want=$(jq -c '[.[] | select(.date <= "2026-11-21")] | group_by(.date[0:7])[]
	    | {month: .[0].date[0:7], count: length, net_minor: (map(.earnings | sub("\\."; "") | tonumber) | add)}' "$DATA")
	assert_equal "$(jq -c '{month, count, net_minor}' <<<"$output")" "$want"
	run rt-aggregate recs.ndjson
	assert_success
	assert_output --partial '"count":325,'
	assert_output --partial "\"net_minor\":$(expected_days 2026-01-01 2026-11-21 | awk '{ s += $2 } END { print s }'),"
}

@test "entries outside the range are dropped; days are cut in the reporting zone; both shapes" {
	# The fake answers a day more on each side; March 8 is the change to daylight saving time.
	start
	run --separate-stderr rt-scrape-abm -v --since 2026-03-07 --until 2026-03-09
	assert_success
	assert_line --index 0 --partial '"timestamp":1772863200,'
	assert_equal "$(grep overviews: <<<"$stderr" | tail -n 1)" 'rt-scrape-abm: overviews: 5 entries, 3 of them in the range'
	run jq -r '.timestamp | todate' <<<"$output"
	assert_output - <<'OUT'
2026-03-07T06:00:00Z
2026-03-08T06:00:00Z
2026-03-09T05:00:00Z
OUT
	fake_stop_all
	start --shape array --tz UTC
	# Stamped at midnight UTC, each day falls on the evening before in Chicago...
	run rt-scrape-abm -q --since 2026-03-07 --until 2026-03-09
	assert_success
	run jq -r '.timestamp | todate' <<<"$output"
	assert_output - <<'OUT'
2026-03-08T00:00:00Z
2026-03-09T00:00:00Z
2026-03-10T00:00:00Z
OUT
	# ...and on its own day in UTC.
	run rt-scrape-abm -q --tz UTC --since 2026-03-07 --until 2026-03-09
	assert_success
	run jq -r '.timestamp | todate' <<<"$output"
	assert_line --index 0 '2026-03-07T00:00:00Z'
}

@test "an empty range signs in, asks, and writes nothing" {
	start
	run --separate-stderr rt-scrape-abm --since 2025-06-01 --until 2025-06-30
	assert_success
	assert_output ''
	assert_equal "$stderr" 'rt-scrape-abm: 0 records, 2025-06-01..2025-06-30, 4 requests'
}

@test "CSRF: the fake refuses a sign-in without the page's token; the scraper sends it, form-encoded" {
	start
	run curl -s -o /dev/null -w '%{http_code}' --data-urlencode "user[email]=$EMAIL" \
	    --data-urlencode "user[password]=$PASSWORD" "$FAKE_URL/sign_in"
	assert_success
	assert_output 422
	: >"$FAKE_LOG"
	run rt-scrape-abm -q --since 2026-01-01 --until 2026-01-02
	assert_success
	assert_equal "$(wc -l <<<"$output")" 2
	run jq -r 'select(.method == "POST") | .content_type, .body' "$FAKE_LOG"
	assert_success
	assert_line --index 0 'application/x-www-form-urlencoded'
	# Every token of the fake holds + and /: sent raw, they would not survive the form.
	assert_line --index 1 --regexp '^authenticity_token=[A-Za-z0-9%]*%2B[A-Za-z0-9%]*&user%5Bemail%5D=pub%40example\.com&user%5Bpassword%5D=Pa%20ss%26w%3Drd%2B%252F%2F9Qx$'
	assert_line --index 1 --partial '%2F'
	# The password is in the body only.
	run jq -r '.path + " " + (.query | tostring)' "$FAKE_LOG"
	assert_success
	refute_output --partial 'ss&w'
	refute_output --partial 'Pa%20ss'
}

@test "the session cookie is carried, and the one rotated at sign-in replaces the first" {
	start
	run rt-scrape-abm -q --since 2026-01-01 --until 2026-01-02
	assert_success
	run jq -r '.headers.Cookie // "none"' "$FAKE_LOG"
	assert_success
	# sign_in, login (its answer, a 302 to /admin, rotates the cookie), campaigns, overviews.
	assert_equal "${#lines[@]}" 4
	assert_equal "${lines[0]}" none
	[[ "${lines[1]}" == _abm_session=* ]]
	[[ "${lines[2]}" == _abm_session=* && "${lines[2]}" != "${lines[1]}" ]]
	assert_equal "${lines[3]}" "${lines[2]}"
}

@test "earnings not in the assumed shape are exit 3, before anything is written" {
	local shape
	for shape in rows twice notime; do
		start --shape $shape
		run --separate-stderr rt-scrape-abm --since 2026-03-01 --until 2026-03-02
		assert_failure 3
		assert_output ''
		case $shape in
		rows) assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/admin/publisher_overviews?pubid=$PUBID&status=active: the answer is not an array of entries, nor an object with one in \"data\": {\"status\": \"ok\", \"rows\": [{\"timestamp\": 1772258400, \"earnings\": \"35.28\", \"impressions\": 47742, \"clicks\": 246}, {\"timestamp\": 1772344800, \"earnings\": 115.60, \"impressions\": 21841, \"clicks\": 283}, {\"tim; state not advanced" ;;
		twice) assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/admin/publisher_overviews?pubid=$PUBID&status=active: two entries for 2026-02-28 in America/Chicago: the overview is not one entry a day; state not advanced" ;;
		notime) assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/admin/publisher_overviews?pubid=$PUBID&status=active: entry 1 is not an object with a Unix \"timestamp\"; state not advanced" ;;
		esac
		fake_stop_all
	done
	# With a fallback, the file stands in.
	start --shape twice
	run --separate-stderr rt-scrape-abm -q --since 2026-10-20 --fallback "$MANUAL"
	assert_success
	assert_equal "$output" "$FALLBACK_OUT"
}

@test "a sign-in page without the csrf meta tag is exit 3, and the credentials are not sent" {
	start --fail-step sign_in=nometa
	run --separate-stderr rt-scrape-abm
	assert_failure 3
	assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/sign_in: the page has no <meta name=\"csrf-token\">: is RT_ABM_URL the publisher site, or has its sign-in page changed?; state not advanced"
	run requests
	assert_success
	assert_output 'GET /sign_in'
}

@test "a session the site forgets (the sign-in page again) is exit 3" {
	start --fail-step overviews=signin
	run --separate-stderr rt-scrape-abm
	assert_failure 3
	assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/admin/publisher_overviews?pubid=$PUBID&status=active: the site sent its sign-in page: the session was not kept; state not advanced"
	fake_stop_all
	start --fail-step campaigns=signin
	run --separate-stderr rt-scrape-abm
	assert_failure 3
	assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/admin/publisher_campaigns?start_date=2026-01-01&end_date=2026-11-21&date_range_index=10: the site sent its sign-in page: the session was not kept; state not advanced"
}

@test "--fallback stands in for each failed step: exit 0, the step named, the file's range, no state" {
	local fault step
	export RT_HTTP_RETRIES=1
	for fault in sign_in=503 sign_in=nometa sign_in=403 login=500 login=422 campaigns=503 campaigns=403 \
	    campaigns=signin overviews=502 overviews=nonjson overviews=signin overviews=404; do
		start --fail-step "$fault"
		step=${fault%%=*}
		run --separate-stderr rt-scrape-abm -q --since 2026-10-20 --fallback "$MANUAL" --state-out st.new
		assert_success
		assert_equal "$output" "$FALLBACK_OUT"
		assert_equal "${#stderr_lines[@]}" 2
		[[ "${stderr_lines[0]}" == "rt-scrape-abm: $step failed ("*"); using the fallback $MANUAL" ]]
		assert_equal "${stderr_lines[1]}" 'rt-scrape-abm: --state-out st.new not written: adsbymoney was not read'
		[ ! -e st.new ]
		fake_stop_all
	done
	# A site nobody answers for, too; and the summary line counts the file's entries.
	RT_ABM_URL=http://127.0.0.1:9 run --separate-stderr rt-scrape-abm --since 2026-10-20 --fallback "$MANUAL"
	assert_success
	assert_equal "$output" "$FALLBACK_OUT"
	assert_equal "$stderr" "rt-scrape-abm: sign_in failed (http://127.0.0.1:9/sign_in: Couldn't connect to server (gave up after 2 attempts)); using the fallback $MANUAL
rt-scrape-abm: 4 records, 2026-10-20..2026-11-21, 2 requests"
}

@test "fallback entries and scraped days go through one map to the same ids" {
	start
	rt-scrape-abm -q --since 2026-11-03 --until 2026-11-03 | rt-normalize --source adsbymoney >site.ndjson
	RT_ABM_URL=http://127.0.0.1:9 RT_HTTP_RETRIES=0 rt-scrape-abm -q --since 2026-10-20 --fallback "$MANUAL" 2>/dev/null |
		rt-normalize --source adsbymoney >file.ndjson
	run jq -r .id site.ndjson
	assert_success
	assert_output 'adsbymoney:2026-11-03'
	run jq -r '"\(.id) \(.date)..\(.end_date // .date) \(.amount_minor)"' file.ndjson
	assert_success
	assert_output - <<'OUT'
adsbymoney:2026-10 2026-10-01..2026-10-31 215012
adsbymoney:2026-11-03 2026-11-03..2026-11-03 7500
adsbymoney:2026-11-10 2026-11-10..2026-11-10 8240
adsbymoney:2026-11-17 2026-11-17..2026-11-17 7915
OUT
	# The file seen last wins the day, whichever it is.
	run bash -c 'cat site.ndjson file.ndjson | rt-dedupe --last | rt-aggregate'
	assert_success
	assert_output --partial '"count":4,'
	# The manual map and the whole manual file give what the scraper's lines give.
	run bash -c "rt-normalize --whole --source adsbymoney '$MANUAL' | diff - <(rt-normalize --whole --source adsbymoney-manual '$MANUAL')"
	assert_success
}

@test "refused credentials are exit 2, with --fallback too: a file does not mend a password" {
	start
	RT_ABM_PASSWORD=wrong-password-1234 run --separate-stderr rt-scrape-abm --state-out st.new
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/sign_in: the site refused the sign-in and sent its form again (HTTP 200): check RT_ABM_USER and RT_ABM_PASSWORD; state not advanced"
	RT_ABM_USER=someone@example.com run --separate-stderr rt-scrape-abm --fallback "$MANUAL" --state-out st.new
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "rt-scrape-abm: $FAKE_URL/sign_in: the site refused the sign-in and sent its form again (HTTP 200): check RT_ABM_USER and RT_ABM_PASSWORD; state not advanced"
	[ ! -e st.new ]
	fake_stop_all
	start --fail-step login=401
	run --separate-stderr rt-scrape-abm --fallback "$MANUAL"
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: HTTP 401 from $FAKE_URL/sign_in: check RT_ABM_USER and RT_ABM_PASSWORD; state not advanced"
	fake_stop_all
	# Elsewhere a 403 is exit 2 as for every fetcher, unless a fallback stands in (above).
	start --fail-step campaigns=403
	run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: HTTP 403 from $FAKE_URL/admin/publisher_campaigns?start_date=2026-01-01&end_date=2026-11-21&date_range_index=10: check RT_ABM_USER; state not advanced"
}

@test "settings given in part are exit 2 naming the missing, --fallback or not; nothing asked" {
	local part="(not as the variable, VAR_FILE or in $RT_SECRETS_DIR/adsbymoney_creds.json; RT_ABM_URL has no default)"
	start
	unset RT_ABM_PASSWORD
	run --separate-stderr rt-scrape-abm --fallback "$MANUAL"
	assert_failure 2
	assert_equal "$output" ''
	assert_equal "$stderr" "rt-scrape-abm: configured in part: RT_ABM_USER, RT_ABM_PUBID, RT_ABM_URL are set, but RT_ABM_PASSWORD is not $part"
	export RT_ABM_PASSWORD=$PASSWORD
	RT_ABM_PUBID= run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: configured in part: RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_URL are set, but RT_ABM_PUBID is not $part"
	RT_ABM_URL= run --separate-stderr rt-scrape-abm --fallback "$MANUAL"
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: configured in part: RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_PUBID are set, but RT_ABM_URL is not $part"
	RT_ABM_URL=ftp://example.com run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: RT_ABM_URL "ftp://example.com" is not an http or https URL'
	mkdir -p "$RT_SECRETS_DIR"
	echo '{"email": "pub@example.com", "password": "Pa ss&w=rd+%2F/9Qx"}' >"$RT_SECRETS_DIR/adsbymoney_creds.json"
	unset RT_ABM_USER RT_ABM_PASSWORD RT_ABM_PUBID
	run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: configured in part: RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_URL are set, but RT_ABM_PUBID is not $part"
	# A creds file that is there but broken counts as set, and the run says what is wrong with it.
	echo 'not json' >"$RT_SECRETS_DIR/adsbymoney_creds.json"
	run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: $RT_SECRETS_DIR/adsbymoney_creds.json is not JSON (at byte 1: unexpected character)"
	echo '["pub@example.com"]' >"$RT_SECRETS_DIR/adsbymoney_creds.json"
	run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: $RT_SECRETS_DIR/adsbymoney_creds.json is not a JSON object"
	run fake_requests "$FAKE_LOG"
	assert_output 0
}

@test "nothing configured: exit 2 without --fallback; with it the file stands in, no state" {
	local manual_out
	run --separate-stderr rt-scrape-abm --state-out st.new
	assert_failure 2
	assert_equal "$output" ''
	assert_equal "$stderr" "rt-scrape-abm: not configured: set RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_PUBID and RT_ABM_URL (the first three may be in $RT_SECRETS_DIR/adsbymoney_creds.json), or give --fallback; with an API token, use rt-fetch-adsbymoney"
	run --separate-stderr rt-scrape-abm --since 2026-10-20 --fallback "$MANUAL" --state-out st.new
	assert_success
	assert_equal "$output" "$FALLBACK_OUT"
	assert_equal "$stderr" "rt-scrape-abm: the site is not configured (none of RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_PUBID and RT_ABM_URL is set); using the fallback $MANUAL
rt-scrape-abm: --state-out st.new not written: adsbymoney was not read
rt-scrape-abm: 4 records, 2026-10-20..2026-11-21, 0 requests"
	[ ! -e st.new ]
	# A broken file is exit 2 here as anywhere.
	run --separate-stderr rt-scrape-abm --fallback nope.json
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: --fallback nope.json: No such file or directory'
}

@test "--configured: 0 with every setting, or none and a fallback to write; 1 with none; 2 with some" {
	start
	run --separate-stderr rt-scrape-abm --configured
	assert_success
	assert_equal "$output$stderr" ''
	unset RT_ABM_USER RT_ABM_PASSWORD RT_ABM_PUBID RT_ABM_URL
	run --separate-stderr rt-scrape-abm --configured
	assert_failure 1
	assert_equal "$stderr" 'rt-scrape-abm: not configured: RT_ABM_USER, RT_ABM_PASSWORD, RT_ABM_PUBID, RT_ABM_URL are not set'
	run --separate-stderr rt-scrape-abm --configured -v --fallback "$MANUAL"
	assert_success
	assert_equal "$stderr" "rt-scrape-abm: not configured; the fallback $MANUAL stands in"
	run --separate-stderr rt-scrape-abm --configured -q --fallback nope.json
	assert_failure 1
	assert_equal "$stderr" ''
	mkdir -p "$RT_SECRETS_DIR"
	echo '{"email": "pub@example.com", "pubid": "x"}' >"$RT_SECRETS_DIR/adsbymoney_creds.json"
	run --separate-stderr rt-scrape-abm --configured --fallback "$MANUAL"
	assert_failure 2
	assert_equal "$stderr" "rt-scrape-abm: configured in part: RT_ABM_USER, RT_ABM_PUBID are set, but RT_ABM_PASSWORD, RT_ABM_URL are not (not as the variable, VAR_FILE or in $RT_SECRETS_DIR/adsbymoney_creds.json; RT_ABM_URL has no default)"
	RT_ABM_PASSWORD_FILE=pw.txt RT_ABM_URL=$FAKE_URL run --separate-stderr rt-scrape-abm --configured
	assert_success
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 0
}

@test "credentials from the creds file in RT_SECRETS_DIR and from VAR_FILE" {
	start
	unset RT_ABM_USER RT_ABM_PASSWORD RT_ABM_PUBID
	mkdir -p "$RT_SECRETS_DIR"
	jq -n --arg e "$EMAIL" --arg p "$PASSWORD" --arg i "$PUBID" '{email: $e, password: $p, pubid: $i}' \
	    >"$RT_SECRETS_DIR/adsbymoney_creds.json"
	run rt-scrape-abm -q --since 2026-01-01 --until 2026-01-03
	assert_success
	assert_equal "$(wc -l <<<"$output")" 3
	# VAR_FILE holds the value itself, not a JSON creds file.
	printf '%s\n' "$PASSWORD" >pw.txt
	echo '{"email": "pub@example.com", "password": "wrong", "pubid": "PUB-20417"}' >"$RT_SECRETS_DIR/adsbymoney_creds.json"
	RT_ABM_PASSWORD_FILE=pw.txt run rt-scrape-abm -q --since 2026-01-01 --until 2026-01-03
	assert_success
	RT_ABM_PASSWORD_FILE=nope.txt run --separate-stderr rt-scrape-abm
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: cannot read nope.txt (from RT_ABM_PASSWORD_FILE): No such file or directory'
}

@test "a fallback file that could not stand in is exit 2 before anything is asked" {
	start
	run --separate-stderr rt-scrape-abm --fallback nope.json
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: --fallback nope.json: No such file or directory'
	echo '{"2026-01": 1,' >bad.json
	run --separate-stderr rt-scrape-abm --fallback bad.json
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: --fallback bad.json: byte 16: unexpected end of input'
	echo '{"2026-01": 1, "January": 2}' >bad.json
	run --separate-stderr rt-scrape-abm --fallback bad.json
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: --fallback bad.json: key "January" is not YYYY-MM or YYYY-MM-DD'
	echo '{"2026-01-31": {"usd": 1}}' >bad.json
	run --separate-stderr rt-scrape-abm --fallback bad.json
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: --fallback bad.json: "2026-01-31" is not an amount'
	echo '[1]' >bad.json
	run --separate-stderr rt-scrape-abm --fallback bad.json
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: --fallback bad.json: not an object of YYYY-MM and YYYY-MM-DD keys'
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 0
}

@test "--state-out records the cursor; --state asks again from it less the 30-day lookback" {
	start
	run --separate-stderr rt-scrape-abm --state-out st.new
	assert_success
	run cat st.new
	assert_success
	assert_output '{"source":"adsbymoney","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	mv st.new st
	: >"$FAKE_LOG"
	RT_TODAY=2026-11-22 run --separate-stderr rt-scrape-abm --state st --state-out st.new
	assert_success
	assert_equal "$stderr" 'rt-scrape-abm: 32 records, 2026-10-22..2026-11-22, 4 requests'
	run jq -r 'select(.path == "/admin/publisher_campaigns") | .query.start_date + ".." + .query.end_date' "$FAKE_LOG"
	assert_success
	assert_output '2026-10-22..2026-11-22'
	run rt-scrape-abm -q --state st --lookback 0 --until 2026-11-21
	assert_success
	assert_equal "$(wc -l <<<"$output")" 1
	cmp st <(echo '{"source":"adsbymoney","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}')
	echo '{"source":"close","cursor":"2026-11-01"}' >other
	run --separate-stderr rt-scrape-abm --state other
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: other: the state of source "close", not "adsbymoney"'
}

@test "with -v the password, email, pubid, CSRF token and session cookies never reach stderr or the state" {
	start --faults 503
	run --separate-stderr rt-scrape-abm -v --state-out st.new
	assert_success
	assert_line --index 0 --partial '"timestamp":'
	all=$stderr
	RT_ABM_PASSWORD=wrong-password-1234 run --separate-stderr rt-scrape-abm -v
	assert_failure 2
	all+=$stderr
	cat "$FAKE_LOG" >sent.log
	fake_stop_all
	start --fail-step overviews=nonjson
	run --separate-stderr rt-scrape-abm -v --fallback "$MANUAL"
	assert_success
	all+=$stderr
	cat "$FAKE_LOG" >>sent.log
	# The publisher id is no secret (it is in every URL): shown, not masked.
	[[ "$all" == *'GET '*"/admin/publisher_overviews?pubid=$PUBID&status=active 503"* ]]
	for secret in "$PASSWORD" 'Pa%20ss' wrong-password-1234 "$EMAIL" 'pub%40example'; do
		[[ "$all" != *"$secret"* ]] || { echo "found $secret" >&2; return 1; }
	done
	# The fake's log holds what was sent: every cookie value and token.
	for secret in $(jq -r '.headers.Cookie // empty | sub("^_abm_session="; "")' sent.log | sort -u) \
	    $(jq -r 'select(.method == "POST") | .body' sent.log | python3 -c 'import sys, urllib.parse; [print(urllib.parse.parse_qs(l.strip())["authenticity_token"][0]) for l in sys.stdin]'); do
		[[ "$all" != *"$secret"* ]] || { echo "found $secret" >&2; return 1; }
		! grep -qF -- "$secret" st.new
	done
	! grep -qF -- "$PUBID" st.new
	! grep -qF -- "$EMAIL" st.new
}

@test "a full disk is exit 4 and the state is not advanced, --fallback or not" {
	start
	run --separate-stderr bash -c 'rt-scrape-abm --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-scrape-abm: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
	RT_ABM_URL=http://127.0.0.1:9 RT_HTTP_RETRIES=0 run --separate-stderr bash -c \
	    'rt-scrape-abm --fallback "$0" >/dev/full' "$MANUAL"
	assert_failure 4
	assert_equal "${stderr_lines[1]}" 'rt-scrape-abm: stdout: No space left on device; state not advanced'
}

@test "--help, --version and usage errors" {
	run rt-scrape-abm --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-scrape-abm [-qv]'
	assert_line --index 2 --partial '[--fallback file]'
	run rt-scrape-abm --version
	assert_success
	assert_output 'rt-scrape-abm 0.1.0'
	run --separate-stderr rt-scrape-abm extra
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-scrape-abm: a fetcher takes no operands, but was given "extra"'
	assert_equal "${stderr_lines[1]%% [*}" 'usage: rt-scrape-abm'
	run --separate-stderr rt-scrape-abm --since 2026-13-01
	assert_failure 2
	assert_equal "$stderr" 'rt-scrape-abm: --since "2026-13-01" is not a YYYY-MM-DD date'
}

@test "man page: EXAMPLES run as shown against the fake, SYNOPSIS is the usage, mandoc is quiet" {
	start
	mkdir -p examples
	cp -R "$TOP/examples/data" examples/
	cd examples
	run_man_examples "$TOP/man/rt-scrape-abm.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-scrape-abm.1"
	assert_success
	assert_output ''
}
