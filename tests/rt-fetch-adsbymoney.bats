#!/usr/bin/env bats
# rt-fetch-adsbymoney against a fake AdsByMoney publisher API on 127.0.0.1
# (tests/fakes/abm_api.py).

load helper
load fake
load man

TOKEN='abm_api_test_Tq7+Zx/9Lm=Wp2'
DATA="$TOP/tests/fakes/data/abm-earnings.json"
MANUAL="$TOP/examples/data/adsbymoney_manual.json"
# The manual file's entries that touch 2026-10-01..2026-11-21: October whole, three days.
FALLBACK_OUT='{"2026-10":"2150.12"}
{"2026-11-03":"75.00"}
{"2026-11-10":"82.40"}
{"2026-11-17":"79.15"}'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

start() {
	fake_start abm_api "$@"
	export RT_ABM_API_URL=$FAKE_URL RT_ABM_API_TOKEN=$TOKEN
}

# The cents the site's days a..b hold, plus the flat campaign's $5.00 a day: what every campaign earned.
expected_cents() {
	jq -r --arg a "$1" --arg b "$2" \
	    '[.[] | select(.date >= $a and .date <= $b) | (.earnings | sub("\\."; "") | tonumber) + 500] | add' "$DATA"
}

# What the fake was asked: start_at..end_at of each request, one a line.
asked() {
	jq -r '.body | fromjson | "\(.start_at)..\(.end_at)"' "$FAKE_LOG"
}

@test "a full year: one POST per calendar month, one object per campaign per month, the summary line" {
	start
	run --separate-stderr rt-fetch-adsbymoney
	assert_success
	assert_equal "$stderr" 'rt-fetch-adsbymoney: 33 records, 2026-01-01..2026-11-21, 11 requests'
	assert_equal "${#lines[@]}" 33
	run asked
	assert_output - <<'OUT'
2026-01-01..2026-01-31
2026-02-01..2026-02-28
2026-03-01..2026-03-31
2026-04-01..2026-04-30
2026-05-01..2026-05-31
2026-06-01..2026-06-30
2026-07-01..2026-07-31
2026-08-01..2026-08-31
2026-09-01..2026-09-30
2026-10-01..2026-10-31
2026-11-01..2026-11-21
OUT
	run jq -r '[.method, .path, .content_type, .user_agent, (.body | fromjson | keys | join(","))] | join(" ")' "$FAKE_LOG"
	assert_line --index 0 'POST /api/v1/publisher_dashboard/campaigns application/json rt/0.1.0 api_token,end_at,start_at'
	run jq -r '.body | fromjson | .api_token' "$FAKE_LOG"
	assert_line --index 10 "$TOKEN"
}

@test "null earnings are 0 only with revenue, leads and clicks all 0; the rest is written as the API sent it" {
	start
	run rt-fetch-adsbymoney -q --since 2026-03-01 --until 2026-04-30
	assert_success
	assert_output - <<'OUT'
{"id":101,"name":"Credit cards","status":"active","earnings":"2414.42","revenue":"9657.68","leads":458,"clicks":9178,"days":31,"rt_window_start":"2026-03-01","rt_window_end":"2026-03-31","rt_campaign":"101","rt_earnings":"2414.42"}
{"id":"c-202","name":"Personal loans","earnings":null,"revenue":0,"leads":0,"clicks":0,"rt_window_start":"2026-03-01","rt_window_end":"2026-03-31","rt_campaign":"c-202","rt_earnings":0}
{"id":303,"name":"Insurance","status":"active","earnings":155,"revenue":"620.00","leads":10,"clicks":217,"days":31,"rt_window_start":"2026-03-01","rt_window_end":"2026-03-31","rt_campaign":"303","rt_earnings":155}
{"id":101,"name":"Credit cards","status":"active","earnings":"1713.43","revenue":"6853.72","leads":341,"clicks":6829,"days":30,"rt_window_start":"2026-04-01","rt_window_end":"2026-04-30","rt_campaign":"101","rt_earnings":"1713.43"}
{"id":"c-202","name":"Personal loans","status":"active","earnings":"678.92","revenue":"2715.68","leads":128,"clicks":2566,"days":30,"rt_window_start":"2026-04-01","rt_window_end":"2026-04-30","rt_campaign":"c-202","rt_earnings":"678.92"}
{"id":303,"name":"Insurance","status":"active","earnings":150,"revenue":"600.00","leads":10,"clicks":210,"days":30,"rt_window_start":"2026-04-01","rt_window_end":"2026-04-30","rt_campaign":"303","rt_earnings":150}
OUT
}

