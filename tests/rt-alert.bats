#!/usr/bin/env bats
# rt-alert over generated histories (tests/history.py): what a normal year
# raises (nothing), seeded faults found on their day, alerts fired once with
# --state, and delivery to a fake Slack webhook through rt-post's templates.

load helper
load fake

HIST="$FIX/man/history.ndjson"

# history ARGS...: a year of three sources to the as-of date, then ARGS' faults.
history() {
	python3 "$TOP/tests/history.py" --from 2025-11-20 --to 2026-11-20 \
		--source stripe:120000 --source gumroad:40000 --source close:300000:EUR "$@"
}

# The alerts as "date rule severity source value expected", one a line.
brief() {
	jq -r '[.date, .rule, .severity, (.source // "-"), .value, .expected] | join(" ")'
}

slack() {
	fake_start slack "$@"
	HOOK="$FAKE_URL/services/T000/B000/XXXX"
	mkdir -p .secrets
	(umask 077 && printf '%s\n' "$HOOK" >.secrets/slack_webhook_url.txt)
}

@test "a normal year, weekdays and weekends with 20% noise, raises nothing, whatever the seed" {
	local seed
	for seed in 1 2 3 4 5 6; do
		history --seed "$seed" --source tiny:700 --refunds stripe:2026-03-03:1 >year.ndjson
		run --separate-stderr rt-alert --as-of 2026-11-20 --days 366 year.ndjson
		assert_equal "seed $seed: $status" "seed $seed: 0"
		assert_equal "seed $seed: $output" "seed $seed: "
		assert_equal "$stderr" ''
	done
}

@test "a seeded anomaly is found on its day: a drop is a warning, a rise information" {
	history --spike stripe:2026-11-12:20 --spike gumroad:2026-11-17:300 >year.ndjson
	run --separate-stderr rt-alert --as-of 2026-11-20 --days 14 year.ndjson
	assert_success
	assert_equal "$stderr" ''
	run brief <<<"$output"
	assert_output - <<'OUT'
2026-11-12 anomaly warning stripe 26880 117600
2026-11-17 anomaly info gumroad 134400 42800
OUT
	run rt-alert --as-of 2026-11-12 year.ndjson
	assert_success
	assert_output '{"id":"anomaly:stripe:USD:2026-11-12","rule":"anomaly","severity":"warning","source":"stripe","currency":"USD","date":"2026-11-12","value":26880,"expected":117600,"message":"Stripe took $268.80 on Thu 2026-11-12, 77% below its usual $1,176.00 (the median of 20 weekdays before)"}'
}

@test "one huge deal does not blind the rule: the median and MAD stand" {
	history --spike stripe:2026-11-05:3000 --spike stripe:2026-11-12:20 >year.ndjson
	run rt-alert --as-of 2026-11-20 --days 20 --rules anomaly year.ndjson
	assert_success
	run brief <<<"$output"
	assert_output - <<'OUT'
2026-11-05 anomaly info stripe 3852000 119400
2026-11-12 anomaly warning stripe 26880 117600
OUT
}

@test "a new source is judged only after --min-history days" {
	python3 "$TOP/tests/history.py" --from 2026-11-01 --to 2026-11-20 --source shop:50000 \
		--spike shop:2026-11-10:10 --spike shop:2026-11-19:10 >new.ndjson
	run rt-alert --as-of 2026-11-20 --days 20 --rules anomaly new.ndjson
	assert_success
	run brief <<<"$output"
	assert_output '2026-11-19 anomaly warning shop 4700 43000'
	run rt-alert --as-of 2026-11-20 --days 20 --rules anomaly --min-history 30 new.ndjson
	assert_success
	assert_output ''
}

