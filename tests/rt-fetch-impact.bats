#!/usr/bin/env bats
# rt-fetch-impact against a fake impact.com API on 127.0.0.1 (tests/fakes/impact.py).

load helper
load fake
load man

SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq
TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2
DATA="$TOP/tests/fakes/data/impact-performance-by-day.json"
REPORT="/Mediapartners/$SID/Reports/partner_performance_by_day"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	umask 077 # secrets are written as a careful user writes them: rt warns of others that can read one
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start impact "$@"
	export RT_IMPACT_URL=$FAKE_URL RT_IMPACT_ACCOUNT_SID=$SID RT_IMPACT_AUTH_TOKEN=$TOKEN
}

# The URL of the first page the fetcher asks for, for the range $1..$2.
first_url() {
	echo "$FAKE_URL$REPORT?START_DATE=$1&END_DATE=$2&PageSize=1000"
}

# The same URL as messages show it: the SID masked to its last four characters.
masked_url() {
	first_url "$@" | sed "s/$SID/****${SID: -4}/"
}

# The rows the fake holds for a range, each with the rt_date the fetcher adds, computed
# apart from it: numbers with a fraction become their literal text, as rt_json_parse does.
expected() {
	python3 -c '
import json, sys
for x in json.load(open(sys.argv[1]), parse_float=str)["rows"]:
    if sys.argv[2] <= x["day"] <= sys.argv[3]:
        print(json.dumps(dict(x["row"], rt_date=x["day"]), separators=(",", ":"), ensure_ascii=False))
' "$DATA" "$1" "$2"
}