@test "null earnings with clicks are exit 3 naming the campaign and month; nothing written, no state" {
	start --null-clicks 2026-06
	run --separate-stderr rt-fetch-adsbymoney --state-out st.new
	assert_failure 3
	assert_equal "$output" ''
	assert_equal "$stderr" 'rt-fetch-adsbymoney: 2026-06-01..2026-06-30: campaign 101: "earnings" is null but "clicks" is not 0: only a period before the account may lack earnings, with revenue, leads and clicks all 0; state not advanced'
	[ ! -e st.new ]
	# Before June every window was asked; none after it.
	run fake_requests "$FAKE_LOG"
	assert_output 6
}

@test "the map: a record per campaign per month, its id stable as the month grows, exact cents" {
	start
	rt-fetch-adsbymoney -q | rt-normalize --source adsbymoney >recs.ndjson
	run jq -r 'select(.date == "2026-03-01" or .date == "2026-11-01") | "\(.id) \(.date)..\(.end_date) \(.amount_minor) \(.kind) \(.description)"' recs.ndjson
	assert_output - <<'OUT'
adsbymoney:campaign:101:2026-03 2026-03-01..2026-03-31 241442 sale AdsByMoney campaign Credit cards 2026-03
adsbymoney:campaign:c-202:2026-03 2026-03-01..2026-03-31 0 sale AdsByMoney campaign Personal loans 2026-03
adsbymoney:campaign:303:2026-03 2026-03-01..2026-03-31 15500 sale AdsByMoney campaign Insurance 2026-03
adsbymoney:campaign:101:2026-11 2026-11-01..2026-11-21 90596 sale AdsByMoney campaign Credit cards 2026-11
adsbymoney:campaign:c-202:2026-11 2026-11-01..2026-11-21 60409 sale AdsByMoney campaign Personal loans 2026-11
adsbymoney:campaign:303:2026-11 2026-11-01..2026-11-21 10500 sale AdsByMoney campaign Insurance 2026-11
OUT
	# Each month's campaigns add up to the site's days of that month and the flat $5.00 a day.
	for m in 01 02 06 09 11; do
		run bash -c "rt-aggregate -g month recs.ndjson | jq -r 'select(.month == \"2026-$m\") | .net_minor'"
		assert_equal "2026-$m: $output" "2026-$m: $(expected_cents "2026-$m-01" "$([ $m = 11 ] && echo 2026-11-21 || echo "2026-$m-31")")"
	done
	# A day later November is the same three records, fuller.
	RT_TODAY=2026-11-22 rt-fetch-adsbymoney -q --since 2026-11-01 | rt-normalize --source adsbymoney >later.ndjson
	run bash -c 'cat recs.ndjson later.ndjson | rt-dedupe --last | jq -r "select(.date == \"2026-11-01\") | \"\(.id) \(.end_date)\""'
	assert_output - <<'OUT'
adsbymoney:campaign:101:2026-11 2026-11-22
adsbymoney:campaign:c-202:2026-11 2026-11-22
adsbymoney:campaign:303:2026-11 2026-11-22
OUT
	# The map refuses a campaign row that did not come through the fetcher's windows.
	run --separate-stderr rt-normalize --source adsbymoney <<<'{"id":1,"earnings":1,"rt_campaign":"1","rt_earnings":1,"rt_window_start":"2026-03-02","rt_window_end":"2026-03-31"}'
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: <stdin>:1: map: window 2026-03-02..2026-03-31 is not the start of one calendar month'
}

