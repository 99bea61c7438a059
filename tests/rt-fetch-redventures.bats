#!/usr/bin/env bats
# rt-fetch-redventures against a fake RV Media Network on 127.0.0.1 (tests/fakes/redventures.py).

load helper
load fake
load man

CLIENT_ID=rvc_test_8Hq2LmZ0
SECRET=rvs_test_secret_Jm4xQ9vT2pLw7Zk1
TOKEN1=eyJhbGciOiJSUzI1NiJ9.rvfake-1.Tq7Lm2Xz9Wk4Pv8R
TOKEN2=eyJhbGciOiJSUzI1NiJ9.rvfake-2.Tq7Lm2Xz9Wk4Pv8R
DATA="$TOP/tests/fakes/data/redventures-daily.json"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start redventures "$@"
	export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token
	export RT_RV_CLIENT_ID=$CLIENT_ID RT_RV_CLIENT_SECRET=$SECRET RT_RV_PROPERTY_ID=48213
}

# The windows the fake was asked for, in the order asked, as "start end".
asked() {
	jq -r 'select(.path == "/overview") | .query.start[0:10] + " " + .query.end[0:10]' "$FAKE_LOG"
}

# Net cents per month from the fake's data file for a..b, computed by jq alone.
expected_months() {
	jq -c --arg a "$1" --arg b "$2" '
	def cents: (if startswith("-") then -1 else 1 end) as $s | ltrimstr("-") | split(".")
	    | $s * ((.[0] | tonumber) * 100 + (.[1] | tonumber));
	[(.daily, .adjustments) | to_entries[] | select(.key >= $a and .key <= $b)]
	| group_by(.key[0:7]) | map({month: .[0].key[0:7], net_minor: (map(.value | cents) | add)}) | .[]' "$DATA"
}

@test "the year to date: a token, then one request per calendar month, rows in window order" {
	start
	run --separate-stderr rt-fetch-redventures
	assert_success
	assert_equal "$stderr" 'rt-fetch-redventures: 15 records, 2026-01-01..2026-11-21, 12 requests'
	run jq -r '[.rt_window_start, .rt_window_end, .rt_row, .rt_property, (.commission | type)] | join(" ")' <<<"$output"
	assert_output - <<'OUT'
2026-01-01 2026-01-31 0 48213 string
2026-02-01 2026-02-28 0 48213 string
2026-02-01 2026-02-28 1 48213 string
2026-03-01 2026-03-31 0 48213 string
2026-04-01 2026-04-30 0 48213 string
2026-05-01 2026-05-31 0 48213 string
2026-05-01 2026-05-31 1 48213 string
2026-06-01 2026-06-30 0 48213 string
2026-07-01 2026-07-31 0 48213 string
2026-08-01 2026-08-31 0 48213 string
2026-08-01 2026-08-31 1 48213 string
2026-09-01 2026-09-30 0 48213 string
2026-10-01 2026-10-31 0 48213 string
2026-11-01 2026-11-21 0 48213 string
2026-11-01 2026-11-21 1 48213 string
OUT
	# The token request comes first, as JSON, and every window carries its token.
	run jq -c 'select(.path == "/oauth/token") | [.method, .content_type, (.body | fromjson)]' "$FAKE_LOG"
	assert_success
	assert_output "[\"POST\",\"application/json\",{\"grant_type\":\"client_credentials\",\"client_id\":\"$CLIENT_ID\",\"client_secret\":\"$SECRET\",\"audience\":\"https://reporting-api.rvmedianetwork.com\"}]"
	run jq -r '.path' "$FAKE_LOG"
	assert_success
	assert_line --index 0 /oauth/token
	assert_equal "$(fake_requests "$FAKE_LOG" /overview)" 11
	run jq -r 'select(.path == "/overview") | [.auth, .accept, .user_agent, .query.propertyId] | join(" ")' "$FAKE_LOG"
	assert_success
	assert_equal "$(sort -u <<<"$output")" "Bearer $TOKEN1 application/json rt/0.1.0 48213"
	run jq -r 'select(.path == "/overview") | .query.start + " | " + .query.end' "$FAKE_LOG"
	assert_success
	assert_line '2026-11-01 00:00:00 | 2026-11-21 23:59:59'
}