# Per currency, the count of days with earnings and their sum in cents, from the data file alone:
# the first of Total_Cost, Action_Cost, Earnings that is given, converted by string surgery.
expected_totals() {
	jq -r --arg a "$1" --arg b "$2" '
	    def cents: tostring | capture("^(?<s>-?)(?<i>[0-9]+)([.](?<f>[0-9]*))?$") |
	        ((.i + ((.f // "") + "00")[0:2]) | tonumber) * (if .s == "-" then -1 else 1 end);
	    [.rows[] | select(.day >= $a and .day <= $b) | .row |
	        {c: (.Currency // "USD"), m: ([.Total_Cost, .Action_Cost, .Earnings] |
	            map(select(. != null and . != "")) | first | cents)} | select(.m != 0)] |
	    group_by(.c)[] | "\(.[0].c) \(length) \(map(.m) | add)"' "$DATA"
}

@test "a full year: both pages, every row with its day, the summary line" {
	start
	run --separate-stderr rt-fetch-impact
	assert_success
	assert_equal "$stderr" 'rt-fetch-impact: 331 records, 2026-01-01..2026-11-21, 2 requests'
	assert_equal "$output" "$(expected 2026-01-01 2026-11-21)"
	run jq -r '[.method, .path, .query.START_DATE, .query.END_DATE, .query.PageSize, .query.Page // "-"] | join(" ")' "$FAKE_LOG"
	assert_success
	assert_output - <<OUT
GET $REPORT 2026-01-01 2026-11-21 1000 -
GET $REPORT 2026-01-01 2026-11-21 200 2
OUT
	run jq -r '[.auth, .accept, .user_agent] | join(" ")' "$FAKE_LOG"
	assert_success
	assert_line --index 0 "Basic $(printf '%s:%s' "$SID" "$TOKEN" | base64 -w0) application/json rt/0.1.0"
	assert_line --index 1 "Basic $(printf '%s:%s' "$SID" "$TOKEN" | base64 -w0) application/json rt/0.1.0"
}

@test "the impact map: exact cents per currency, zero days skipped, ids unique" {
	start
	rt-fetch-impact -q | rt-normalize --source impact >recs.ndjson
	run rt-aggregate -g currency recs.ndjson
	assert_success
	run jq -r '"\(.currency) \(.count) \(.net_minor)"' <<<"$output"
	assert_output "$(expected_totals 2026-01-01 2026-11-21)"
	assert_output - <<'OUT'
CAD 3 9403
USD 309 3345996
OUT
	run jq -r .id recs.ndjson
	assert_success
	assert_equal "$(sort <<<"$output" | uniq -d)" ''
	run jq -r '.rows[] | select(.day == "2026-01-03") | .row.Total_Cost' "$DATA"
	assert_success
	assert_output '0.00'
	run grep -c '"id":"impact:2026-01-03"' recs.ndjson
	assert_failure 1
	assert_output 0
	run jq -c 'select(.id | test("2026-0(7-2[01]|8-03|7-04)|10-01"))' recs.ndjson
	assert_success
	assert_output - <<'OUT'
{"id":"impact:2026-07-04","source":"impact","date":"2026-07-04","amount_minor":8500,"currency":"USD","kind":"sale","status":"completed","description":"impact.com performance 2026-07-04"}
{"id":"impact:2026-07-20","source":"impact","date":"2026-07-20","amount_minor":-425,"currency":"USD","kind":"adjustment","status":"completed","description":"impact.com performance 2026-07-20"}
{"id":"impact:2026-07-21","source":"impact","date":"2026-07-21","amount_minor":7772,"currency":"USD","kind":"sale","status":"completed","description":"impact.com performance 2026-07-21"}
{"id":"impact:2026-08-03","source":"impact","date":"2026-08-03","amount_minor":17912,"currency":"USD","kind":"sale","status":"completed","description":"impact.com performance 2026-08-03"}
{"id":"impact:2026-08-03:CAD","source":"impact","date":"2026-08-03","amount_minor":4945,"currency":"CAD","kind":"sale","status":"completed","description":"impact.com performance 2026-08-03"}
{"id":"impact:2026-10-01:10451","source":"impact","date":"2026-10-01","amount_minor":2713,"currency":"USD","kind":"sale","status":"completed","description":"impact.com performance 2026-10-01 (Acme Outdoor)"}
{"id":"impact:2026-10-01:20877","source":"impact","date":"2026-10-01","amount_minor":2830,"currency":"USD","kind":"sale","status":"completed","description":"impact.com performance 2026-10-01 (Globex Home)"}
OUT
}

@test "the map refuses rows that did not come through the fetcher or carry no earnings" {
	run --separate-stderr rt-normalize --source impact <<<'{"date_display":"Jan 3, 2026","Total_Cost":"1.00"}
{"rt_date":"2026-01-03","Clicks":"4"}'
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: <stdin>:1: map: no rt_date: impact rows are read through rt-fetch-impact
rt-normalize: <stdin>:2: map: none of Total_Cost, Action_Cost or Earnings'
}

@test "an empty range asks once and writes nothing" {
	start
	run --separate-stderr rt-fetch-impact --since 2025-12-01 --until 2025-12-31
	assert_success
	assert_output ''
	assert_equal "$stderr" 'rt-fetch-impact: 0 records, 2025-12-01..2025-12-31, 1 requests'
}

# HTML and the rest of what every fetcher meets are in fetchers.bats.
@test "an answer in XML is not JSON: exit 3 with its first bytes" {
	start --faults xml
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-impact: $(masked_url 2026-01-01 2026-11-21): the answer is not JSON (byte 1: unexpected character): <?xml version=\"1.0\" encoding=\"UTF-8\"?> <ImpactRadiusResponse> <Records> </Records> </ImpactRadiusResponse>; state not advanced"
	[ ! -e st.new ]
}

@test "a @nextpageuri on another host is not followed with the credentials" {
	start --faults offsite
	run --separate-stderr rt-fetch-impact
	assert_failure 3
	assert_output ''
	assert_equal "$stderr" "rt-fetch-impact: $(masked_url 2026-01-01 2026-11-21): \"@nextpageuri\" \"https://impact.example.net/Mediapartners/****${SID: -4}/Reports/partner_performance_by_day?Page=2\" leads away from $FAKE_URL; not following it with the credentials; state not advanced"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 1
}

@test "HTTP 200 with \"Status\":\"ERROR\" is an upstream failure, exit 3 with the message" {
	start --faults status-error
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_output ''
	assert_equal "$stderr" "rt-fetch-impact: $(masked_url 2026-01-01 2026-11-21): impact.com answered 200 with \"Status\":\"ERROR\": {\"Status\": \"ERROR\", \"Message\": \"The report could not be run\", \"Errors\": [{\"Field\": \"\", \"Message\": \"Report execution timed out; try a shorter date range\"}]}; state not advanced"
	[ ! -e st.new ]
}

@test "a 400 is exit 3 saying the API takes dates only as YYYY-MM-DD, with the body" {
	start --faults 400
	run --separate-stderr rt-fetch-impact --since 2026-03-01 --until 2026-03-31
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-impact: HTTP 400 from $(masked_url 2026-03-01 2026-03-31): impact.com refused the request; it takes START_DATE and END_DATE only as YYYY-MM-DD (asked for 2026-03-01..2026-03-31): {\"Status\": \"ERROR\", \"Message\": \"Validation Failed\", \"Errors\": [{\"Field\": \"START_DATE\", \"Message\": \"Invalid date format. Expected yyyy-MM-dd\"}]}; state not advanced"
}

@test "the fake speaks like impact: XML without Accept, 400 for dates not YYYY-MM-DD" {
	start
	run curl -s -u "$SID:$TOKEN" "$FAKE_URL$REPORT?START_DATE=2026-01-01&END_DATE=2026-01-01"
	assert_success
	assert_line --index 1 '<ImpactRadiusResponse>'
	run curl -s -w ' %{http_code}' -u "$SID:$TOKEN" -H 'Accept: application/json' \
	    "$FAKE_URL$REPORT?START_DATE=01/01/2026&END_DATE=2026-01-31"
	assert_success
	assert_output '{"Status": "ERROR", "Message": "Validation Failed", "Errors": [{"Field": "START_DATE", "Message": "Invalid date format. Expected yyyy-MM-dd"}]} 400'
}

@test "a row without a day the fetcher can read is exit 3 naming its columns" {
	jq -n '{rows: [{day: "2026-02-01", row: {date_display: "Feb 1, 2026", Total_Cost: "1.00"}},
	    {day: "2026-02-02", row: {Clicks: "4", Total_Cost: "2.00", Currency: "USD"}}]}' >nodate.json
	jq -n '{rows: [{day: "2026-02-01", row: {date_display: "1 Feb 2026", Total_Cost: "1.00"}}]}' >baddate.json
	start --data nodate.json
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_output '{"date_display":"Feb 1, 2026","Total_Cost":"1.00","rt_date":"2026-02-01"}'
	assert_equal "$stderr" "rt-fetch-impact: $(masked_url 2026-01-01 2026-11-21): row 2 has no day: no Date, date, Day, day or date_display; its columns: Clicks Total_Cost Currency; state not advanced"
	[ ! -e st.new ]
	start --data baddate.json
	run --separate-stderr rt-fetch-impact
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-impact: $(masked_url 2026-01-01 2026-11-21): row 1 has no day: date_display \"1 Feb 2026\" is not a date; state not advanced"
}

@test "refused credentials are exit 2 naming them; missing ones too" {
	start
	RT_IMPACT_AUTH_TOKEN=tkn_wrong_token_12345678 run --separate-stderr rt-fetch-impact
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-impact: HTTP 401 from $(masked_url 2026-01-01 2026-11-21): check RT_IMPACT_ACCOUNT_SID and RT_IMPACT_AUTH_TOKEN; state not advanced"
	RT_IMPACT_ACCOUNT_SID=IRsomeoneElse00000000000000 run --separate-stderr rt-fetch-impact
	assert_failure 2
	unset RT_IMPACT_ACCOUNT_SID
	run --separate-stderr rt-fetch-impact
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-impact: missing credential: set RT_IMPACT_ACCOUNT_SID, or RT_IMPACT_ACCOUNT_SID_FILE, or put it in $RT_SECRETS_DIR/impact_account_sid.txt"
	export RT_IMPACT_ACCOUNT_SID=$SID
	unset RT_IMPACT_AUTH_TOKEN
	run --separate-stderr rt-fetch-impact
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-impact: missing credential: set RT_IMPACT_AUTH_TOKEN, or RT_IMPACT_AUTH_TOKEN_FILE, or put it in $RT_SECRETS_DIR/impact_api_key.txt"
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 2
}

@test "credentials come from --sid-file/--token-file, the _FILE variables or the secrets directory" {
	start
	unset RT_IMPACT_ACCOUNT_SID RT_IMPACT_AUTH_TOKEN
	echo "$SID" >sid.txt
	echo "$TOKEN" >token.txt
	run rt-fetch-impact -q --sid-file sid.txt --token-file token.txt --since 2026-01-01 --until 2026-01-05
	assert_success
	assert_equal "${#lines[@]}" 5
	RT_IMPACT_ACCOUNT_SID_FILE=sid.txt RT_IMPACT_AUTH_TOKEN_FILE=token.txt run rt-fetch-impact -q --since 2026-01-01 --until 2026-01-05
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	cp sid.txt "$RT_SECRETS_DIR/impact_account_sid.txt"
	cp token.txt "$RT_SECRETS_DIR/impact_api_key.txt"
	run rt-fetch-impact -q --since 2026-01-01 --until 2026-01-05
	assert_success
	run --separate-stderr rt-fetch-impact --token-file nope.txt
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-impact: cannot read nope.txt: No such file or directory'
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 3
}

@test "--state-out records the cursor; --state asks again only from cursor less the lookback" {
	start
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_success
	run cat st.new
	assert_success
	assert_output '{"source":"impact","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	mv st.new st
	: >"$FAKE_LOG"
	RT_TODAY=2026-11-22 run --separate-stderr rt-fetch-impact --state st --state-out st.new
	assert_success
	assert_equal "$stderr" 'rt-fetch-impact: 37 records, 2026-10-17..2026-11-22, 1 requests'
	assert_equal "$output" "$(expected 2026-10-17 2026-11-22)"
	run jq -r '.query.START_DATE + ".." + .query.END_DATE' "$FAKE_LOG"
	assert_success
	assert_output '2026-10-17..2026-11-22'
	run cat st.new
	assert_success
	assert_output '{"source":"impact","cursor":"2026-11-22","updated_at":"2026-11-21T12:00:00Z"}'
	RT_TODAY=2026-11-22 run rt-fetch-impact -q --state st --lookback 3
	assert_success
	run jq -r '.query.START_DATE' "$FAKE_LOG"
	assert_success
	assert_line --index 1 '2026-11-18'
	cmp st <(echo '{"source":"impact","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}')
}

@test "with -v neither the SID nor the token reaches stderr or the state, even on errors" {
	start --faults 429-x-reset,500,ok,ok,status-error
	run --separate-stderr rt-fetch-impact -v --state-out st.new
	assert_success
	grep -q "Mediapartners/\*\*\*\*${SID: -4}/" <<<"$stderr"
	[[ "$stderr" != *"$SID"* && "$stderr" != *"$TOKEN"* ]]
	[[ "$stderr" != *"$(printf '%s:%s' "$SID" "$TOKEN" | base64 -w0)"* ]]
	! grep -qe "$SID" -e "$TOKEN" st.new
	refute_output --partial "$SID"
	run --separate-stderr rt-fetch-impact -v
	assert_failure 3
	[[ "$stderr" == *'"Status":"ERROR"'* && "$stderr" != *"$SID"* && "$stderr" != *"$TOKEN"* ]]
	RT_IMPACT_AUTH_TOKEN=tkn_wrong_token_12345678 run --separate-stderr rt-fetch-impact -v
	assert_failure 2
	[[ "$stderr" != *tkn_wrong_token_12345678* && "$stderr" != *"$SID"* ]]
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-impact --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-impact: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
}

@test "bad options and settings are exit 2 before anything is asked" {
	start
	run --separate-stderr rt-fetch-impact extra-operand
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-fetch-impact: a fetcher takes no operands, but was given "extra-operand"'
	assert_equal "${stderr_lines[1]%% [*}" 'usage: rt-fetch-impact'
	run --separate-stderr rt-fetch-impact --until 2026-13-01
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-impact: --until "2026-13-01" is not a YYYY-MM-DD date'
	RT_IMPACT_URL=api.impact.com run --separate-stderr rt-fetch-impact
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-impact: RT_IMPACT_URL "api.impact.com" is not an http or https URL'
	echo '{"source":"close","cursor":"2026-11-01"}' >st
	run --separate-stderr rt-fetch-impact --state st
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-impact: st: the state of source "close", not "impact"'
	run fake_requests "$FAKE_LOG"
	assert_success
	assert_output 0
}

@test "--help and --version; SYNOPSIS agrees with the usage" {
	run rt-fetch-impact --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-fetch-impact'
	run rt-fetch-impact --version
	assert_success
	assert_output 'rt-fetch-impact 0.1.0'
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-impact.1"
	assert_success
	assert_output ''
}

@test "rt-fetch-impact(1) EXAMPLES run as shown against the fake" {
	start
	run_man_examples "$TOP/man/rt-fetch-impact.1"
}

@test "--configured: 0 with both credentials, 1 with neither, 2 naming the one missing" {
	start
	run --separate-stderr rt-fetch-impact --configured
	assert_success
	assert_equal "$output$stderr" ''
	unset RT_IMPACT_ACCOUNT_SID RT_IMPACT_AUTH_TOKEN
	run --separate-stderr rt-fetch-impact --configured
	assert_failure 1
	assert_equal "$stderr" 'rt-fetch-impact: not configured: RT_IMPACT_ACCOUNT_SID, RT_IMPACT_AUTH_TOKEN are not set'
	RT_IMPACT_AUTH_TOKEN=$TOKEN run --separate-stderr rt-fetch-impact --configured -q
	assert_failure 2
	assert_equal "$output" ''
	assert_equal "$stderr" "rt-fetch-impact: configured in part: RT_IMPACT_AUTH_TOKEN is set, but RT_IMPACT_ACCOUNT_SID is not (not as the variable, VAR_FILE or a file in $RT_SECRETS_DIR)"
	mkdir -p "$RT_SECRETS_DIR"
	echo "$SID" >"$RT_SECRETS_DIR/impact_account_sid.txt"
	run --separate-stderr rt-fetch-impact --configured
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-impact: configured in part: RT_IMPACT_ACCOUNT_SID is set, but RT_IMPACT_AUTH_TOKEN is not (not as the variable, VAR_FILE or a file in $RT_SECRETS_DIR)"
	run --separate-stderr rt-fetch-impact --configured --token-file token.txt
	assert_success
	run fake_requests "$FAKE_LOG"
	assert_output 0
}

@test "@total and @numpages are checked when present: a mismatch is exit 3, no state" {
	local url2
	start --paging total-more
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_equal "$stderr" 'rt-fetch-impact: the pages held 331 rows, but "@total" says 332; state not advanced'
	[ ! -e st.new ]
	fake_stop_all
	start --paging total-less
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_equal "$stderr" 'rt-fetch-impact: the pages held 331 rows, but "@total" says 330; state not advanced'
	fake_stop_all
	start --paging numpages-more
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_equal "$stderr" 'rt-fetch-impact: 2 pages were served, but "@numpages" says 3; state not advanced'
	[ ! -e st.new ]
	fake_stop_all
	start --paging total-changes
	url2="$FAKE_URL$REPORT?START_DATE=2026-01-01&END_DATE=2026-11-21&PageSize=200&Page=2"
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-impact: ${url2/$SID/****${SID: -4}}: \"@total\" says 332, but the first page said 331; state not advanced"
	[ ! -e st.new ]
	# With the counts right (the usual case) the run succeeds: one page, and two.
	fake_stop_all
	start
	run --separate-stderr rt-fetch-impact --since 2026-11-01
	assert_success
	run --separate-stderr rt-fetch-impact -v
	assert_success
	[[ "$stderr" == *'rt-fetch-impact: page 2 of 2: 131 rows'* ]]
}

@test "Records without paging keys are one page only when fewer than the page size asked for" {
	start --paging nokeys
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_success
	assert_equal "$output" "$(expected 2026-01-01 2026-11-21)"
	assert_equal "$stderr" 'rt-fetch-impact: 331 records, 2026-01-01..2026-11-21, 1 requests'
	[ -e st.new ]
	# A full page of 1000 rows may be the first of more: exit 3, no state.
	fake_stop_all
	jq -n '{rows: [range(0; 1200) | {day: "2026-03-\(. % 28 + 1 | tostring | if length == 1 then "0" + . else . end)",
	    row: {Date: "2026-03-\(. % 28 + 1 | tostring | if length == 1 then "0" + . else . end)", Total_Cost: "1.00", Currency: "USD"}}]}' >many.json
	start --paging nokeys --data many.json
	rm -f st.new
	run --separate-stderr rt-fetch-impact --state-out st.new
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-impact: $(masked_url 2026-01-01 2026-11-21): 1000 rows and no paging keys (@page, @numpages, @total, @nextpageuri): a full page of 1000 may not be the whole report, and there is no next page to ask for; state not advanced"
	assert_equal "$output" ''
	[ ! -e st.new ]
}
