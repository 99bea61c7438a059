#!/usr/bin/env bats
# rt-score: the rules file, each kind of rule, the score's bounds, routing,
# --min, and every refusal.

load helper
load man

job() {
	jq -cn "$@"
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	cat >r.rules <<'EOF'
# a comment
base 10   # after a blank, too

keyword 30 "react native" expo -> Monica
keyword 20 python "c#" -> Ross, Rachel
keyword -50 unpaid
platform 5 Upwork braintrust
budget 20 >= 1000 USD -> Joey
budget -30 < 100.00 USD
hourly 25 >= 60 USD
hourly 1 = 45.50 EUR
nobudget -5
default -> Phoebe
EOF
}

@test "scores add up from the base, each rule once; agents in the rules' order; reasons in order" {
	# Other keys pass as they were written: 1.50 stays 1.50.
	echo '{"id":"a","platform":"upwork","title":"React Native and Expo app","summary":"React Native, again","budget_minor":150000,"budget_currency":"USD","budget_kind":"fixed","extra":{"n":1.50}}' >jobs.ndjson
	run --separate-stderr rt-score --rules r.rules jobs.ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"id":"a","platform":"upwork","title":"React Native and Expo app","summary":"React Native, again","budget_minor":150000,"budget_currency":"USD","budget_kind":"fixed","extra":{"n":1.50},"score":65,"agents":["Monica","Joey"],"reasons":["+30 react native","+5 platform upwork","+20 budget >= 1000 USD"]}'
}

@test "keywords are whole words in any case, in the title or the summary; phrases want their words together" {
	local t want
	while IFS='|' read -r t want; do
		run rt-score --rules r.rules < <(job --arg t "$t" '{id: "k", title: $t}')
		assert_success
		run jq -c '[.score, .agents]' <<<"$output"
		assert_equal "$t: $output" "$t: $want"
	done <<'CASES'
PYTHON dev|[25,["Ross","Rachel"]]
pythonic code|[5,["Phoebe"]]
C# and python|[25,["Ross","Rachel"]]
react, native|[5,["Phoebe"]]
React  Native|[5,["Phoebe"]]
expo-router app|[35,["Monica"]]
Unpaid trial for a python dev|[0,["Ross","Rachel"]]
CASES
	run rt-score --rules r.rules < <(job '{id: "s", summary: "needs EXPO"}')
	run jq -c '[.score, .reasons]' <<<"$output"
	assert_output '[35,["+30 expo","-5 no budget stated"]]'
}

@test "budgets: fixed or hourly, in the rule's currency only, compared exactly in minor units" {
	local b want
	while IFS='|' read -r b want; do
		run rt-score --rules r.rules < <(job "{id: \"b\"} + $b")
		assert_success
		run jq -c '.reasons' <<<"$output"
		assert_equal "$b: $output" "$b: $want"
	done <<'CASES'
{budget_minor: 100000, budget_currency: "USD", budget_kind: "fixed"}|["+20 budget >= 1000 USD"]
{budget_minor: 99999, budget_currency: "USD", budget_kind: "fixed"}|[]
{budget_minor: 9999, budget_currency: "USD", budget_kind: "fixed"}|["-30 budget < 100.00 USD"]
{budget_minor: 100000, budget_currency: "EUR", budget_kind: "fixed"}|[]
{budget_minor: 100000, budget_currency: "USD", budget_kind: "hourly"}|["+25 hourly >= 60 USD"]
{budget_minor: 4550, budget_currency: "EUR", budget_kind: "hourly"}|["+1 hourly = 45.50 EUR"]
{budget_minor: "100000", budget_currency: "USD", budget_kind: "fixed"}|[]
{budget_minor: 100000, budget_currency: "USD"}|[]
{budget_minor: null}|["-5 no budget stated"]
CASES
}

@test "the score stays within 0..100; scoring twice is scoring once" {
	printf '%s\n' 'base 90' 'keyword 30 go' 'keyword -100 unpaid' >s.rules
	job '{id: "hi", title: "Go"}' >jobs.ndjson
	job '{id: "lo", title: "unpaid"}' >>jobs.ndjson
	run rt-score --rules s.rules jobs.ndjson
	assert_output - <<'OUT'
{"id":"hi","title":"Go","score":100,"agents":[],"reasons":["+30 go"]}
{"id":"lo","title":"unpaid","score":0,"agents":[],"reasons":["-100 unpaid"]}
OUT
	rt-score --rules s.rules jobs.ndjson | rt-score --rules r.rules | rt-score --rules s.rules >twice
	run cat twice
	assert_output - <<'OUT'
{"id":"hi","title":"Go","score":100,"agents":[],"reasons":["+30 go"]}
{"id":"lo","title":"unpaid","score":0,"agents":[],"reasons":["-100 unpaid"]}
OUT
}