@test "a silent source is found on the right day, and is one alert however long it lasts" {
	history --stop gumroad:2026-11-12 >year.ndjson
	run rt-alert --as-of 2026-11-13 --days 2 year.ndjson
	assert_success
	assert_output ''
	run rt-alert --as-of 2026-11-14 year.ndjson
	assert_success
	assert_output '{"id":"silent:gumroad:2026-11-12","rule":"silent","severity":"critical","source":"gumroad","currency":null,"date":"2026-11-14","value":3,"expected":0,"message":"Gumroad has had no record for 3 days, 2026-11-12..2026-11-14, after records on 28 of the 28 days before: is its collector broken?"}'
	run rt-alert --as-of 2026-11-20 --days 9 year.ndjson
	assert_success
	run brief <<<"$output"
	assert_output '2026-11-14 silent critical gumroad 3 0'
	run rt-alert --as-of 2026-11-20 --silent-days 5 --rules silent year.ndjson
	assert_line --partial '"id":"silent:gumroad:2026-11-12"'
	assert_line --partial '"date":"2026-11-16"'
}

@test "a weekday-only source is not silent on weekends; a monthly statement is not a daily source" {
	python3 "$TOP/tests/history.py" --from 2026-09-01 --to 2026-11-20 --source b2b:90000 --weekend 0 >weekdays.ndjson
	jq -c 'select(.amount_minor > 0)' weekdays.ndjson >b2b.ndjson
	run rt-alert --as-of 2026-11-20 --days 60 b2b.ndjson
	assert_success
	assert_output ''
	run rt-alert --as-of 2026-11-20 --days 60 --daily-days 25 --silent-days 2 --rules silent b2b.ndjson
	assert_success
	assert_output ''
	run rt-alert --as-of 2026-11-21 --days 60 "$FIX/records.ndjson"
	assert_success
	assert_output ''
}

@test "thresholds: a day's net of one source or of all together, below or above" {
	history >year.ndjson
	run --separate-stderr rt-alert --as-of 2026-11-16 --days 2 --threshold 1500 --threshold 'stripe=>1300' \
		--threshold 'close=<2900:EUR' year.ndjson
	assert_success
	assert_equal "$stderr" ''
	run jq -r '[.id, .severity, .value, .expected, .message] | join(" | ")' <<<"$output"
	assert_output - <<'OUT'
threshold:close:EUR:2026-11-15:below:2900.00 | warning | 144000 | 290000 | Close took €1,440.00 on 2026-11-15, below the threshold of €2,900.00
threshold:total:USD:2026-11-15:below:1500.00 | warning | 67040 | 150000 | All sources together took $670.40 on 2026-11-15, below the threshold of $1,500.00
threshold:stripe:USD:2026-11-16:above:1300.00 | info | 142800 | 130000 | Stripe took $1,428.00 on 2026-11-16, above the threshold of $1,300.00
OUT
}

@test "large: a single record at or above the size in its currency, either sign; its id is the record's" {
	history --large stripe:2026-11-20:1500000 --large close:2026-11-20:900000 >year.ndjson
	rec '{id:"stripe:r9",source:"stripe",date:"2026-11-20",amount_minor:-2000000,currency:"USD",kind:"refund",status:"completed",client:"<!channel> & co"}' >>year.ndjson
	run rt-alert --as-of 2026-11-20 --rules large --large 15000 --large 9000:EUR year.ndjson
	assert_success
	run jq -r '[.id, .value, .expected, .message] | join(" | ")' <<<"$output"
	assert_output - <<'OUT'
large:close:2240 | 900000 | 900000 | Large sale from Close on 2026-11-20: €9,000.00 (Big Co, Annual plan), at or above €9,000.00
large:stripe:2234 | 1500000 | 1500000 | Large sale from Stripe on 2026-11-20: $15,000.00 (Big Co, Annual plan), at or above $15,000.00
large:stripe:r9 | -2000000 | 1500000 | Large refund from Stripe on 2026-11-20: -$20,000.00 (<!channel> & co), at or above $15,000.00
OUT
}

