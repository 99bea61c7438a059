#!/usr/bin/env bats
# rt-competitor: sightings added and replaced, the report's figures in exact
# integers (medians, averages and percentages rounded half away from zero),
# the undercut alerts at their edge, and every refusal.

load helper
load man

HEADER=date,name,platform,job,bid,currency,type,outcome,notes
F=competitors.csv

@test "add appends a sighting, and the latest word on a bid replaces the earlier one" {
	run --separate-stderr rt-competitor add --name Ann --platform Upwork --job j1 --bid 30 --type hourly
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run --separate-stderr rt-competitor add --name Bo --platform Fiverr --job g7 --bid 450.5 --type FIXED --currency eur --outcome LOST --date 2026-11-02 --notes 'gig, with extras'
	assert_success
	run --separate-stderr rt-competitor add --name ann --platform upwork --job j1 --bid 32 --type hourly --outcome won
	assert_success
	assert_equal "$stderr" "rt-competitor: $F:2: ann's bid on job j1 replaces the one seen before"
	run --separate-stderr rt-competitor -q add --name Ann --platform Upwork --job j1 --bid 31 --type hourly --outcome won
	assert_equal "$stderr" ''
	run cat "$F"
	assert_output - <<CSV
$HEADER
2026-11-21,Ann,Upwork,j1,31,USD,hourly,won,
2026-11-02,Bo,Fiverr,g7,450.5,EUR,fixed,lost,"gig, with extras"
CSV
}

@test "add refuses what it cannot record: exit 2, nothing written" {
	local ok=(--name A --platform Upwork --job j)
	run --separate-stderr rt-competitor add "${ok[@]}" --bid 30 </dev/null
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-competitor: add needs --name, --platform, --job, --bid and --type'
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		run --separate-stderr rt-competitor add "${ok[@]}" $args
		assert_failure 2
		assert_equal "$args: $stderr" "$args: rt-competitor: $want"
	done <<'CASES'
--bid 30 --type daily|type "daily" is not hourly or fixed
--bid 0 --type fixed|bid "0" is not above zero
--bid -5 --type fixed|bid "-5" is not above zero
--bid 1,000 --type fixed|bid "1,000" is not a decimal number
--bid 10.005 --type fixed|bid "10.005" has more decimal places than the currency allows
--bid 10.5 --type fixed --currency JPY|bid "10.5" has more decimal places than the currency allows
--bid 10 --type fixed --currency DOLLARS|currency "DOLLARS" is not an ISO 4217 code
--bid 10 --type fixed --outcome maybe|outcome "maybe" is not won, lost or pending
--bid 10 --type fixed --date 2026-02-30|date "2026-02-30" is not a real YYYY-MM-DD date
CASES
	[ ! -e "$F" ]
}

# Sightings whose figures are worked out by hand in the test below.
sightings() {
	cat >"$F" <<CSV
$HEADER
2026-11-01,cheap_competitor,Upwork,a,30,USD,hourly,won,
2026-11-02,cheap_competitor,Upwork,b,28.50,USD,hourly,lost,
2026-11-03,Cheap_Competitor,upwork,c,35.01,USD,hourly,lost,
2026-11-04,cheap_competitor,Upwork,d,29,USD,hourly,,
2026-11-05,PixelPro,Fiverr,e,450,USD,fixed,won,
2026-11-06,PixelPro,Fiverr,f,400,USD,fixed,won,
2026-11-07,PixelPro,Upwork,g,70,USD,hourly,lost,
2026-11-08,DevShop,Upwork,h,2500,EUR,fixed,pending,
2026-11-22,Later,Upwork,i,1,USD,hourly,won,after the as-of date
CSV
}

@test "the report: busiest first, win rates, medians, averages and ranges per platform, exact" {
	sightings
	printf '# ours\nrate Upwork hourly 65.00 USD\nrate fiverr fixed 900 USD\n\nundercut 20\n' >rates.conf
	run --separate-stderr rt-competitor report --config rates.conf
	assert_success
	assert_equal "$stderr" ''
	# cheap_competitor: 4 bids, median of 28.50 29 30 35.01 is (29 + 30) / 2 = 29.50;
	# won 1 of 3 decided = 33.3 -> 33%.  PixelPro: fixed median (400 + 450) / 2 = 425.
	# Upwork hourly: 30 + 28.50 + 35.01 + 29 + 70 = 192.51 / 5 = 38.502 -> 38.50.
	# Alerts: 29.50 vs 65.00 is -54.6 -> -55%; 425 vs 900 is -52.8 -> -53%.
	assert_output - <<'OUT'
Competitors, every sighting to 2026-11-21

Most active:
competitor        sightings  won  lost  win rate  typical bid
cheap_competitor          4    1     2       33%  $29.50/hr
PixelPro                  3    2     1       67%  $425.00 fixed, $70.00/hr
DevShop                   1    0     0         -  €2,500.00 fixed

Pricing per platform:
platform  type    bids    average  range
Fiverr    fixed      2    $425.00  $400.00–$450.00
Upwork    hourly     5     $38.50  $28.50–$70.00
Upwork    fixed      1  €2,500.00  €2,500.00–€2,500.00

Undercut alerts:
- cheap_competitor on Upwork: $29.50 vs our $65.00 (-55%)
- PixelPro on fiverr, fixed: $425.00 vs our $900.00 (-53%)
OUT
}