@test "totals through rt-normalize and rt-aggregate are the data file's, to the cent" {
	start
	rt-fetch-redventures -q | rt-normalize --source redventures >recs.ndjson
	run jq -c '{month, net_minor}' < <(rt-aggregate -g month recs.ndjson)
	assert_success
	assert_output "$(expected_months 2026-01-01 2026-11-21)"
	run jq -c 'select(.id == "redventures:48213:2026-11:adjustment")' recs.ndjson
	assert_output '{"id":"redventures:48213:2026-11:adjustment","source":"redventures","date":"2026-11-01","end_date":"2026-11-21","amount_minor":-4242,"currency":"USD","kind":"adjustment","status":"completed","description":"RV Media Network adjustment 2026-11-01..2026-11-21"}'
	# Spanning records are spread by day downstream: a week inside November gets its share.
	run rt-aggregate --summary recs.ndjson
	assert_success
	ytd=$(expected_months 2026-01-01 2026-11-21 | jq -s 'map(.net_minor) | add')
	assert_output --partial "\"ytd_minor\":$ytd,"
}

@test "numbers, strings, and answers with or without the payload wrapper give the same records" {
	start
	rt-fetch-redventures -q --since 2026-01-01 --until 2026-03-31 | rt-normalize --source redventures >numbers
	fake_stop_all
	start --commission string --no-payload
	rt-fetch-redventures -q --since 2026-01-01 --until 2026-03-31 | rt-normalize --source redventures >strings
	cmp numbers strings
	run wc -l <numbers
	assert_success
	assert_output 4
}

@test "a range with no data asks once per month and writes nothing" {
	start
	run --separate-stderr rt-fetch-redventures --since 2025-03-01 --until 2025-04-30
	assert_success
	assert_output ''
	assert_equal "$stderr" 'rt-fetch-redventures: 0 records, 2025-03-01..2025-04-30, 3 requests'
	# Requests in flight together reach the fake in any order.
	run asked
	assert_success
	assert_equal "$(sort <<<"$output")" $'2025-03-01 2025-03-31\n2025-04-01 2025-04-30'
}

@test "--jobs 1 and --jobs 4 write the same bytes; with 4, four windows are in flight at once" {
	start --delay-ms 100 --trace trace1
	rt-fetch-redventures -q --jobs 1 >one
	run jq -s 'map(.inflight) | max' trace1
	assert_success
	assert_output 1
	fake_stop_all
	start --delay-ms 100 --trace trace4
	rt-fetch-redventures -q -j 4 >four
	cmp one four
	# The fake counts the answers it is making when each request arrives.
	run jq -s 'map(.inflight) | max' trace4
	assert_success
	[ "$output" -ge 2 ]
	[ "$output" -le 4 ]
	run jq -s 'length' trace4
	assert_success
	assert_output 11
}

@test "windows are calendar months, never over 31 days; the fake would refuse a longer one" {
	start
	run rt-fetch-redventures -q --since 2026-01-01 --until 2026-12-31
	assert_success
	run asked
	assert_success
	assert_equal "$(wc -l <<<"$output")" 12
	run jq -r 'select(.path == "/overview") | .query | ((.end[0:10] | strptime("%Y-%m-%d") | mktime)
	    - (.start[0:10] | strptime("%Y-%m-%d") | mktime)) / 86400 + 1 | select(. > 31 or . < 28)' "$FAKE_LOG"
	assert_success
	assert_output ''
	run curl -s "$FAKE_URL/overview?propertyId=48213&start=2026-01-01%2000:00:00&end=2026-02-01%2023:59:59" \
	    -H "Authorization: Bearer $TOKEN1"
	assert_success
	assert_output '{"message": "The date range must be between 1 and 31 days", "days": 32}'
	# -n shows the windows without credentials or requests: leap years, year ends, one day.
	run rt-fetch-redventures -n --since 2024-01-31 --until 2024-03-01
	assert_success
	assert_output $'2024-01-01 2024-01-31\n2024-02-01 2024-02-29\n2024-03-01 2024-03-01'
	run env -u RT_RV_CLIENT_SECRET rt-fetch-redventures --dry-run --since 2025-12-15 --until 2026-01-10
	assert_success
	assert_output $'2025-12-01 2025-12-31\n2026-01-01 2026-01-10'
	run rt-fetch-redventures -n --since 2023-02-28 --until 2023-02-28
	assert_success
	assert_output '2023-02-01 2023-02-28'
}

