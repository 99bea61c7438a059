#!/usr/bin/env bats
# rt-report: the morning view and the weekly comparison, aligned, in colour
# only on a terminal.

load helper

HIST="$FIX/man/history.ndjson"

# The program under a pseudo-terminal (script(1)), its output with CR LF made LF.
on_terminal() {
	script -qec "$*" /dev/null | tr -d '\r'
}

@test "the morning view: goal bar, sources per currency with shares, projection, months" {
	run --separate-stderr rt-report --goal 100000 "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" ''
	assert_golden "$FIX/report-morning.txt"
}

@test "a share is of the currency's year to date; a span counts by its days; pending stands apart" {
	run rt-report "$FIX/records.ndjson"
	assert_success
	assert_line 'MSN     $53,250.00    $21,000.00   96.88%'
	assert_line 'Projected for the year: $61,729.70; pending $25.09'
	assert_line 'Gumroad  ¥1,500,000    ¥1,500,000  100.00%'
	refute_line --partial 'Impact'
	refute_line --partial 'Goal'
}

@test "the bar fills in proportion to the goal, and stops full past it" {
	run rt-report --goal 54964.80 "$FIX/records.ndjson"
	assert_success
	assert_line 'Goal $54,964.80  [##############################]  100.00% reached'
	run rt-report --goal 1000000 "$FIX/records.ndjson"
	assert_line 'Goal $1,000,000.00  [#-----------------------------]  5.50% reached'
	run rt-report --goal 10000000:JPY "$FIX/records.ndjson"
	assert_line 'Goal ¥10,000,000  [####--------------------------]  15.00% reached'
}

@test "--week: this week so far against the same days of last week, with the movers" {
	run --separate-stderr rt-report --week "$HIST"
	assert_success
	assert_equal "$stderr" ''
	assert_golden "$FIX/report-week.txt"
	run rt-report --week --as-of 2026-11-15 "$HIST"
	assert_success
	assert_line --index 0 'Week 2026-W46 so far, Mon 2026-11-09..Sun 2026-11-15 (America/Chicago),'
	assert_line --index 1 'against the same days of 2026-W45, 2026-11-02..2026-11-08'
}

@test "--week: a source new this week is new; a week without records says so" {
	{
		rec '{id:"a",source:"stripe",date:"2026-11-17",amount_minor:500,currency:"USD",kind:"sale",status:"completed"}'
		rec '{id:"b",source:"shop",date:"2026-11-10",amount_minor:900,currency:"EUR",kind:"sale",status:"completed"}'
	} >two.ndjson
	run rt-report --week two.ndjson
	assert_success
	assert_output - <<'OUT'
Week 2026-W47 so far, Mon 2026-11-16..Sat 2026-11-21 (America/Chicago),
against the same days of 2026-W46, 2026-11-09..2026-11-14

EUR    This week  Last week  Change
Shop       €0.00      €9.00  -€9.00  -100.00%
Total      €0.00      €9.00  -€9.00  -100.00%
Biggest movers: Shop -€9.00 (-100.00%)

USD     This week  Last week  Change
Stripe      $5.00      $0.00  +$5.00  new
Total       $5.00      $0.00  +$5.00  new
Biggest movers: Stripe +$5.00 (new)
OUT
	run rt-report --week --as-of 2026-06-01 two.ndjson
	assert_success
	assert_line --index 2 'No revenue recorded in either week.'
}

@test "nothing to report is said, not an error" {
	run --separate-stderr rt-report </dev/null
	assert_success
	assert_equal "$stderr" ''
	assert_line --index 1 'No revenue recorded this year or in the last 30 days.'
	assert_line --index 2 'Monthly summary'
}