@test "a refund spike: enough refunds beyond a share of the average daily sales" {
	history --refunds stripe:2026-11-19:6 --refunds gumroad:2026-11-19:1 >year.ndjson
	run rt-alert --as-of 2026-11-20 --days 2 --rules refund_spike year.ndjson
	assert_success
	run brief <<<"$output"
	assert_output '2026-11-19 refund_spike warning stripe -72000 -20070'
	run rt-alert --as-of 2026-11-20 --days 2 --rules refund_spike --refund-pct 80 year.ndjson
	assert_output ''
	run rt-alert --as-of 2026-11-20 --days 2 --rules refund_spike --refund-min 7 year.ndjson
	assert_output ''
}

@test "--state: an alert fires once across runs; new ones still fire; old ids leave the state" {
	history --stop gumroad:2026-11-12 --spike stripe:2026-11-18:20 >year.ndjson
	run --separate-stderr rt-alert --as-of 2026-11-16 --days 7 --state alerts.state year.ndjson
	assert_success
	run brief <<<"$output"
	assert_output '2026-11-14 silent critical gumroad 3 0'
	assert_equal "$(cat alerts.state)" '{"id":"silent:gumroad:2026-11-12","date":"2026-11-14","fired":"2026-11-21T12:00:00Z"}'
	run rt-alert --as-of 2026-11-16 --days 7 --state alerts.state year.ndjson
	assert_success
	assert_output ''
	run rt-alert --as-of 2026-11-20 --days 7 --state alerts.state year.ndjson
	assert_success
	run brief <<<"$output"
	assert_output '2026-11-18 anomaly warning stripe 28560 115200'
	assert_equal "$(wc -l <alerts.state)" 2
	run rt-alert --as-of 2026-11-20 --days 7 --state alerts.state year.ndjson
	assert_output ''
	# A year and more later the ids are forgotten, and the state is rewritten without them.
	run rt-alert --as-of 2027-12-31 --state alerts.state year.ndjson
	assert_success
	assert_equal "$(stat -c %s alerts.state)" 0
}

@test "--state: alerts that could not be written are not remembered, and fire again" {
	history --stop gumroad:2026-11-12 >year.ndjson
	echo '{"id":"other:x","date":"2026-11-01","fired":"2026-11-02T06:10:00Z"}' >alerts.state
	run --separate-stderr bash -c 'rt-alert --as-of 2026-11-20 --days 9 --state alerts.state year.ndjson >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-alert: stdout: No space left on device'
	assert_equal "$(cat alerts.state)" '{"id":"other:x","date":"2026-11-01","fired":"2026-11-02T06:10:00Z"}'
	run rt-alert --as-of 2026-11-20 --days 9 --state alerts.state year.ndjson
	assert_success
	assert_line --partial '"id":"silent:gumroad:2026-11-12"'
}

@test "--state: a bad line is exit 2 naming it; a directory is exit 4; neither is changed" {
	history >year.ndjson
	printf '{"id":"a","date":"2026-11-01"}\nnot json\n' >bad.state
	run --separate-stderr rt-alert --state bad.state year.ndjson
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'rt-alert: bad.state:2: not a fired alert, {"id":...,"date":"YYYY-MM-DD"}'
	mkdir state.d
	run --separate-stderr rt-alert --state state.d year.ndjson
	assert_failure 4
	assert_output ''
	assert_equal "$stderr" 'rt-alert: state.d: Is a directory'
}

@test "--config: settings by option name, comments, options after it override it" {
	history --large stripe:2026-11-20:1500000 --refunds stripe:2026-11-19:6 >year.ndjson
	cat >alert.conf <<'EOF'
# yesterday and the day before
days 2

rules   large,refund_spike
large	10000
EOF
	run --separate-stderr rt-alert --as-of 2026-11-20 --config alert.conf year.ndjson
	assert_success
	assert_equal "$stderr" ''
	run brief <<<"$output"
	assert_output - <<'OUT'
2026-11-19 refund_spike warning stripe -72000 -20070
2026-11-20 large info stripe 1500000 1000000
OUT
	run rt-alert --as-of 2026-11-20 --config alert.conf --rules large --days 1 year.ndjson
	run brief <<<"$output"
	assert_output '2026-11-20 large info stripe 1500000 1000000'
}