@test "undercut alerts at their edge: decided exactly, shown rounded half away from zero" {
	printf '%s\n' "$HEADER" '2026-11-01,edge,Upwork,a,52.00,USD,hourly,,' '2026-11-01,above,Upwork,b,52.01,USD,hourly,,' \
		'2026-11-01,half,Toptal,c,101,USD,hourly,,' '2026-11-01,euro,Upwork,d,1,EUR,hourly,,' >"$F"
	printf 'rate Upwork hourly 65 USD\nrate Toptal hourly 200 USD\nundercut 20%%\n' >rates.conf
	run --separate-stderr rt-competitor report --config rates.conf
	assert_success
	run sed -n '/^Undercut/,$p' <<<"$output"
	assert_output - <<'OUT'
Undercut alerts:
- half on Toptal: $101.00 vs our $200.00 (-50%)
- edge on Upwork: $52.00 vs our $65.00 (-20%)
OUT
	printf 'rate Upwork hourly 65 USD\nundercut 0\n' >rates.conf
	RT_COMPETITOR_CONFIG=rates.conf run rt-competitor report
	run sed -n '/^Undercut/,$p' <<<"$output"
	assert_output - <<'OUT'
Undercut alerts:
- above on Upwork: $52.01 vs our $65.00 (-20%)
- edge on Upwork: $52.00 vs our $65.00 (-20%)
OUT
}

@test "--since, --format md, and no rates" {
	sightings
	run --separate-stderr rt-competitor report --since 2026-11-06 --format md
	assert_success
	assert_output - <<'OUT'
# Competitors, sightings 2026-11-06..2026-11-21

## Most active

| competitor | sightings | won | lost | win rate | typical bid |
|---|---:|---:|---:|---:|---|
| PixelPro | 2 | 1 | 1 | 50% | $400.00 fixed, $70.00/hr |
| DevShop | 1 | 0 | 0 | - | €2,500.00 fixed |

## Pricing per platform

| platform | type | bids | average | range |
|---|---|---:|---:|---|
| Fiverr | fixed | 1 | $400.00 | $400.00–$400.00 |
| Upwork | hourly | 1 | $70.00 | $70.00–$70.00 |
| Upwork | fixed | 1 | €2,500.00 | €2,500.00–€2,500.00 |

## Undercut alerts

- no rates of ours to compare with (--config)
OUT
	run --separate-stderr rt-competitor report --since 11/06/2026
	assert_failure 2
	assert_equal "$stderr" 'rt-competitor: --since "11/06/2026" is not a YYYY-MM-DD date'
}

@test "a bad sighting is placed and left out, exit 1; add refuses a file it cannot read whole" {
	sightings
	echo '2026-11-09,Zed,Upwork,z,ten,USD,hourly,,' >>"$F"
	echo '2026-11-09,Zed,Upwork,"z,10,USD,hourly,,' >>"$F"
	run --separate-stderr rt-competitor report
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "rt-competitor: $F:12: unterminated quoted field: the rest of the file is inside it; row left out"
	assert_equal "${stderr_lines[1]}" "rt-competitor: $F:11: bid \"ten\" is not a decimal number; sighting left out"
	assert_line --index 3 'cheap_competitor          4    1     2       33%  $29.50/hr'
	cp "$F" before
	run --separate-stderr rt-competitor add --name A --platform Upwork --job j --bid 1 --type fixed
	assert_failure 1
	assert_equal "${stderr_lines[1]}" "rt-competitor: $F: 1 row above cannot be read; mend the file before it is rewritten"
	cmp before "$F"
}

@test "a config that is not one is exit 2 at its line" {
	sightings
	while IFS='|' read -r line want; do
		printf '%s\n' "$line" >bad.conf
		run --separate-stderr rt-competitor report --config bad.conf
		assert_failure 2
		assert_output ''
		assert_equal "$line: $stderr" "$line: rt-competitor: bad.conf:1: $want"
	done <<'CASES'
rate Upwork daily 65 USD|not "rate PLATFORM hourly|fixed AMOUNT CODE" nor "undercut PERCENT"
rate Upwork hourly 65|not "rate PLATFORM hourly|fixed AMOUNT CODE" nor "undercut PERCENT"
rate Upwork hourly 65.001 USD|"65.001 USD" is not an amount and a currency
rate Upwork hourly 0 USD|"0 USD" is not an amount and a currency
undercut 120|"120" is not a percentage from 0 to 100
undercut lots|"lots" is not a percentage from 0 to 100
CASES
	run --separate-stderr rt-competitor report --config missing.conf
	assert_failure 2
	assert_equal "$stderr" 'rt-competitor: missing.conf: No such file or directory'
}

@test "commands and files: misuse is exit 2, a file that cannot be written exit 4" {
	run --separate-stderr rt-competitor
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-competitor: name a command: add, report'
	run --separate-stderr rt-competitor report --bid 5
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-competitor: --bid is an option of rt-competitor add, not of report'
	run --separate-stderr rt-competitor add --config x --name A --platform U --job j --bid 1 --type fixed
	assert_failure 2
	run --separate-stderr rt-competitor report now
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-competitor: report takes no operands, but was given "now"'
	run --separate-stderr rt-competitor report
	assert_failure 2
	assert_equal "$stderr" "rt-competitor: $F: No such file or directory"
	sightings
	export RT_COMPETITORS=$F
	chmod a-w "$F"
	cp "$F" before
	run --separate-stderr rt-competitor add --name A --platform U --job j --bid 1 --type fixed
	assert_failure 4
	assert_equal "$stderr" "rt-competitor: $F: Permission denied"
	cmp before "$F"
	run --separate-stderr bash -c 'rt-competitor report >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-competitor: stdout: No space left on device'
}

@test "rt-competitor(1): EXAMPLES run as shown; mandoc is quiet" {
	run_man_examples "$TOP/man/rt-competitor.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-competitor.1"
	assert_output ''
}