@test "ids under campaign_id are read; a bare array, a campaign twice or one without an id are exit 3" {
	start --shape campaign_id
	run rt-fetch-adsbymoney -q --since 2026-05-01 --until 2026-05-31
	assert_success
	run jq -r .rt_campaign <<<"$output"
	assert_output $'101\nc-202\n303'
	fake_stop_all
	start --shape bare
	run --separate-stderr rt-fetch-adsbymoney --since 2026-05-01
	assert_failure 3
	assert_equal "$output" ''
	[[ "$stderr" == 'rt-fetch-adsbymoney: 2026-05-01..2026-05-31: the answer has no "data" array: [{"id": 101, '*'; state not advanced' ]]
	fake_stop_all
	start --shape dup
	run --separate-stderr rt-fetch-adsbymoney --since 2026-05-01
	assert_failure 3
	assert_equal "$stderr" 'rt-fetch-adsbymoney: 2026-05-01..2026-05-31: campaign 101 is in the answer twice; state not advanced'
	fake_stop_all
	start --shape noid
	run --separate-stderr rt-fetch-adsbymoney --since 2026-05-01
	assert_failure 3
	assert_equal "$stderr" 'rt-fetch-adsbymoney: 2026-05-01..2026-05-31: campaign 1 is not an object with an "id" or "campaign_id"; state not advanced'
}

@test "slow answers: 90 s a request unless RT_HTTP_TIMEOUT says otherwise; past it is exit 3" {
	start --delay-ms 1200
	run --separate-stderr rt-fetch-adsbymoney -v --since 2026-11-01
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_equal "${stderr_lines[0]}" 'rt-fetch-adsbymoney: api: asking for 2026-11-01..2026-11-21, waiting up to 90 s'
	RT_HTTP_TIMEOUT=5 run --separate-stderr rt-fetch-adsbymoney -v --since 2026-11-01
	assert_success
	assert_equal "${stderr_lines[0]}" 'rt-fetch-adsbymoney: api: asking for 2026-11-01..2026-11-21, waiting up to 5 s'
	RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-adsbymoney --since 2026-11-01 --state-out st.new
	assert_failure 3
	assert_equal "$output" ''
	assert_equal "$stderr" "rt-fetch-adsbymoney: $FAKE_URL/api/v1/publisher_dashboard/campaigns: Timeout was reached (gave up after 2 attempts); state not advanced"
	[ ! -e st.new ]
}