@test "--config: an unknown setting, a bad value or a nested config is exit 2 with its place" {
	printf 'days 2\nsilence 3\n' >a.conf
	run --separate-stderr rt-alert --config a.conf </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-alert: a.conf:2: unknown setting "silence"'
	printf '# x\ndays 400\n' >b.conf
	run --separate-stderr rt-alert --config b.conf </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-alert: b.conf:2: --days "400" is not a whole number from 1 to 366'
	printf 'config a.conf\n' >c.conf
	run --separate-stderr rt-alert --config c.conf </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-alert: c.conf:1: a config file does not name another'
	run --separate-stderr rt-alert --config no.conf </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-alert: --config no.conf: No such file or directory'
}

@test "usage errors are exit 2 and write nothing" {
	local bad
	for bad in "--threshold 12.345" "--threshold Bad=5" "--threshold 5:XXX" "--large 0" "--large -3" \
	    "--rules anomaly,silence" "--anomaly-z 0" "--anomaly-z x" "--days 0" "--daily-days 29" \
	    "--refund-pct 0" "--min-history 1.5"; do
		# shellcheck disable=SC2086
		run --separate-stderr rt-alert $bad "$HIST"
		assert_equal "$bad: $status" "$bad: 2"
		assert_equal "$bad: $output" "$bad: "
		[[ "$stderr" == "rt-alert: --"* ]] || fail "$bad: $stderr"
	done
	run --separate-stderr rt-alert --rules anomaly,silence "$HIST"
	assert_equal "$stderr" 'rt-alert: --rules: "silence" is not anomaly, silent, threshold, large or refund_spike'
	run --separate-stderr rt-alert nothing-here.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-alert: nothing-here.ndjson: No such file or directory'
}

@test "bad records are reported and left out (exit 1); an overflowing day is exit 1 with nothing written" {
	{
		head -n 3 "$HIST"
		echo '{"id":"x","source":"stripe","date":"2026-11-20","amount_minor":"12","currency":"USD","kind":"sale","status":"completed"}'
	} >bad.ndjson
	run --separate-stderr rt-alert --as-of 2026-09-01 --large 0.01 bad.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-alert: bad.ndjson:4: "amount_minor" must be an integer, not "12"'
	assert_equal "${#lines[@]}" 3
	{
		echo '{"id":"a","source":"s","date":"2026-11-01","amount_minor":9223372036854775807,"currency":"USD","kind":"sale","status":"completed"}'
		echo '{"id":"b","source":"s","date":"2026-11-01","amount_minor":1,"currency":"USD","kind":"sale","status":"completed"}'
	} >big.ndjson
	run --separate-stderr rt-alert --large 1 --as-of 2026-11-01 big.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "rt-alert: big.ndjson:2: a day's USD total for s would overflow 64 bits; nothing written"
}

@test "an input that cannot be read is exit 4" {
	run --separate-stderr rt-alert /
	assert_failure 4
	assert_equal "$stderr" 'rt-alert: /: Is a directory'
}

@test "the templates show money as the tracker does, and escape text for Slack" {
	run --separate-stderr rt-post -n --jq 'include "rt"; [(123456 | rt_money_in("USD"; $rt_currencies)),
		(-5 | rt_money_in("CHF"; $rt_currencies)), (1500000 | rt_money_in("JPY"; $rt_currencies)),
		(-700 | rt_money_in("EUR"; $rt_currencies)), (12345 | rt_money_in("BHD"; $rt_currencies)),
		("redventures", "shop_x" | rt_source_name($rt_sources)), ("<!here> & <b>" | rt_slack_text)]
		| join(" ") | {text: .}' http://127.0.0.1:9/x <<<null
	assert_success
	assert_output '{"text":"$1,234.56 CHF -0.05 ¥1,500,000 -€7.00 BHD 12.345 RV Media Shop_x &lt;!here&gt; &amp; &lt;b&gt;"}'
	assert_equal "$(rt-alert --large 0.001:BHD --as-of 2026-11-20 --rules large <<<'{"id":"b:1","source":"b","date":"2026-11-20","amount_minor":-5,"currency":"CHF","kind":"refund","status":"completed"}')" ''
}