@test "colours only on a terminal without NO_COLOR, or with --color always" {
	run rt-report --week "$HIST"
	assert_success
	refute_output --partial $'\033['
	run on_terminal rt-report --week "$HIST"
	assert_success
	assert_line --index 2 $'\033[1mUSD       This week  Last week       Change\033[0m'
	assert_line --index 3 $'\033[32mStripe   $19,465.80  $6,429.60  +$13,036.20  +202.75%\033[0m'
	assert_line --index 4 $'\033[31mGumroad       $0.00  $2,207.20   -$2,207.20  -100.00%\033[0m'
	run on_terminal env NO_COLOR=1 rt-report --week "$HIST"
	assert_success
	refute_output --partial $'\033['
	assert_golden "$FIX/report-week.txt"
	run on_terminal rt-report --color never --week "$HIST"
	refute_output --partial $'\033['
	run rt-report --color always --goal 100000 "$FIX/records.ndjson"
	assert_success
	assert_line --index 1 $'Goal $100,000.00  [\033[32m################\033[0m\033[2m--------------\033[0m]  54.96% reached'
	# Without the colours, the columns are the same.
	assert_equal "$(sed 's/\x1b\[[0-9]*m//g' <<<"$output")" "$(cat "$FIX/report-morning.txt")"
}

@test "a bad record is reported with its place and left out: exit 1, the report of the others" {
	{
		head -n 2 "$FIX/records.ndjson"
		echo '{"id":"x","source":"close","date":"2026-02-30","amount_minor":1,"currency":"USD","kind":"sale","status":"completed"}'
	} >bad.ndjson
	run --separate-stderr rt-report bad.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-report: bad.ndjson:3: "date" "2026-02-30" is not a real YYYY-MM-DD date'
	assert_line 'Close  $1,750.00         $0.00  100.00%'
}

@test "a total past 64 bits is exit 1 and nothing written" {
	# Written by hand: jq would round the amount through a double.
	echo '{"id":"a","source":"s","date":"2026-11-01","amount_minor":9223372036854775807,"currency":"USD","kind":"sale","status":"completed"}' >big.ndjson
	rec '{id:"b",source:"s",date:"2026-11-02",amount_minor:1,currency:"USD",kind:"sale",status:"completed"}' >>big.ndjson
	run --separate-stderr rt-report big.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-report: big.ndjson:2: a USD total would overflow 64 bits; nothing written'
}

@test "usage errors are exit 2 and write nothing" {
	run --separate-stderr rt-report --goal 100 --week "$HIST"
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'rt-report: --goal is for the morning view; --week compares weeks'
	run --separate-stderr rt-report --color sometimes "$HIST"
	assert_failure 2
	assert_equal "$stderr" 'rt-report: --color "sometimes" is not auto, always or never'
	run --separate-stderr rt-report --goal -5 "$HIST"
	assert_failure 2
	assert_equal "$stderr" 'rt-report: --goal "-5" is not a positive amount[:currency]'
	run --separate-stderr rt-report no-such.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-report: no-such.ndjson: No such file or directory'
	run --separate-stderr rt-report --as-of 2026-13-01 "$HIST"
	assert_failure 2
	assert_output ''
}

@test "an input that cannot be read, or a full stdout, is exit 4" {
	run --separate-stderr rt-report /
	assert_failure 4
	assert_equal "$stderr" 'rt-report: /: Is a directory'
	run --separate-stderr bash -c "rt-report '$HIST' >/dev/full"
	assert_failure 4
	assert_equal "$stderr" 'rt-report: stdout: No space left on device'
}

@test "--ledger reads the ledger's current records: the same report as its records, retracted ones left out" {
	rt-load -q ledger.db "$FIX/records.ndjson"
	run --separate-stderr rt-report --color never --goal 100000 "$FIX/records.ndjson"
	assert_success
	want=$output
	run --separate-stderr rt-report --color never --goal 100000 --ledger ledger.db
	assert_success
	assert_equal "$output" "$want"
	# Close's deals replaced by an empty delivery: they leave the report.
	: | rt-load -q --replace close --max-retract 100 ledger.db
	grep -v '"source":"close"' "$FIX/records.ndjson" >rest.ndjson
	run --separate-stderr rt-report --color never --goal 100000 rest.ndjson
	assert_success
	want=$output
	run --separate-stderr rt-report --color never --goal 100000 --ledger ledger.db
	assert_success
	assert_equal "$output" "$want"
}

@test "--ledger with files as well, or no ledger there, is exit 2" {
	run --separate-stderr rt-report --ledger ledger.db "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-report: --ledger reads the ledger: give no files as well'
	run --separate-stderr rt-report --ledger nothing-here.db
	assert_failure 2
	assert_output ''
	[ ! -e nothing-here.db ]
}