@test "--min leaves out the jobs that score less, and -v says so" {
	job '{id: "x", title: "python"}' >jobs.ndjson
	job '{id: "y", title: "cobol"}' >>jobs.ndjson
	run --separate-stderr rt-score -v --rules r.rules --min 25 jobs.ndjson
	assert_success
	assert_output '{"id":"x","title":"python","score":25,"agents":["Ross","Rachel"],"reasons":["+20 python","-5 no budget stated"]}'
	assert_equal "$stderr" 'rt-score: jobs.ndjson:2: under --min 25; left out'
	for bad in -1 101 ten ''; do
		run --separate-stderr rt-score --rules r.rules --min "$bad" jobs.ndjson
		assert_failure 2
		assert_equal "$stderr" "rt-score: --min \"$bad\" is not a score from 0 to 100"
	done
}

@test "a line that is no JSON object is placed and left out, exit 1; the rest are scored" {
	printf '%s\n' '{"id":"a","title":"expo"}' 'not json' '[1]' '' '{"id":"b"}' >jobs.ndjson
	run --separate-stderr rt-score --rules r.rules jobs.ndjson
	assert_failure 1
	assert_equal "$(wc -l <<<"$output")" 2
	assert_equal "${stderr_lines[0]%%:*}" 'rt-score'
	[[ "${stderr_lines[0]}" == 'rt-score: jobs.ndjson:2: '* ]]
	[[ "${stderr_lines[1]}" == 'rt-score: jobs.ndjson:3: '* ]]
}

@test "a rules file that is not one is exit 2 at its line, and nothing is scored" {
	local r want
	while IFS='|' read -r r want; do
		printf '%s\n' 'base 10' "$r" >bad.rules
		run --separate-stderr rt-score --rules bad.rules < <(job '{id: "a"}')
		assert_failure 2
		assert_output ''
		assert_equal "$r: $stderr" "$r: rt-score: bad.rules:2: $want"
	done <<'CASES'
keywords 10 go|"keywords" is not base, keyword, platform, budget, hourly, nobudget or default
keyword|a rule wants its points
keyword 10|keyword wants at least one word after its points
keyword ten go|"ten" is not a number of points from -100 to 100
keyword 101 go|"101" is not a number of points from -100 to 100
keyword 10 "go|a quote is not closed
keyword 10 ""|an empty word
base -5|"-5" is not a number of points from 0 to 100
base 5 -> Monica|base wants only its points
budget 10 >= 1000|budget wants POINTS, an operator, an amount and a currency: budget 20 >= 1000 USD
budget 10 => 1000 USD|"=>" is not <, <=, >, >= or =
hourly 10 >= 1000 usd|"usd" is not an ISO 4217 code
budget 10 >= 10.005 USD|amount "10.005" has more decimal places than the currency allows
nobudget 10 USD|nobudget wants only its points
default|default wants only -> and the agents
default Monica -> Ross|default wants only -> and the agents
keyword 10 go -> Monica, |an empty agent name after ->
-> Monica|-> without a rule before it
CASES
}

@test "usage: no --rules, a rules file or an input that cannot be read, an unknown option" {
	run --separate-stderr rt-score </dev/null
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-score: name the rules: --rules file'
	assert_equal "${stderr_lines[1]}" 'usage: rt-score [-qv] --rules file [--min score] [file ...]'
	run --separate-stderr rt-score --rules missing.rules </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-score: missing.rules: No such file or directory'
	run --separate-stderr rt-score --rules r.rules missing.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-score: missing.ndjson: No such file or directory'
}

@test "output that cannot be written is exit 4" {
	run --separate-stderr bash -c 'echo "{\"id\":1}" | rt-score --rules r.rules >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-score: stdout: No space left on device'
}

@test "examples/jobs.rules is a rules file, and the alert template makes one Slack message a job" {
	cp "$TOP/examples/jobs.rules" .
	job '{id: "p", platform: "upwork", title: "Python <ETL> & dbt", url: "https://u/p", budget_minor: 7500, budget_min_minor: 4000, budget_currency: "USD", budget_kind: "hourly"}' >jobs.ndjson
	job '{id: "y", title: "Shopify shop", budget_minor: 1500000, budget_currency: "JPY", budget_kind: "fixed"}' >>jobs.ndjson
	job '{id: "n", title: "Tax return help"}' >>jobs.ndjson
	run --separate-stderr bash -c 'rt-score --rules jobs.rules jobs.ndjson | rt-post -n --each --jq @job-alert http://x/'
	assert_success
	assert_output - <<'OUT'
{"text":"*95/100* <https://u/p|Python &lt;ETL&gt; &amp; dbt>\nupwork · $40.00–$75.00/hr · for Ross\nwhy: +30 python, +25 hourly &gt;= 60 USD, +10 hourly &gt;= 40 USD, +10 platform upwork"}
{"text":"*40/100* Shopify shop\n? · ¥1,500,000 fixed · for Rachel\nwhy: +20 shopify"}
{"text":"*10/100* Tax return help\n? · no budget stated · for Monica\nwhy: -10 no budget stated"}
OUT
	run --separate-stderr rt-post -n --jq @job-alert http://x/ <<<'{"total": 1}'
	assert_failure 1
	assert_equal "$stderr" 'rt-post: <stdin>: --jq: the input is not a job rt-score wrote'
}

@test "rt-score(1): EXAMPLES run as shown; mandoc is quiet" {
	cp "$TOP/examples/jobs.rules" .
	run_man_examples "$TOP/man/rt-score.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-score.1"
	assert_output ''
}