@test "the Slack fake receives each alert, formatted, its text escaped; 429 is waited out" {
	slack --faults 429-retry-after
	history --stop gumroad:2026-11-12 --large stripe:2026-11-20:1500000 >year.ndjson
	rec '{id:"stripe:x",source:"stripe",date:"2026-11-20",amount_minor:2000000,currency:"USD",kind:"sale",status:"completed",client:"<!channel> Mallory & co"}' >>year.ndjson
	run --separate-stderr bash -c "rt-alert --as-of 2026-11-20 --days 9 --large 15000 year.ndjson |
		RT_HTTP_BACKOFF=10 rt-post --each --jq @slack-alert --url-file .secrets/slack_webhook_url.txt"
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(printf 'ok\nok\nok\nok')"
	assert_equal "$(fake_requests "$FAKE_LOG")" 5
	run jq -r 'select(.body != "") | .body | fromjson | .text' "$FAKE_LOG"
	assert_output - <<'OUT'
:rotating_light: *silent* · Gumroad · 2026-11-14
Gumroad has had no record for 3 days, 2026-11-12..2026-11-14, after records on 28 of the 28 days before: is its collector broken?
:rotating_light: *silent* · Gumroad · 2026-11-14
Gumroad has had no record for 3 days, 2026-11-12..2026-11-14, after records on 28 of the 28 days before: is its collector broken?
:information_source: *anomaly* · Stripe · 2026-11-20
Stripe took $36,344.00 on Fri 2026-11-20, 3054% above its usual $1,152.00 (the median of 20 weekdays before)
:information_source: *large* · Stripe · 2026-11-20
Large sale from Stripe on 2026-11-20: $15,000.00 (Big Co, Annual plan), at or above $15,000.00
:information_source: *large* · Stripe · 2026-11-20
Large sale from Stripe on 2026-11-20: $20,000.00 (&lt;!channel&gt; Mallory &amp; co), at or above $15,000.00
OUT
	run jq -r '.body | fromjson | .blocks[1].elements[0].text' <(tail -n 1 "$FAKE_LOG")
	assert_output 'Value $20,000.00 · expected $15,000.00 · id `large:stripe:x`'
}

# The day of the issue's example: 32 Stripe sales, 12 Gumroad, 3 by hand, two entities.
summary_day() {
	local i
	for i in $(seq 1 32); do
		rec --arg i "$i" '{id:("stripe:" + $i),source:"stripe",date:"2026-11-20",amount_minor:45000,currency:"USD",kind:"sale",status:"completed",entity:"Acme LLC"}'
	done
	for i in $(seq 1 12); do
		rec --arg i "$i" '{id:("gumroad:" + $i),source:"gumroad",date:"2026-11-20",amount_minor:40000,currency:"USD",kind:"sale",status:"completed",entity:"Acme LLC"}'
	done
	for i in 1:50000 2:50000 3:57000; do
		rec --arg n "${i%%:*}" --arg i "${i#*:}" '{id:("manual:" + $n),source:"manual",date:"2026-11-20",amount_minor:($i | tonumber),currency:"USD",kind:"sale",status:"completed",entity:"Side Studio"}'
	done
	rec '{id:"manual:late",source:"manual",date:"2026-11-21",amount_minor:99,currency:"USD",kind:"sale",status:"completed"}'
}