@test "any --since starts on the 1st, so a later month-to-date total supersedes the earlier by id" {
	start
	run --separate-stderr rt-fetch-redventures -v --since 2026-11-10
	assert_success
	assert_line --index 0 '{"commission":"7504.89","rt_property":"48213","rt_window_start":"2026-11-01","rt_window_end":"2026-11-21","rt_row":0,"rt_row_key":"commission"}'
	[[ "$stderr" == *'range starts on 2026-11-01, the first of the month of 2026-11-10: windows are calendar months'* ]]
	rt-fetch-redventures -q --since 2026-11-10 | rt-normalize --source redventures >day21
	RT_TODAY=2026-11-25 rt-fetch-redventures -q --since 2026-11-20 | rt-normalize --source redventures >day25
	run jq -r '.id + " " + .end_date' < <(cat day21 day25 | rt-dedupe --last)
	assert_success
	assert_output $'redventures:48213:2026-11:commission 2026-11-25\nredventures:48213:2026-11:adjustment 2026-11-25'
	run jq -c '{month, net_minor}' < <(cat day21 day25 | rt-dedupe --last | rt-aggregate -g month --until 2026-11-25)
	assert_success
	assert_output "$(expected_months 2026-11-01 2026-11-25)"
}

# A body cut short once is retried (fetchers.bats); every time, it is the upstream's failure.
@test "a body cut short every time is exit 3 with its first bytes" {
	start --faults truncate,truncate
	RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-redventures --since 2026-01-01 --until 2026-01-31
	assert_failure 3
	assert_output ''
	assert_equal "$stderr" "rt-fetch-redventures: $FAKE_URL/overview?propertyId=48213&start=2026-01-01%2000%3A00%3A00&end=2026-01-31%2023%3A59%3A59: Transferred a partial file (gave up after 2 attempts): {\"data\": [{\"id\": \"tru; state not advanced"
}

@test "more than one page, or a shape not seen before, is exit 3 and writes nothing" {
	start --pages 2
	run --separate-stderr rt-fetch-redventures --since 2026-01-01 --until 2026-02-28
	assert_failure 3
	assert_output ''
	assert_equal "$stderr" 'rt-fetch-redventures: window 2026-01-01..2026-01-31: the window has more than one page, and how to ask for the next is not known: {"payload": {"overviewReporting": {"page": [{"commission": 13184.21}], "pagination": {"totalPages": 2, "totalEntries": 1}}}}; state not advanced'
	local body want
	while IFS='|' read -r body want; do
		fake_stop_all
		start --answer "$body"
		run --separate-stderr rt-fetch-redventures --since 2026-01-01 --until 2026-01-31
		assert_failure 3
		assert_equal "$stderr" "rt-fetch-redventures: window 2026-01-01..2026-01-31: $want: $body; state not advanced"
	done <<'CASES'
{"payload": {"overviewReporting": {"page": [{"clicks": 3}]}}}|a row has no "commission" number or string
{"overviewReporting": {"page": [{"commission": null}]}}|a row has no "commission" number or string
{"overviewReporting": {"page": [7]}}|a row is not an object
{"overviewReporting": {"page": {}}}|the answer has no "overviewReporting.page" array
{"overviewReporting": {"page": [], "pagination": {"totalPages": 1, "totalEntries": 3}}}|the window has more than one page, and how to ask for the next is not known
{"overviewReporting": {"page": [], "pagination": []}}|"pagination" is not an object
{"data": []}|the answer has no "overviewReporting" object
[]|the answer is not an object
CASES
}