@test "429 with Retry-After is waited out and the window asked again; 5xx too" {
	start --faults 429-retry-after,503,ok,500
	SECONDS=0
	run --separate-stderr rt-fetch-adsbymoney -v --since 2026-10-01
	assert_success
	[ "$SECONDS" -ge 1 ]
	assert_equal "${#lines[@]}" 6
	assert_line --index 0 --partial '"rt_window_start":"2026-10-01"'
	run grep -c 'retry' <<<"$stderr"
	assert_output 3
	[[ "$stderr" == *'POST '"$FAKE_URL"'/api/v1/publisher_dashboard/campaigns 429 ('*' ms)
rt-fetch-adsbymoney: retry 1 of 5 in 1.000 s'* ]]
	run asked
	assert_output $'2026-10-01..2026-10-31\n2026-10-01..2026-10-31\n2026-10-01..2026-10-31\n2026-11-01..2026-11-21\n2026-11-01..2026-11-21'
}

@test "the token never reaches stderr, the output or the state, even when the API quotes the body back" {
	local form
	start --faults echo,echo,echo
	mkdir -p "$RT_SECRETS_DIR"
	RT_HTTP_RETRIES=2 run --separate-stderr rt-fetch-adsbymoney -v --since 2026-11-01
	assert_failure 3
	# The API said so, and what it said is shown, the token masked to its last four characters.
	assert_equal "${stderr_lines[-1]}" "rt-fetch-adsbymoney: HTTP 500 from $FAKE_URL/api/v1/publisher_dashboard/campaigns (gave up after 3 attempts): {\"error\": \"internal error\", \"params\": {\"api_token\": \"****=Wp2\", \"start_at\": \"2026-11-01\", \"end_at\": \"2026-11-21\"}}; state not advanced"
	echo "$stderr" >err-500.txt
	run --separate-stderr env RT_ABM_API_TOKEN=wrong_token_Hx81Qz7vKp rt-fetch-adsbymoney -v --since 2026-11-01
	assert_failure 2
	echo "$stderr" >err-401.txt
	run --separate-stderr rt-fetch-adsbymoney -v --since 2026-11-01 --state-out st.json
	assert_success
	echo "$stderr" >err-ok.txt
	echo "$output" >out-ok.txt
	for form in "$TOKEN" "${TOKEN:0:${#TOKEN}-4}" 'abm_api_test_Tq7' 'wrong_token_Hx81Qz7vKp' 'wrong_token_Hx81Q' \
	    "$(jq -rn --arg t "$TOKEN" '$t | @uri')"; do
		if grep -lF -- "$form" err-500.txt err-401.txt err-ok.txt out-ok.txt st.json; then
			fail "\"$form\" was written above"
		fi
	done
	# No body is ever logged: not its dates, not its key.
	run grep -c 'start_at\|api_token' err-401.txt err-ok.txt
	assert_output $'err-401.txt:0\nerr-ok.txt:0'
}

@test "the token from --token-file, RT_ABM_API_TOKEN_FILE or the secrets directory; refused is exit 2" {
	start
	unset RT_ABM_API_TOKEN
	printf '%s\n' "$TOKEN" >token.txt
	run rt-fetch-adsbymoney -q --token-file token.txt --since 2026-11-01
	assert_success
	RT_ABM_API_TOKEN_FILE=token.txt run rt-fetch-adsbymoney -q --since 2026-11-01
	assert_success
	mkdir -p "$RT_SECRETS_DIR"
	cp token.txt "$RT_SECRETS_DIR/adsbymoney_api_token.txt"
	run rt-fetch-adsbymoney -q --since 2026-11-01
	assert_success
	assert_equal "${#lines[@]}" 3
	run --separate-stderr rt-fetch-adsbymoney --token-file nope.txt
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-adsbymoney: cannot read nope.txt: No such file or directory'
	# A refused token is exit 2, with --fallback too: a file does not mend a token.
	RT_ABM_API_TOKEN=wrong_token_Hx81Qz7vKp run --separate-stderr rt-fetch-adsbymoney --fallback "$MANUAL" --state-out st.new
	assert_failure 2
	assert_equal "$output" ''
	assert_equal "$stderr" "rt-fetch-adsbymoney: HTTP 401 from $FAKE_URL/api/v1/publisher_dashboard/campaigns: check RT_ABM_API_TOKEN; state not advanced"
	[ ! -e st.new ]
}

@test "--fallback stands in when the API fails and when no token is set: exit 0, the reason, no state" {
	start --faults 500,500,500
	RT_HTTP_RETRIES=2 run --separate-stderr rt-fetch-adsbymoney --since 2026-10-01 --fallback "$MANUAL" --state-out st.new
	assert_success
	assert_equal "$output" "$FALLBACK_OUT"
	assert_equal "$stderr" "rt-fetch-adsbymoney: the API failed (HTTP 500 from $FAKE_URL/api/v1/publisher_dashboard/campaigns (gave up after 3 attempts): {\"error\": \"upstream trouble 500\"}); using the fallback $MANUAL
rt-fetch-adsbymoney: --state-out st.new not written: adsbymoney was not read
rt-fetch-adsbymoney: 4 records, 2026-10-01..2026-11-21, 3 requests"
	[ ! -e st.new ]
	# A later window that fails throws away the earlier ones: nothing of the API's is written.
	fake_stop_all
	start --null-clicks 2026-11
	run --separate-stderr rt-fetch-adsbymoney -q --since 2026-10-01 --fallback "$MANUAL"
	assert_success
	assert_equal "$output" "$FALLBACK_OUT"
	# No token at all: the source is not set up, and the file stands in.
	unset RT_ABM_API_TOKEN
	run --separate-stderr rt-fetch-adsbymoney -q --since 2026-10-01 --fallback "$MANUAL" --state-out st.new
	assert_success
	assert_equal "$output" "$FALLBACK_OUT"
	assert_equal "$stderr" "rt-fetch-adsbymoney: no API token is configured (RT_ABM_API_TOKEN); using the fallback $MANUAL
rt-fetch-adsbymoney: --state-out st.new not written: adsbymoney was not read"
	[ ! -e st.new ]
	run --separate-stderr rt-fetch-adsbymoney
	assert_failure 2
	assert_equal "$stderr" "rt-fetch-adsbymoney: missing credential: set RT_ABM_API_TOKEN, or RT_ABM_API_TOKEN_FILE, or put it in $RT_SECRETS_DIR/adsbymoney_api_token.txt"
	run --separate-stderr rt-fetch-adsbymoney --fallback nope.json
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-adsbymoney: --fallback nope.json: No such file or directory'
}

@test "--configured: 0 with a token, or without one but a fallback to write; 1 with neither" {
	start
	run --separate-stderr rt-fetch-adsbymoney --configured
	assert_success
	assert_equal "$output$stderr" ''
	unset RT_ABM_API_TOKEN
	run --separate-stderr rt-fetch-adsbymoney --configured
	assert_failure 1
	assert_equal "$stderr" 'rt-fetch-adsbymoney: not configured: RT_ABM_API_TOKEN is not set'
	run --separate-stderr rt-fetch-adsbymoney --configured -q
	assert_failure 1
	assert_equal "$stderr" ''
	run --separate-stderr rt-fetch-adsbymoney --configured --fallback "$MANUAL"
	assert_success
	run --separate-stderr rt-fetch-adsbymoney --configured --fallback nope.json
	assert_failure 1
	run --separate-stderr rt-fetch-adsbymoney --configured --token-file token.txt
	assert_success
	run fake_requests "$FAKE_LOG"
	assert_output 0
}

@test "--state-out records the cursor; --state asks again from the month of cursor less 30 days" {
	start
	run rt-fetch-adsbymoney -q --state-out st.json
	assert_success
	run cat st.json
	assert_output '{"source":"adsbymoney","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	: >"$FAKE_LOG"
	run --separate-stderr rt-fetch-adsbymoney --state st.json --state-out st.new
	assert_success
	assert_equal "$stderr" 'rt-fetch-adsbymoney: 6 records, 2026-10-01..2026-11-21, 2 requests'
	run asked
	assert_output $'2026-10-01..2026-10-31\n2026-11-01..2026-11-21'
}

@test "a full disk is exit 4 and the state is not advanced" {
	start
	run --separate-stderr bash -c 'rt-fetch-adsbymoney --since 2026-11-01 --state-out st.new >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-adsbymoney: stdout: No space left on device; state not advanced'
	[ ! -e st.new ]
}

@test "bad options and settings are exit 2 before anything is asked" {
	start
	run --separate-stderr rt-fetch-adsbymoney --since 2026-13-01
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-adsbymoney: --since "2026-13-01" is not a YYYY-MM-DD date'
	RT_ABM_API_URL=ftp://example.com run --separate-stderr rt-fetch-adsbymoney
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-adsbymoney: RT_ABM_API_URL "ftp://example.com" is not an http or https URL'
	run --separate-stderr rt-fetch-adsbymoney extra
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-fetch-adsbymoney: a fetcher takes no operands, but was given "extra"'
	run fake_requests "$FAKE_LOG"
	assert_output 0
}

@test "--help and --version" {
	run rt-fetch-adsbymoney --help
	assert_success
	assert_line --index 0 'usage: rt-fetch-adsbymoney [-qv] [--since date] [--until date] [--state file] [--state-out file]'
	assert_line --index 2 --partial '[--token-file file] [--fallback file]'
	run rt-fetch-adsbymoney --version
	assert_output 'rt-fetch-adsbymoney 0.1.0'
}

@test "rt-fetch-adsbymoney(1): EXAMPLES run as shown against the fake; mandoc is quiet" {
	start
	mkdir -p data
	cp "$MANUAL" data/
	run_man_examples "$TOP/man/rt-fetch-adsbymoney.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-adsbymoney.1"
	assert_output ''
}