@test "the daily summary: yesterday's totals per entity and per source and the event counts, to Slack" {
	slack
	mkdir -p examples
	cp -R "$TOP/examples/Makefile" examples/
	mkdir -p examples/out examples/.secrets
	summary_day | rt-dedupe >examples/out/ledger.ndjson
	cp .secrets/slack_webhook_url.txt examples/.secrets/
	run --separate-stderr make -s -C examples BIN="$RT_BIN" RT_SECRETS_DIR=.secrets daily-summary
	assert_success
	assert_equal "$stderr" ''
	assert_equal "$(fake_requests "$FAKE_LOG")" 1
	run jq -r '.body | fromjson | .text' "$FAKE_LOG"
	assert_output - <<'OUT'
*Daily Revenue Summary (2026-11-20)*
Total: $20,770.00
By entity: Acme LLC $19,200.00 · Side Studio $1,570.00
By source: Gumroad $4,800.00 · Manual $1,570.00 · Stripe $14,400.00
Events: 47 (Stripe: 32, Gumroad: 12, Manual: 3)
OUT
}

@test "make alerts: yesterday's alerts to Slack once each; a failed delivery keeps them for the next run" {
	slack --refuse 500:rollup_error
	mkdir -p examples/out examples/.secrets
	cp "$TOP/examples/Makefile" examples/
	cp .secrets/slack_webhook_url.txt examples/.secrets/
	history --stop gumroad:2026-11-18 >examples/out/ledger.ndjson
	rt-load -q examples/out/ledger.db examples/out/ledger.ndjson
	export RT_HTTP_RETRIES=0
	run --separate-stderr make -s -C examples BIN="$RT_BIN" RT_SECRETS_DIR=.secrets alerts
	assert_failure
	[ ! -e examples/state/alerts.state ] || fail "the state moved on though Slack refused"
	fake_stop_all
	slack
	cp .secrets/slack_webhook_url.txt examples/.secrets/
	run --separate-stderr make -s -C examples BIN="$RT_BIN" RT_SECRETS_DIR=.secrets alerts
	assert_success
	assert_equal "$stderr" ''
	assert_equal "$(fake_requests "$FAKE_LOG")" 1
	run jq -r '.body | fromjson | .text' "$FAKE_LOG"
	assert_line --index 0 ':rotating_light: *silent* · Gumroad · 2026-11-20'
	run --separate-stderr make -s -C examples BIN="$RT_BIN" RT_SECRETS_DIR=.secrets alerts
	assert_success
	assert_equal "$(fake_requests "$FAKE_LOG")" 1
	assert_equal "$(jq -r .id examples/state/alerts.state)" 'silent:gumroad:2026-11-18'
}

@test "--ledger reads the ledger and records each alert fired in revenue_alerts, once" {
	history --stop gumroad:2026-11-12 --large stripe:2026-11-20:1500000 >year.ndjson
	rt-load -q ledger.db year.ndjson
	run --separate-stderr rt-alert --as-of 2026-11-20 --days 9 --large 15000 year.ndjson
	assert_success
	want=$output
	[ -n "$want" ]
	run --separate-stderr rt-alert --as-of 2026-11-20 --days 9 --large 15000 --state st --ledger ledger.db
	assert_success
	assert_equal "$output" "$want"
	run sqlite3 -separator ' ' ledger.db 'SELECT id, rule, severity, date, value FROM revenue_alerts ORDER BY id'
	assert_success
	assert_equal "$output" "$(jq -r '"\(.id) \(.rule) \(.severity) \(.date) \(.value)"' <<<"$want" | sort)"
	# Fired once: the second run writes nothing and records nothing new.
	run --separate-stderr rt-alert --as-of 2026-11-20 --days 9 --large 15000 --state st --ledger ledger.db
	assert_success
	assert_output ''
	assert_equal "$(sqlite3 ledger.db 'SELECT count(*) FROM revenue_alerts')" "$(grep -c . <<<"$want")"
}
