#!/usr/bin/env bats
# rt-reconcile: the ledger's daily nets (or records) against a bank statement.

load helper
load man

RFIX="$TOP/tests/fixtures/reconcile"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	rt-load -q ledger.db "$RFIX/payments.ndjson"
}

@test "daily nets per source matched to the cent within --days; the rest reported; exit 1" {
	run --separate-stderr rt-reconcile --date-format %m/%d/%Y ledger.db "$RFIX/bank.csv"
	assert_failure 1
	assert_output - <<'OUT'
{"status":"matched","source":"stripe","date":"2026-11-02","bank_date":"2026-11-04","amount_minor":9680,"currency":"USD","description":"STRIPE TRANSFER","line":2}
{"status":"matched","source":"stripe","date":"2026-11-03","bank_date":"2026-11-05","amount_minor":5000,"currency":"USD","description":"STRIPE TRANSFER","line":3}
{"status":"matched","source":"stripe","date":"2026-11-05","bank_date":"2026-11-06","amount_minor":123456,"currency":"USD","description":"STRIPE TRANSFER","line":4}
{"status":"bank_only","bank_date":"2026-11-06","amount_minor":-4500,"currency":"USD","description":"MONTHLY FEE","line":5}
{"status":"bank_only","bank_date":"2026-11-07","amount_minor":2500,"currency":"USD","description":"GUMROAD PAYOUT","line":6}
{"status":"ledger_only","source":"gumroad","date":"2026-11-03","amount_minor":2500,"currency":"USD"}
OUT
	assert_equal "$stderr" 'rt-reconcile: 3 matched, 2 only in the bank, 1 only in the ledger'
}

@test "everything matched is exit 0; a markdown table for people" {
	grep -v 'MONTHLY FEE' "$RFIX/bank.csv" >bank.csv
	run --separate-stderr rt-reconcile --days 4 --format md --date-format %m/%d/%Y ledger.db bank.csv
	assert_success
	assert_output - <<'OUT'
| Status | Source | Ledger date | Bank date | Amount | Description |
|---|---|---|---|---:|---|
| matched | stripe | 2026-11-02 | 2026-11-04 | $96.80 | STRIPE TRANSFER |
| matched | gumroad | 2026-11-03 | 2026-11-07 | $25.00 | GUMROAD PAYOUT |
| matched | stripe | 2026-11-03 | 2026-11-05 | $50.00 | STRIPE TRANSFER |
| matched | stripe | 2026-11-05 | 2026-11-06 | $1,234.56 | STRIPE TRANSFER |
OUT
	assert_equal "$stderr" 'rt-reconcile: 4 matched, 0 only in the bank, 0 only in the ledger'
}

@test "column names and the date format are the statement's; amounts as banks write them, exactly" {
	cat >bank.csv <<'CSV'
Posted;Value;Memo
CSV
	# A bank that writes day.month.year, and amounts with symbols, commas and parentheses.
	cat >bank.csv <<'CSV'
Booking Date,Credit,Text
02.11.2026,  $96.80 ,a
03.11.2026,"$1,234.56",b
03.11.2026,(3.20),c
03.11.2026,-$3.20,d
04.11.2026,50,e
CSV
	printf '%s\n' \
		'{"id":"x:1","source":"x","date":"2026-11-02","amount_minor":9680,"currency":"USD","kind":"sale","status":"completed"}' \
		'{"id":"x:2","source":"x","date":"2026-11-03","amount_minor":123456,"currency":"USD","kind":"sale","status":"completed"}' \
		'{"id":"x:3","source":"x","date":"2026-11-03","amount_minor":-320,"currency":"USD","kind":"fee","status":"completed"}' \
		'{"id":"x:4","source":"x","date":"2026-11-03","amount_minor":-320,"currency":"USD","kind":"fee","status":"completed"}' \
		'{"id":"x:5","source":"x","date":"2026-11-04","amount_minor":5000,"currency":"USD","kind":"sale","status":"completed"}' >x.ndjson
	rt-load -q x.db x.ndjson
	run --separate-stderr rt-reconcile -q --by record --days 0 --date-column 'booking date' --amount-column CREDIT \
		--description-column text --date-format %d.%m.%Y x.db bank.csv
	assert_success
	run jq -r '[.id, .amount_minor, .description] | join(" ")' <<<"$output"
	assert_output - <<'OUT'
x:1 9680 a
x:2 123456 b
x:3 -320 c
x:4 -320 d
x:5 5000 e
OUT
}

@test "nearest first: two equal amounts each find the bank row closest in time" {
	printf '%s\n' \
		'{"id":"s:1","source":"s","date":"2026-11-01","amount_minor":1000,"currency":"USD","kind":"sale","status":"completed"}' \
		'{"id":"s:2","source":"s","date":"2026-11-05","amount_minor":1000,"currency":"USD","kind":"sale","status":"completed"}' >s.ndjson
	rt-load -q s.db s.ndjson
	printf 'date,amount,description\n2026-11-03,10.00,first\n2026-11-06,10.00,second\n' >bank.csv
	run rt-reconcile -q --days 3 s.db bank.csv
	assert_success
	run jq -r '[.date, .bank_date] | join(" ")' <<<"$output"
	assert_output $'2026-11-01 2026-11-03\n2026-11-05 2026-11-06'
	# Outside --days nothing matches (and the ledger's days read start at --since).
	run rt-reconcile -q --days 1 --since 2026-11-01 s.db bank.csv
	assert_failure 1
	run jq -r .status <<<"$output"
	assert_output $'matched\nbank_only\nledger_only'
}