@test "the token endpoint: a refused client is exit 2, a failing endpoint exit 3" {
	start
	RT_RV_CLIENT_SECRET=rvs_wrong_secret_000000000 run --separate-stderr rt-fetch-redventures
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-redventures: HTTP 401 from $FAKE_URL/oauth/token: check RT_RV_CLIENT_ID, RT_RV_CLIENT_SECRET and RT_RV_AUDIENCE; state not advanced"
	RT_RV_AUDIENCE=https://example.com run --separate-stderr rt-fetch-redventures
	assert_failure 2
	assert_equal "$(fake_requests "$FAKE_LOG" /overview)" 0
	fake_stop_all
	start --token-faults 503,500
	RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-redventures
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-redventures: HTTP 500 from $FAKE_URL/oauth/token (gave up after 2 attempts): {\"error\": \"upstream trouble 500\"}; state not advanced"
	fake_stop_all
	start --token-answer '{"token_type": "Bearer"}'
	run --separate-stderr rt-fetch-redventures
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-redventures: $FAKE_URL/oauth/token: the answer has no \"access_token\"; state not advanced"
}

@test "a token that expires mid-run is renewed once and the refused windows sent again" {
	start
	rt-fetch-redventures -q >clean
	fake_stop_all
	start --token-life 6
	run --separate-stderr rt-fetch-redventures -v
	assert_success
	assert_equal "$output" "$(cat clean)"
	[[ "$stderr" == *'5 of 11 windows refused the token: asking for a new one, once'* ]]
	[[ "$stderr" == *'rt-fetch-redventures: 15 records, 2026-01-01..2026-11-21, 18 requests' ]]
	assert_equal "$(fake_requests "$FAKE_LOG" /oauth/token)" 2
	run jq -r 'select(.path == "/overview") | .auth' "$FAKE_LOG"
	assert_success
	assert_equal "$(grep -c "$TOKEN1" <<<"$output")" 11
	assert_equal "$(grep -c "$TOKEN2" <<<"$output")" 5
}

@test "a 401 a new token does not cure is exit 2; a 403 for the property gets no new token" {
	start --token-life 3
	run --separate-stderr rt-fetch-redventures --state-out st.new
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *': check RT_RV_CLIENT_ID, RT_RV_CLIENT_SECRET and RT_RV_AUDIENCE (a new token was refused too); state not advanced' ]]
	assert_equal "$(fake_requests "$FAKE_LOG" /oauth/token)" 2
	[ ! -e st.new ]
	: >"$FAKE_LOG"
	RT_RV_PROPERTY_ID=99999 run --separate-stderr rt-fetch-redventures --since 2026-01-01 --until 2026-01-31
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-redventures: HTTP 403 from $FAKE_URL/overview?propertyId=99999&start=2026-01-01%2000%3A00%3A00&end=2026-01-31%2023%3A59%3A59: check RT_RV_PROPERTY_ID and the client's access to that property; state not advanced"
	assert_equal "$(fake_requests "$FAKE_LOG" /oauth/token)" 1
}

@test "--state-out records the cursor; --state asks again from the month of cursor less the lookback" {
	start
	run --separate-stderr rt-fetch-redventures --state-out st.new
	assert_success
	run cat st.new
	assert_success
	assert_output '{"source":"redventures","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	mv st.new st
	: >"$FAKE_LOG"
	# 2026-11-21 less 31 days is 2026-10-21: October is asked for again, whole.
	RT_TODAY=2026-12-02 run --separate-stderr rt-fetch-redventures --state st --state-out st.new
	assert_success
	assert_equal "$stderr" 'rt-fetch-redventures: 4 records, 2026-10-01..2026-12-02, 4 requests'
	run asked
	assert_success
	assert_equal "$(sort <<<"$output")" $'2026-10-01 2026-10-31\n2026-11-01 2026-11-30\n2026-12-01 2026-12-02'
	run cat st.new
	assert_success
	assert_output '{"source":"redventures","cursor":"2026-12-02","updated_at":"2026-11-21T12:00:00Z"}'
	: >"$FAKE_LOG"
	RT_TODAY=2026-12-02 run rt-fetch-redventures -q --state st --lookback 0
	assert_success
	run asked
	assert_success
	assert_equal "$(sort <<<"$output")" $'2026-11-01 2026-11-30\n2026-12-01 2026-12-02'
	cmp st <(echo '{"source":"redventures","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}')
}

@test "the client secret, id and tokens never reach stderr with -v, the output or the state" {
	# Token 1 answers 9 requests (the two faulted ones count), token 2 the rest.
	start --token-life 9 --faults 429-retry-after,500
	run --separate-stderr rt-fetch-redventures -v --state-out st.new
	assert_success
	local s
	for s in "$SECRET" "$CLIENT_ID" "$TOKEN1" "$TOKEN2" "${TOKEN1:0:30}"; do
		[[ "$stderr" != *"$s"* ]]
		[[ "$output" != *"$s"* ]]
		assert_equal "$(grep -cF -- "$s" st.new)" 0
	done
	[[ "$stderr" == *'POST '"$FAKE_URL"'/oauth/token 200'* ]]
	[[ "$stderr" == *'4 of 11 windows refused the token: asking for a new one, once'* ]]
	RT_RV_CLIENT_SECRET=rvs_wrong_secret_000000000 run --separate-stderr rt-fetch-redventures -v
	assert_failure 2
	[[ "$stderr" != *rvs_wrong_secret* ]]
}

