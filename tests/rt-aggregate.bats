#!/usr/bin/env bats
# rt-aggregate: totals per group and currency, pro rata spans, the snapshot.

load helper

@test "groups by month and source, per currency, with every measure" {
	run --separate-stderr rt-aggregate -g month,source "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_golden "$FIX/aggregate-month-source.ndjson"
}

@test "pending goes to pending_minor only and reversed counts nowhere" {
	run rt-aggregate -g source "$FIX/records.ndjson"
	assert_success
	assert_line '{"source":"impact","currency":"USD","count":0,"gross_minor":0,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":0,"pending_minor":2509}'
}

@test "no -g gives one total per currency; currencies are never added together" {
	run rt-aggregate "$FIX/records.ndjson"
	assert_success
	assert_output - <<'OUT'
{"currency":"JPY","count":1,"gross_minor":1500000,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":1500000,"pending_minor":0}
{"currency":"USD","count":9,"gross_minor":5510000,"refunds_minor":-2500,"fees_minor":-320,"chargebacks_minor":-10000,"adjustments_minor":-700,"net_minor":5496480,"pending_minor":2509}
OUT
}

@test "a spanning record is spread pro rata by day, remainder on the last day" {
	rec '{id:"msn:x",source:"msn",date:"2026-01-30",end_date:"2026-02-02",amount_minor:1003,currency:"USD",kind:"sale",status:"completed"}' >span.ndjson
	run rt-aggregate -g day span.ndjson
	assert_success
	assert_output - <<'OUT'
{"day":"2026-01-30","currency":"USD","count":1,"gross_minor":250,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":250,"pending_minor":0}
{"day":"2026-01-31","currency":"USD","count":1,"gross_minor":250,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":250,"pending_minor":0}
{"day":"2026-02-01","currency":"USD","count":1,"gross_minor":250,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":250,"pending_minor":0}
{"day":"2026-02-02","currency":"USD","count":1,"gross_minor":253,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":253,"pending_minor":0}
OUT
	run rt-aggregate -g month span.ndjson
	assert_success
	assert_output - <<'OUT'
{"month":"2026-01","currency":"USD","count":1,"gross_minor":500,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":500,"pending_minor":0}
{"month":"2026-02","currency":"USD","count":1,"gross_minor":503,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":503,"pending_minor":0}
OUT
}

@test "a negative span keeps every cent too" {
	rec '{id:"m:a",source:"manual",date:"2026-03-01",end_date:"2026-03-03",amount_minor:-100,currency:"USD",kind:"adjustment",status:"completed"}' >neg.ndjson
	run rt-aggregate -g day neg.ndjson
	assert_success
	run jq -s 'map(.net_minor)' <<<"$output"
	assert_output "$(printf '[\n  -33,\n  -33,\n  -34\n]')"
}

@test "weeks are ISO weeks, quarters and years are labelled" {
	{
		rec '{id:"a",source:"s",date:"2026-12-31",amount_minor:1,currency:"USD",kind:"sale",status:"completed"}'
		rec '{id:"b",source:"s",date:"2027-01-01",amount_minor:2,currency:"USD",kind:"sale",status:"completed"}'
		rec '{id:"c",source:"s",date:"2027-01-04",amount_minor:4,currency:"USD",kind:"sale",status:"completed"}'
	} >weeks.ndjson
	run rt-aggregate -g week --until 2027-12-31 --format csv weeks.ndjson
	assert_success
	assert_output - <<'OUT'
week,currency,count,gross_minor,refunds_minor,fees_minor,chargebacks_minor,adjustments_minor,net_minor,pending_minor
2026-W53,USD,2,3,0,0,0,0,3,0
2027-W01,USD,1,4,0,0,0,0,4,0
OUT
	run rt-aggregate -g quarter,source --until 2027-12-31 --format csv weeks.ndjson
	assert_success
	assert_line --index 1 '2026-Q4,s,USD,1,1,0,0,0,0,1,0'
	assert_line --index 2 '2027-Q1,s,USD,2,6,0,0,0,0,6,0'
	run rt-aggregate -g year --until 2027-12-31 --format csv weeks.ndjson
	assert_success
	assert_line --index 2 '2027,USD,2,6,0,0,0,0,6,0'
}

@test "any top-level field groups; a missing field is null, apart from empty" {
	run rt-aggregate -g client,status "$FIX/records.ndjson"
	assert_success
	assert_line --index 0 --partial '{"client":null,"status":"completed","currency":"USD","count":6,'
	run rt-aggregate -g client --format csv "$FIX/records.ndjson"
	assert_success
	assert_line --index 1 ',USD,6,5325000,-2500,-320,-10000,-700,5311480,2509'
	{ cat "$FIX/records.ndjson"; rec '{id:"e",source:"s",date:"2026-01-02",amount_minor:5,currency:"USD",kind:"sale",status:"completed",client:""}'; } >empty.ndjson
	run rt-aggregate -g client empty.ndjson
	assert_success
	assert_line --index 0 --partial '{"client":null,"currency":"USD","count":6,'
	assert_line --index 1 '{"client":"","currency":"USD","count":1,"gross_minor":5,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":5,"pending_minor":0}'
}

@test "--format table aligns columns and shows decimals with the currency's places" {
	run rt-aggregate -g source --format table "$FIX/records.ndjson"
	assert_success
	assert_golden "$FIX/aggregate-source.table"
}

@test "--format md writes a GitHub table" {
	run rt-aggregate -g currency --format md "$FIX/records.ndjson"
	assert_success
	assert_output - <<'OUT'
| currency | count | gross | refunds | fees | chargebacks | adjustments | net | pending |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
| JPY | 1 | 1,500,000 | 0 | 0 | 0 | 0 | 1,500,000 | 0 |
| USD | 9 | 55,100.00 | -25.00 | -3.20 | -100.00 | -7.00 | 54,964.80 | 25.09 |
OUT
}

@test "--since and --until clip every record, spans included" {
	run rt-aggregate --since 2026-11-01 --until 2026-11-15 "$FIX/records.ndjson"
	assert_success
	assert_output '{"currency":"USD","count":2,"gross_minor":1500000,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":-700,"net_minor":1499300,"pending_minor":0}'
}

@test "--summary: YTD, last 30 days, projection and goal, cut at the as-of date" {
	run --separate-stderr rt-aggregate --summary --goal 25000000 "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_output '{"as_of":"2026-11-21","tz":"America/Chicago","year_start":"2026-01-01","days_elapsed":325,"days_in_year":365,"currencies":{"JPY":{"ytd_minor":1500000,"last_30d_minor":1500000,"projected_annual_minor":1684615,"pending_minor":0,"sources":{"gumroad":1500000}},"USD":{"ytd_minor":5496480,"last_30d_minor":2099300,"projected_annual_minor":6172970,"pending_minor":2509,"sources":{"close":175000,"manual":-700,"msn":5325000,"stripe":-2820}}},"goal":{"currency":"USD","amount_minor":2500000000,"pct":0.22}}'
}

@test "--summary projection rounds half away from zero, in leap years too" {
	rec '{id:"a",source:"s",date:"2028-01-01",amount_minor:1,currency:"USD",kind:"sale",status:"completed"}' >one.ndjson
	run rt-aggregate --summary --as-of 2028-01-02 one.ndjson
	assert_success
	run jq -c '[.days_in_year, .days_elapsed, .currencies.USD.projected_annual_minor]' <<<"$output"
	assert_output '[366,2,183]'
	rec '{id:"a",source:"s",date:"2027-01-01",amount_minor:-1,currency:"USD",kind:"adjustment",status:"completed"}' >neg.ndjson
	run rt-aggregate --summary --as-of 2027-01-02 neg.ndjson
	assert_success
	run jq -c '.currencies.USD.projected_annual_minor' <<<"$output"
	assert_output '-183'
}

@test "--summary --goal in another currency, and the table form" {
	run rt-aggregate --summary --goal 10000000:JPY --format table "$FIX/records.ndjson"
	assert_success
	assert_golden "$FIX/summary.table"
}

@test "RT_TODAY moves the as-of date; --as-of wins over it" {
	run rt-aggregate --summary --as-of 2026-01-31 "$FIX/records.ndjson"
	assert_success
	run jq -c '[.as_of, .currencies.USD.ytd_minor, .currencies.USD.last_30d_minor]' <<<"$output"
	assert_output '["2026-01-31",3275000,3170968]'
}

@test "bad records are reported with their place and skipped (exit 1)" {
	{
		head -n 2 "$FIX/records.ndjson"
		echo '{"id":"x","source":"s","date":"2026-02-30","amount_minor":1,"currency":"USD","kind":"sale","status":"completed"}'
		echo '{"id":"x","source":"s","date":"2026-02-03","amount_minor":1.5,"currency":"USD","kind":"sale","status":"completed"}'
		echo '{"id":"x","source":"s","date":"2026-02-03","amount_minor":1,"currency":"XYZ","kind":"sale","status":"completed"}'
		echo '{"id":"x","source":"s","date":"2026-02-03","amount_minor":-1,"currency":"USD","kind":"sale","status":"completed"}'
		echo '{"id":"x","source":"s","date":"2026-02-03","amount_minor":1,"currency":"USD","kind":"gift","status":"completed"}'
		echo '{"id":"x","source":"S!","date":"2026-02-03","amount_minor":1,"currency":"USD","kind":"sale","status":"done"}'
		echo '{"id":"x","source":"s","date":"2026-02-03"'
		echo '[1,2]'
	} >bad.ndjson
	run --separate-stderr rt-aggregate bad.ndjson
	assert_failure 1
	assert_output '{"currency":"USD","count":2,"gross_minor":175000,"refunds_minor":0,"fees_minor":0,"chargebacks_minor":0,"adjustments_minor":0,"net_minor":175000,"pending_minor":0}'
	assert_equal "$stderr" "$(cat <<'ERR'
rt-aggregate: bad.ndjson:3: "date" "2026-02-30" is not a real YYYY-MM-DD date
rt-aggregate: bad.ndjson:4: "amount_minor" 1.5 is not an integer
rt-aggregate: bad.ndjson:5: "currency" "XYZ" is not an ISO 4217 code
rt-aggregate: bad.ndjson:6: "amount_minor" has the wrong sign for its kind (sale)
rt-aggregate: bad.ndjson:7: "kind" "gift" is not sale, refund, fee, chargeback or adjustment
rt-aggregate: bad.ndjson:8: "source" "S!" is not [a-z0-9_-]+
rt-aggregate: bad.ndjson:9: column 43: unexpected end of line (truncated JSON?)
rt-aggregate: bad.ndjson:10: column 1: not a JSON object
ERR
)"
}

@test "an amount past int64, and a total that would overflow, are refused" {
	echo '{"id":"x","source":"s","date":"2026-02-03","amount_minor":9223372036854775808,"currency":"USD","kind":"sale","status":"completed"}' >big.ndjson
	run --separate-stderr rt-aggregate big.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-aggregate: big.ndjson:1: "amount_minor" 9223372036854775808 is beyond 64 bits'
	{
		echo '{"id":"x","source":"s","date":"2026-02-03","amount_minor":9223372036854775807,"currency":"USD","kind":"sale","status":"completed"}'
		echo '{"id":"y","source":"s","date":"2026-02-04","amount_minor":1,"currency":"USD","kind":"sale","status":"completed"}'
	} >sum.ndjson
	run --separate-stderr rt-aggregate -g month sum.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-aggregate: sum.ndjson:2: a USD total for 2026-02 would overflow 64 bits; nothing written'
}

@test "usage errors exit 2 and write nothing" {
	run --separate-stderr rt-aggregate -g month,week "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: -g: only one of day, week, month, quarter, year may be grouped by'
	run --separate-stderr rt-aggregate --since 2026-02-01 --until 2026-01-01 "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: --since 2026-02-01 is after --until 2026-01-01'
	run --separate-stderr rt-aggregate --format xml "$FIX/records.ndjson"
	assert_failure 2
	run --separate-stderr rt-aggregate --as-of 2026-13-01 --summary "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: as-of date "2026-13-01" is not YYYY-MM-DD'
	run --separate-stderr rt-aggregate --tz Mars/Olympus "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: unknown time zone "Mars/Olympus"'
	run --separate-stderr rt-aggregate --goal 12.345 --summary "$FIX/records.ndjson"
	assert_failure 2
	run --separate-stderr rt-aggregate no-such-file
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: no-such-file: No such file or directory'
	run --separate-stderr rt-aggregate --bogus
	assert_failure 2
	assert_output ''
}

@test "a full disk is exit 4, never 0" {
	run --separate-stderr bash -c 'rt-aggregate -g month "$1" >/dev/full' _ "$FIX/records.ndjson"
	assert_failure 4
	assert_equal "$stderr" 'rt-aggregate: stdout: No space left on device'
}

@test "empty input gives no groups and exit 0" {
	run rt-aggregate </dev/null
	assert_success
	assert_output ''
}

@test "--help and --version" {
	run rt-aggregate --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-aggregate'
	run rt-aggregate --version
	assert_success
	assert_output 'rt-aggregate 0.1.0'
}

@test "CSV quotes a field with a tab at either end, which a CSV reader would trim" {
	rec '{id:"m:1",source:"manual",date:"2026-01-02",amount_minor:500,currency:"USD",kind:"sale",status:"completed",client:"\tWayne"}' >tab.ndjson
	run rt-aggregate -g client --format csv tab.ndjson
	assert_success
	assert_line --index 1 "$(printf '"\tWayne",USD,1,500,0,0,0,0,500,0')"
}

@test "a file of the zone directory that is not a compiled zone is not a time zone" {
	run --separate-stderr rt-aggregate --tz zone.tab "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: unknown time zone "zone.tab"'
	RT_TZ=tzdata.zi run --separate-stderr rt-aggregate --summary "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: unknown time zone "tzdata.zi"'
}

@test "-o replaces the file atomically with what stdout would get, keeping its mode" {
	rt-aggregate --summary --goal 25000000 "$FIX/records.ndjson" >want.json
	echo old >snapshot.json
	chmod 640 snapshot.json
	run --separate-stderr rt-aggregate --summary --goal 25000000 -o snapshot.json "$FIX/records.ndjson"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	cmp want.json snapshot.json
	assert_equal "$(stat -c %a snapshot.json)" 640
	assert_equal "$(find . -name '.snapshot.json*' | wc -l)" 0
	run rt-aggregate -g month -o months.ndjson "$FIX/records.ndjson"
	assert_success
	assert_equal "$(rt-aggregate -g month "$FIX/records.ndjson")" "$(cat months.ndjson)"
}

@test "-o into a place that cannot be written is exit 4 and leaves the old file" {
	run --separate-stderr rt-aggregate --summary -o no/such/dir/snapshot.json "$FIX/records.ndjson"
	assert_failure 4
	assert_equal "$stderr" 'rt-aggregate: no/such/dir/snapshot.json: No such file or directory'
	assert_output ''
	mkdir ro
	echo old >ro/snapshot.json
	chmod 555 ro
	if [ -w ro ]; then
		chmod 755 ro
		skip "running as a user who writes anywhere"
	fi
	run --separate-stderr rt-aggregate --summary -o ro/snapshot.json "$FIX/records.ndjson"
	chmod 755 ro
	assert_failure 4
	assert_equal "$stderr" 'rt-aggregate: ro/snapshot.json: Permission denied'
	assert_equal "$(cat ro/snapshot.json)" old
}

@test "--summary: the goal percent is exact for any 64-bit total, and only currencies that count are listed" {
	# printf, not jq: jq would round 2^63 - 1 through a double.
	printf '{"id":"a:1","source":"a","date":"2026-01-05","amount_minor":9223372036854775807,"currency":"USD","kind":"sale","status":"completed"}\n' >big.ndjson
	rec '{id:"a:2",source:"a",date:"2025-01-05",amount_minor:100,currency:"EUR",kind:"sale",status:"completed"}' >>big.ndjson
	rec '{id:"a:3",source:"a",date:"2026-03-05",amount_minor:100,currency:"GBP",kind:"sale",status:"reversed"}' >>big.ndjson
	RT_TODAY=2026-12-31 run --separate-stderr rt-aggregate --summary --goal 0.01 big.ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_equal "${output#*\"currencies\":}" '{"USD":{"ytd_minor":9223372036854775807,"last_30d_minor":0,"projected_annual_minor":9223372036854775807,"pending_minor":0,"sources":{"a":9223372036854775807}}},"goal":{"currency":"USD","amount_minor":1,"pct":922337203685477580700.00}}'
	printf '{"id":"a:1","source":"a","date":"2026-01-05","amount_minor":-9223372036854775808,"currency":"USD","kind":"adjustment","status":"completed"}\n' >neg.ndjson
	RT_TODAY=2026-12-31 run --separate-stderr rt-aggregate --summary --goal 0.03 --format table neg.ndjson
	assert_success
	assert_line --index 3 'goal $0.03: -307445734561825860266.67% reached'
}

@test "-g keys that are not field names are exit 2 naming them; a key no record carries is a warning" {
	run --separate-stderr rt-aggregate -g mnth "$FIX/records.ndjson"
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'rt-aggregate: -g: "mnth" is not a field name or time bucket; did you mean month?'
	run --separate-stderr rt-aggregate -g Source "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: -g: "Source" is not a field name or time bucket; did you mean source?'
	run --separate-stderr rt-aggregate -g 'source, month' "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: -g: " month" is not a field name: no spaces around the commas'
	run --separate-stderr rt-aggregate -g zzzz "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: -g: "zzzz" is not a field name (id, source, client, ...) or time bucket (day, week, month, quarter, year)'
	run --separate-stderr rt-aggregate -g month,entity "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" 'rt-aggregate: -g entity: no record counted has "entity"; its groups are null'
	assert_line --index 0 --partial '{"month":"2026-01","entity":null,"currency":"USD",'
}

@test "group totals stop at the as-of date; --until later counts future records on purpose" {
	rec '{id:"c:1",source:"close",date:"2026-11-20",amount_minor:100,currency:"USD",kind:"sale",status:"completed"}' >f.ndjson
	rec '{id:"c:2",source:"close",date:"2026-12-01",amount_minor:900,currency:"USD",kind:"sale",status:"completed"}' >>f.ndjson
	run --separate-stderr rt-aggregate -g month --since 2026-11-01 --format csv f.ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<'OUT'
month,currency,count,gross_minor,refunds_minor,fees_minor,chargebacks_minor,adjustments_minor,net_minor,pending_minor
2026-11,USD,1,100,0,0,0,0,100,0
OUT
	run --separate-stderr rt-aggregate -g month --until 2026-12-31 --format csv f.ndjson
	assert_success
	assert_line --index 2 '2026-12,USD,1,900,0,0,0,0,900,0'
	run --separate-stderr rt-aggregate -g month --since 2026-12-01 f.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-aggregate: --since 2026-12-01 is after the as-of date 2026-11-21'
}

@test "usage errors say what is wrong: -g with --summary, --goal without it" {
	run --separate-stderr rt-aggregate -g month --summary "$FIX/records.ndjson"
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'rt-aggregate: --summary is the year-to-date snapshot; -g, --since and --until are for group totals: give one or the other'
	assert_equal "${stderr_lines[1]}" 'usage: rt-aggregate [-q] [-g key[,key ...]] [--since date] [--until date]'
	run --separate-stderr rt-aggregate --goal 100 "$FIX/records.ndjson"
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'rt-aggregate: --goal goes with --summary (the snapshot measures the year against it)'
}