@test "only completed records of the statement's currency and the sources asked for; the window by default" {
	printf 'date,amount,description\n2026-11-04,96.80,t\n2026-11-05,50.00,u\n' >bank.csv
	# The ledger's days are the statement's first less --days (11-01) through
	# its last (11-05); --until stops them earlier.  The pending charge of
	# 11-03 and gumroad's are not read.
	run --separate-stderr rt-reconcile --source stripe --until 2026-11-03 ledger.db bank.csv
	assert_success
	assert_equal "$stderr" 'rt-reconcile: 2 matched, 0 only in the bank, 0 only in the ledger'
	run rt-reconcile -q --source stripe ledger.db bank.csv
	assert_failure 1
	assert_line --index 2 '{"status":"ledger_only","source":"stripe","date":"2026-11-05","amount_minor":123456,"currency":"USD"}'
	# Only the statement's currency: in EUR, only the EUR charge is read.
	run rt-reconcile -q --currency EUR --since 2026-11-01 --until 2026-11-30 ledger.db bank.csv
	assert_failure 1
	assert_line --index 2 '{"status":"ledger_only","source":"stripe","date":"2026-11-05","amount_minor":9900,"currency":"EUR"}'
	# A retracted record is not in the ledger's net any more.
	grep -v '"stripe:fee_1"' "$RFIX/payments.ndjson" | grep '"source":"stripe"' | rt-load -q --replace stripe ledger.db
	run rt-reconcile -q --source stripe --until 2026-11-03 ledger.db bank.csv
	assert_failure 1
	assert_output - <<'OUT'
{"status":"matched","source":"stripe","date":"2026-11-03","bank_date":"2026-11-05","amount_minor":5000,"currency":"USD","description":"u","line":3}
{"status":"bank_only","bank_date":"2026-11-04","amount_minor":9680,"currency":"USD","description":"t","line":2}
{"status":"ledger_only","source":"stripe","date":"2026-11-02","amount_minor":10000,"currency":"USD"}
OUT
}

@test "statement rows that cannot be read are reported at their line and left out (exit 1)" {
	printf 'date,amount,description\n2026-11-04,96.80,ok\n2026-02-30,1.00,no such day\n2026-11-05,"1,23.40",bad commas\n2026-11-05,12.345,cents\n2026-11-05,,empty\n2026-11-05,"5\n' >bank.csv
	run --separate-stderr rt-reconcile -q --source stripe --until 2026-11-02 ledger.db bank.csv
	assert_failure 1
	assert_equal "$stderr" 'rt-reconcile: bank.csv:3: date "2026-02-30" is not %Y-%m-%d
rt-reconcile: bank.csv:4: amount "1,23.40" is not a decimal number
rt-reconcile: bank.csv:5: amount "12.345" has more decimal places than the currency allows
rt-reconcile: bank.csv:6: amount "" is not a decimal number
rt-reconcile: bank.csv:7: unterminated quoted field: the rest of the file is inside it'
	assert_output '{"status":"matched","source":"stripe","date":"2026-11-02","bank_date":"2026-11-04","amount_minor":9680,"currency":"USD","description":"ok","line":2}'
}

@test "usage and configuration errors are exit 2; an unreachable PostgreSQL ledger is exit 3" {
	run --separate-stderr rt-reconcile ledger.db
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-reconcile: name the ledger and the bank statement (a CSV file)'
	run --separate-stderr rt-reconcile --by week ledger.db "$RFIX/bank.csv"
	assert_failure 2
	assert_equal "$stderr" 'rt-reconcile: --by "week" is not day or record'
	run --separate-stderr rt-reconcile --currency usd ledger.db "$RFIX/bank.csv"
	assert_failure 2
	assert_equal "$stderr" 'rt-reconcile: --currency "usd" is not an ISO 4217 code'
	run --separate-stderr rt-reconcile --days -1 ledger.db "$RFIX/bank.csv"
	assert_failure 2
	run --separate-stderr rt-reconcile --source Stripe ledger.db "$RFIX/bank.csv"
	assert_failure 2
	run --separate-stderr rt-reconcile --format csv ledger.db "$RFIX/bank.csv"
	assert_failure 2
	run --separate-stderr rt-reconcile --amount-column credit ledger.db "$RFIX/bank.csv"
	assert_failure 2
	assert_equal "$stderr" "rt-reconcile: $RFIX/bank.csv:1: no \"credit\" column in the header"
	run --separate-stderr rt-reconcile ledger.db nothing.csv
	assert_failure 2
	assert_equal "$stderr" 'rt-reconcile: nothing.csv: No such file or directory'
	run --separate-stderr rt-reconcile nothing.db "$RFIX/bank.csv"
	assert_failure 2
	assert_equal "$stderr" 'rt-reconcile: nothing.db: No such file or directory'
	: >empty.csv
	run --separate-stderr rt-reconcile ledger.db empty.csv
	assert_failure 1
	assert_equal "$stderr" 'rt-reconcile: empty.csv: empty: no header'
	run --separate-stderr rt-reconcile "postgresql:///rt?host=$BATS_TEST_TMPDIR/none" "$RFIX/bank.csv"
	assert_failure 3
}

@test "--help, --version, and the EXAMPLES of rt-reconcile(1) run as shown" {
	run rt-reconcile --help
	assert_success
	assert_line --index 0 'usage: rt-reconcile [-q] [--by day|record] [--source source[,source ...]] [--days n]'
	run rt-reconcile --version
	assert_output 'rt-reconcile 0.1.0'
	mkdir -p ex/examples ex/tests/fixtures
	cp -R "$RFIX" ex/tests/fixtures/
	cd ex/examples
	run_man_examples "$TOP/man/rt-reconcile.1"
}