@test "credentials come from options, variables, _FILE variables or the secrets directory" {
	start
	unset RT_RV_CLIENT_ID RT_RV_CLIENT_SECRET RT_RV_PROPERTY_ID
	run --separate-stderr rt-fetch-redventures --property-id 48213
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-redventures: missing credential: set RT_RV_CLIENT_ID, or RT_RV_CLIENT_ID_FILE, or put it in $RT_SECRETS_DIR/redventures_client_id.txt"
	echo "$CLIENT_ID" >id.txt
	echo "$SECRET" >secret.txt
	echo 48213 >prop.txt
	run rt-fetch-redventures -q --client-id-file id.txt --client-secret-file secret.txt --property-file prop.txt --since 2026-01-01 --until 2026-01-31
	assert_success
	RT_RV_CLIENT_ID_FILE=id.txt RT_RV_CLIENT_SECRET_FILE=secret.txt RT_RV_PROPERTY_ID_FILE=prop.txt \
	    run rt-fetch-redventures -q --since 2026-01-01 --until 2026-01-31
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	cp id.txt "$RT_SECRETS_DIR/redventures_client_id.txt"
	cp secret.txt "$RT_SECRETS_DIR/redventures_api_key.txt"
	run --separate-stderr rt-fetch-redventures -q --since 2026-01-01 --until 2026-01-31
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-redventures: missing credential: set RT_RV_PROPERTY_ID, or RT_RV_PROPERTY_ID_FILE, or put it in $RT_SECRETS_DIR/redventures_property_id.txt"
	cp prop.txt "$RT_SECRETS_DIR/redventures_property_id.txt"
	run rt-fetch-redventures -q --since 2026-01-01 --until 2026-01-31
	assert_success
	assert_line --index 0 --partial '"rt_property":"48213"'
	run --separate-stderr rt-fetch-redventures --property-id '12/34'
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-redventures: the property id "12/34" is not letters, digits, - and _'
	# Every refusal above came before any request.
	assert_equal "$(fake_requests "$FAKE_LOG" /oauth/token)" 3
}

@test "usage errors are exit 2 before anything is sent" {
	run --separate-stderr rt-fetch-redventures --jobs 0
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-redventures: --jobs "0" is not a number from 1 to 32'
	run --separate-stderr rt-fetch-redventures -j 33
	assert_failure 2
	run --separate-stderr rt-fetch-redventures --property-id 1 --property-file f
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-fetch-redventures: --property-id and --property-file name the same thing: give one'
	assert_equal "${stderr_lines[1]%% [*}" 'usage: rt-fetch-redventures'
	run --separate-stderr rt-fetch-redventures --since 2026-05-01 --until 2026-04-30
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-redventures: the range 2026-05-01..2026-04-30 is empty'
	run --separate-stderr rt-fetch-redventures extra
	assert_failure 2
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-redventures --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-redventures: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
	run --separate-stderr bash -c 'rt-fetch-redventures -n >/dev/full'
	assert_failure 4
}

@test "the map: one spanning record per row, its month in the id; rows it cannot date are rejected" {
	printf '%s\n' \
	    '{"commission":0,"rt_property":"7","rt_window_start":"2026-04-01","rt_window_end":"2026-04-30","rt_row":0}' \
	    '{"commission":"12.5","rt_property":"7","rt_window_start":"2026-04-01","rt_window_end":"2026-04-30","rt_row":1}' \
	    '{"commission":"12.345","rt_property":"7","rt_window_start":"2026-04-01","rt_window_end":"2026-04-30","rt_row":2}' \
	    '{"commission":1,"rt_property":"7","rt_window_start":"2026-04-02","rt_window_end":"2026-04-30","rt_row":0}' \
	    '{"commission":1,"rt_property":"7","rt_window_start":"2026-04-01","rt_window_end":"2026-05-01","rt_row":0}' \
	    '{"commission":1}' >rows
	run --separate-stderr rt-normalize --source redventures rows
	assert_failure 1
	assert_output - <<'OUT'
{"id":"redventures:7:2026-04:0","source":"redventures","date":"2026-04-01","end_date":"2026-04-30","amount_minor":0,"currency":"USD","kind":"sale","status":"completed","description":"RV Media Network commission 2026-04-01..2026-04-30"}
{"id":"redventures:7:2026-04:1","source":"redventures","date":"2026-04-01","end_date":"2026-04-30","amount_minor":1250,"currency":"USD","kind":"sale","status":"completed","description":"RV Media Network commission 2026-04-01..2026-04-30 (row 2)"}
OUT
	assert_equal "$stderr" 'rt-normalize: rows:3: amount "12.345" has more decimal places than the currency allows for USD
rt-normalize: rows:4: map: window 2026-04-02..2026-04-30 is not the start of one calendar month
rt-normalize: rows:5: map: window 2026-04-01..2026-05-01 is not the start of one calendar month
rt-normalize: rows:6: map: no rt_window_start/rt_window_end: not a row written by rt-fetch-redventures'
}

@test "--help and --version" {
	run rt-fetch-redventures --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-fetch-redventures [-qv]'
	assert_line '  -j, --jobs jobs            windows asked for at once (1 to 32, default 4)'
	run rt-fetch-redventures --version
	assert_success
	assert_output 'rt-fetch-redventures 0.1.0'
}

@test "the man page's EXAMPLES run as shown against the fake, and mandoc finds nothing" {
	start
	run_man_examples "$TOP/man/rt-fetch-redventures.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-redventures.1"
	assert_success
	assert_output ''
}

@test "--configured: the client and the property together; --property-id counts as the property" {
	start
	run --separate-stderr rt-fetch-redventures --configured
	assert_success
	assert_equal "$output$stderr" ''
	unset RT_RV_CLIENT_ID RT_RV_CLIENT_SECRET RT_RV_PROPERTY_ID
	run --separate-stderr rt-fetch-redventures --configured
	assert_failure 1
	assert_equal "$stderr" 'rt-fetch-redventures: not configured: RT_RV_CLIENT_ID, RT_RV_CLIENT_SECRET, RT_RV_PROPERTY_ID are not set'
	RT_RV_CLIENT_ID=$CLIENT_ID run --separate-stderr rt-fetch-redventures --configured --property-id 48213
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-redventures: configured in part: RT_RV_CLIENT_ID, RT_RV_PROPERTY_ID are set, but RT_RV_CLIENT_SECRET is not (not as the variable, VAR_FILE or a file in $RT_SECRETS_DIR)"
	RT_RV_CLIENT_ID=$CLIENT_ID RT_RV_CLIENT_SECRET=$SECRET run --separate-stderr rt-fetch-redventures --configured --property-file prop.txt
	assert_success
	run fake_requests "$FAKE_LOG"
	assert_output 0
}

@test "a row's id comes from what it says, not its place: a window with fewer rows keeps the others' ids" {
	# November with its commission and an adjustment, then with the adjustment alone.
	start --answer '{"overviewReporting": {"page": [{"commission": "100.00"}, {"commission": "-5.00"}]}}'
	rt-fetch-redventures -q --since 2026-11-01 | rt-normalize --source redventures >both
	fake_stop_all
	start --answer '{"overviewReporting": {"page": [{"commission": "-5.00"}]}}'
	rt-fetch-redventures -q --since 2026-11-01 | rt-normalize --source redventures >one
	run jq -r '.id + " " + (.amount_minor | tostring)' both one
	assert_output - <<'OUT'
redventures:48213:2026-11:commission 10000
redventures:48213:2026-11:adjustment -500
redventures:48213:2026-11:adjustment -500
OUT
	# Rows with more fields than commission are told apart by a digest of
	# those fields; a second row of the same key gets its ordinal.
	fake_stop_all
	start --answer '{"overviewReporting": {"page": [{"commission": 1, "channel": "email"}, {"commission": 2, "channel": "web"}, {"commission": 3, "channel": "web"}]}}'
	run rt-fetch-redventures -q --since 2026-11-01
	assert_success
	run jq -r .rt_row_key <<<"$output"
	assert_output - <<'OUT'
commission-75ebc28d
commission-79d36c0a
commission-79d36c0a.2
OUT
	fake_stop_all
	start --answer '{"overviewReporting": {"page": [{"commission": 3, "channel": "web"}]}}'
	run rt-fetch-redventures -q --since 2026-11-01
	assert_output --partial '"rt_row_key":"commission-79d36c0a"'
}
