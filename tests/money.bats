#!/usr/bin/env bats
# Money is exact (SPEC section 2): a million random amounts sum to the totals
# sqlite3 computes apart from rt, decimal strings of every exponent come back
# as the same text, and what would not fit in 64 bits is refused, never
# wrapped or rounded.

load helper

RECORDS=1000000		# records in the property test
SEED=${RT_MONEY_SEED:-20261121}	# awk's seed; set RT_MONEY_SEED to explore others
MAX_DIGITS=14		# amounts have 0 to this many digits: month totals pass 2^53
ROUND_TRIPS=2000	# random values per exponent in the round trip
INT64_MAX=9223372036854775807
INT64_MIN=-9223372036854775808

# The records, and the same amounts as CSV for sqlite3, from one awk pass.
# awk's numbers are doubles, so an amount is built as text from two parts
# that are exact integers; it never passes through arithmetic.
gen_records() {
	awk -v seed="$SEED" -v n="$RECORDS" -v maxd="$MAX_DIGITS" -v csv="$2" '
	BEGIN {
		srand(seed)
		split("JPY USD BHD", cur, " ")
		split("sale refund fee chargeback adjustment", kinds, " ")
		for (i = 1; i <= n; i++) {
			c = cur[1 + int(rand() * 3)]
			m = int(rand() * 23)
			month = m < 12 ? sprintf("2025-%02d", m + 1) : sprintf("2026-%02d", m - 11)
			k = rand() < 0.6 ? "sale" : kinds[2 + int(rand() * 4)]
			r = rand()
			st = r < 0.8 ? "completed" : r < 0.95 ? "pending" : "reversed"
			d = int(rand() * (maxd + 1))
			if (d <= 7)
				v = sprintf("%d", int(rand() * 10 ^ d))
			else {
				hi = int(rand() * 10 ^ (d - 7))
				lo = int(rand() * 10000000)
				v = hi > 0 ? sprintf("%d%07d", hi, lo) : sprintf("%d", lo)
			}
			if (k == "refund" || k == "fee" || k == "chargeback" || (k == "adjustment" && rand() < 0.5))
				v = "-" v
			printf "{\"id\":\"m:%d\",\"source\":\"p\",\"date\":\"%s-%02d\",\"amount_minor\":%s,\"currency\":\"%s\",\"kind\":\"%s\",\"status\":\"%s\"}\n",
			    i, month, 1 + int(rand() * 28), v, c, k, st
			printf "%s,%s,%s,%s,%s\n", month, c, k, st, v >csv
		}
	}' >"$1"
}

# The totals of rt-aggregate -g GROUPS (month, or none), as sqlite3 computes
# them from the CSV: INTEGER sums are exact int64 there, and fail on overflow.
sql_totals() {
	local keys=$2 cols
	cols=${keys:+"'$keys', $keys, "}
	sqlite3 -bail :memory: <<SQL
CREATE TABLE r(month TEXT, currency TEXT, kind TEXT, status TEXT, amount INTEGER);
.mode csv
.import $1 r
.mode list
SELECT json_object($cols'currency', currency,
  'count', SUM(status = 'completed'),
  'gross_minor', SUM(CASE WHEN status = 'completed' AND kind = 'sale' THEN amount ELSE 0 END),
  'refunds_minor', SUM(CASE WHEN status = 'completed' AND kind = 'refund' THEN amount ELSE 0 END),
  'fees_minor', SUM(CASE WHEN status = 'completed' AND kind = 'fee' THEN amount ELSE 0 END),
  'chargebacks_minor', SUM(CASE WHEN status = 'completed' AND kind = 'chargeback' THEN amount ELSE 0 END),
  'adjustments_minor', SUM(CASE WHEN status = 'completed' AND kind = 'adjustment' THEN amount ELSE 0 END),
  'net_minor', SUM(CASE WHEN status = 'completed' THEN amount ELSE 0 END),
  'pending_minor', SUM(CASE WHEN status = 'pending' THEN amount ELSE 0 END))
FROM r WHERE status != 'reversed' GROUP BY ${keys:+$keys, }currency ORDER BY ${keys:+$keys, }currency;
SQL
}

@test "a million random amounts sum exactly to sqlite3's totals, per currency and month" {
	gen_records recs.ndjson recs.csv
	assert_equal "$(wc -l <recs.ndjson)" "$RECORDS"
	sql_totals recs.csv month >want-month.ndjson
	sql_totals recs.csv "" >want-currency.ndjson
	run --separate-stderr rt-aggregate -g month --until 2099-12-31 recs.ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" $((23 * 3))
	assert_equal "$output" "$(cat want-month.ndjson)"
	run --separate-stderr rt-aggregate --until 2099-12-31 recs.ndjson
	assert_success
	assert_equal "$output" "$(cat want-currency.ndjson)"
	# The test has teeth: totals a double could not hold exactly.
	run grep -cE '"gross_minor":[0-9]{17,}' want-month.ndjson
	assert_success
	assert_output "$((23 * 3))"
	run grep -cE '"gross_minor":[0-9]{18,}' want-currency.ndjson
	assert_success
	assert_output 3
}

# D(minor, exponent): the canonical decimal text of a count of minor units.
DECIMAL_AWK='
function decimal(m, e,   neg, a, s) {
	neg = substr(m, 1, 1) == "-"
	a = neg ? substr(m, 2) : m
	while (length(a) <= e)
		a = "0" a
	s = e > 0 ? substr(a, 1, length(a) - e) "." substr(a, length(a) - e + 1) : a
	return (neg && m != "0" && a !~ /^0+$/ ? "-" : "") s
}'

# Random minor amounts up to 19 digits, and the boundaries, for one currency:
# lines "id currency exponent minor form", the input line in raw.ndjson.
gen_round_trip() {
	awk -v seed="$SEED" -v n="$ROUND_TRIPS" "$DECIMAL_AWK"'
	function emit(c, e, m,   d, z) {
		d = decimal(m, e)
		z = e > 0 ? d "000" : d ".000"
		# A decimal string, a JSON number, and a string with zeros to spare.
		line(c, e, m, "\"" d "\"")
		line(c, e, m, d)
		line(c, e, m, "\"" z "\"")
	}
	function line(c, e, m, amount) {
		id++
		printf "{\"id\":\"%d\",\"currency\":\"%s\",\"amount\":%s}\n", id, c, amount >"raw.ndjson"
		printf "rt:%d %s %d %s\n", id, c, e, m
	}
	BEGIN {
		srand(seed)
		split("JPY 0 USD 2 BHD 3", ce, " ")
		nb = split("0 1 -1 5 -5 10 -10 50 -50 99 100 -100 101 500 999 1000 1005 -1005 " \
		    "4503599627370497 9007199254740992 -9007199254740992 9007199254740993 " \
		    "-9007199254740993 1000000000000000000 -999999999999999999 " \
		    "9223372036854775806 9223372036854775807 -9223372036854775807 -9223372036854775808", b, " ")
		for (k = 1; k <= 5; k += 2) {
			for (j = 1; j <= nb; j++)
				emit(ce[k], ce[k + 1], b[j])
			for (i = 0; i < n; i++) {
				len = 1 + int(rand() * 19)
				m = len == 19 ? 1 + int(rand() * 8) : int(rand() * 10)
				for (j = 2; j <= len; j++)
					m = m int(rand() * 10)
				sub(/^0+/, "", m)
				if (m == "")
					m = "0"
				else if (rand() < 0.5)
					m = "-" m
				emit(ce[k], ce[k + 1], m)
			}
		}
	}'
}

@test "decimal strings of every exponent (JPY 0, USD 2, BHD 3) round-trip exactly" {
	gen_round_trip >expect
	# Minus zero is zero, with no sign on the way back.
	{
		echo '{"id":"z1","currency":"USD","amount":"-0.00"}'
		echo '{"id":"z2","currency":"JPY","amount":-0}'
		echo '{"id":"z3","currency":"BHD","amount":"-0.0000"}'
	} >>raw.ndjson
	printf 'rt:z1 USD 2 0\nrt:z2 JPY 0 0\nrt:z3 BHD 3 0\n' >>expect
	echo '{source_id: .id, date: "2026-01-15", amount: .amount, currency: .currency, kind: "adjustment"}' >map.jq
	run --separate-stderr rt-normalize --source rt --map map.jq raw.ndjson
	assert_success
	assert_equal "$stderr" ''
	printf '%s\n' "$output" >canon.ndjson
	assert_equal "${#lines[@]}" "$(wc -l <expect)"
	# Minor units in the canonical records, by id, as text.
	run awk -F'"' '{ m = $0; sub(/.*"amount_minor":/, "", m); sub(/,.*/, "", m); print $4 " " m }' canon.ndjson
	assert_success
	assert_equal "$output" "$(awk '{ print $1 " " $4 }' expect)"

	# Back out of rt-aggregate: minor units in ndjson and csv, the decimal text in table and md.
	rt-aggregate -g id canon.ndjson >agg.ndjson
	rt-aggregate -g id --format csv canon.ndjson >agg.csv
	rt-aggregate -g id --format table canon.ndjson >agg.table
	rt-aggregate -g id --format md canon.ndjson >agg.md
	assert_equal "$(head -n 1 agg.csv)" 'id,currency,count,gross_minor,refunds_minor,fees_minor,chargebacks_minor,adjustments_minor,net_minor,pending_minor'
	run awk "$DECIMAL_AWK"'
	assert_success
	    FILENAME == ARGV[1] { minor[$1] = $4; dec[$1] = decimal($4, $3); cur[$1] = $2; n++; next }
	    FILENAME == ARGV[2] { split($0, f, "\""); m = $0; sub(/.*"adjustments_minor":/, "", m); sub(/,.*/, "", m)
	        if (m != minor[f[4]] || f[8] != cur[f[4]]) print "ndjson " $0; seen2++; next }
	    FILENAME == ARGV[3] { if (FNR == 1) next; split($0, f, ",")
	        if (f[8] != minor[f[1]] || f[9] != minor[f[1]] || f[2] != cur[f[1]]) print "csv " $0; seen3++; next }
	    FILENAME == ARGV[4] { if (FNR == 1) next; c = $8
	        if (c !~ /^-?[0-9]?[0-9]?[0-9](,[0-9][0-9][0-9])*([.][0-9]+)?$/) print "grouping " $0
	        gsub(/,/, "", c); if (c != dec[$1]) print "table " $0 " want " dec[$1]; seen4++; next }
	    FILENAME == ARGV[5] { if (FNR <= 2) next; split($0, f, / \| /); c = f[8]; gsub(/,/, "", c)
	        if (c != dec[substr(f[1], 3)]) print "md " $0; seen5++; next }
	    END { if (seen2 != n || seen3 != n || seen4 != n || seen5 != n) print "rows: " n, seen2, seen3, seen4, seen5 }
	    ' expect agg.ndjson agg.csv agg.table agg.md
	assert_output ''
}

@test "amounts that do not convert exactly are refused with their place, never rounded" {
	echo '{source_id: .id, date: "2026-01-15", amount: .amount, currency: .currency, kind: "adjustment"}' >map.jq
	# Each bad amount, with a good one after it that must still come through.
	while IFS='|' read -r cur amount why; do
		echo "{\"id\":\"$((++n))\",\"currency\":\"$cur\",\"amount\":$amount}"
		echo "{\"id\":\"ok$n\",\"currency\":\"$cur\",\"amount\":\"1\"}"
		printf 'rt-normalize: raw.ndjson:%d: %s\n' $((2 * n - 1)) "$why" >>want.err
	done >raw.ndjson <<'BAD'
USD|"12.345"|amount "12.345" has more decimal places than the currency allows for USD
USD|"0.005"|amount "0.005" has more decimal places than the currency allows for USD
USD|1.005|amount "1.005" has more decimal places than the currency allows for USD
JPY|"0.5"|amount "0.5" has more decimal places than the currency allows for JPY
JPY|2.50|amount "2.50" has more decimal places than the currency allows for JPY
BHD|"0.0005"|amount "0.0005" has more decimal places than the currency allows for BHD
USD|"1e3"|amount "1e3" is not a decimal number
USD|1e3|amount "1e3" is not a decimal number
USD|1E-2|amount "1E-2" is not a decimal number
USD|"NaN"|amount "NaN" is not a decimal number
USD|"Infinity"|amount "Infinity" is not a decimal number
USD|""|amount "" is not a decimal number
USD|"-"|amount "-" is not a decimal number
USD|".5"|amount ".5" is not a decimal number
USD|"5."|amount "5." is not a decimal number
USD|"1,000.00"|amount "1,000.00" is not a decimal number
USD|" 1.00"|amount " 1.00" is not a decimal number
USD|"1.00 "|amount "1.00 " is not a decimal number
USD|"0x10"|amount "0x10" is not a decimal number
USD|"--1"|amount "--1" is not a decimal number
USD|"1.2.3"|amount "1.2.3" is not a decimal number
USD|"92233720368547758.08"|amount "92233720368547758.08" is too large (beyond 64-bit minor units)
USD|"-92233720368547758.09"|amount "-92233720368547758.09" is too large (beyond 64-bit minor units)
JPY|"9223372036854775808"|amount "9223372036854775808" is too large (beyond 64-bit minor units)
JPY|9223372036854775808|amount "9223372036854775808" is too large (beyond 64-bit minor units)
BHD|"9223372036854775.808"|amount "9223372036854775.808" is too large (beyond 64-bit minor units)
USD|"100000000000000000000000000000000000000000"|amount "100000000000000000000000000000000000000000" is too large (beyond 64-bit minor units)
USD|"1000000000000000000000000000000000000000000000000000000000000000000000000"|"amount" is too long to be an amount
USD|true|"amount" must be a number or a decimal string
USD|{}|"amount" must be a number or a decimal string
USD|null|missing "amount" (or "amount_minor")
BAD
	run --separate-stderr rt-normalize --source rt --map map.jq raw.ndjson
	assert_failure 1
	assert_equal "$stderr" "$(cat want.err)"
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" "$(seq 1 "$n" | sed 's/^/rt:ok/' | paste -sd ' ')"
	# JSON that is not a number at all is the line's fault, not the amount's.
	printf '{"id":"1","currency":"USD","amount":NaN}\n{"id":"2","currency":"USD","amount":-Infinity}\n' >nan.ndjson
	run --separate-stderr rt-normalize --source rt --map map.jq nan.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-normalize: nan.ndjson:1: column 37: unexpected character
rt-normalize: nan.ndjson:2: column 37: invalid number'
}

rec_minor() {
	printf '{"id":"o:%s","source":"s","date":"%s","amount_minor":%s,"currency":"USD","kind":"%s","status":"completed"}\n' "$@"
}

@test "a total that would overflow 64 bits is exit 1 with the place, and nothing is written" {
	rec_minor 1 2026-01-05 "$INT64_MAX" sale >up.ndjson
	rec_minor 2 2026-01-06 1 sale >>up.ndjson
	rec_minor 1 2026-01-05 "$INT64_MIN" refund >down.ndjson
	rec_minor 2 2026-01-06 -1 fee >>down.ndjson
	run --separate-stderr rt-aggregate -g month up.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-aggregate: up.ndjson:2: a USD total for 2026-01 would overflow 64 bits; nothing written'
	run --separate-stderr rt-aggregate --format table down.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-aggregate: down.ndjson:2: a USD total would overflow 64 bits; nothing written'
	run --separate-stderr rt-aggregate --summary up.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-aggregate: up.ndjson:2: a USD total would overflow 64 bits; nothing written'

	# Only the last of many records tips it over: 1002 of 9.2e15 fit, 1003 do not.
	awk 'BEGIN { for (i = 1; i <= 1003; i++)
		printf "{\"id\":\"o:%d\",\"source\":\"s%d\",\"date\":\"2026-%02d-01\",\"amount_minor\":9200000000000000,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\"}\n", i, i % 7, 1 + i % 11 }' >many.ndjson
	run --separate-stderr rt-aggregate many.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-aggregate: many.ndjson:1003: a USD total would overflow 64 bits; nothing written'
	run --separate-stderr rt-aggregate <(head -n 1002 many.ndjson)
	assert_success
	assert_output --partial '"count":1002,"gross_minor":9218400000000000000,'

	# The projection of a year-to-date total that fits can itself overflow.
	run --separate-stderr rt-aggregate --summary <(rec_minor 1 2026-01-05 "$INT64_MAX" sale)
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-aggregate: the USD projection would overflow 64 bits; nothing written'

	# rt-md-update leaves the tracker as it was, or does not create it.
	run --separate-stderr rt-md-update new.md up.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-md-update: up.ndjson:2: a USD total would overflow 64 bits; new.md not changed'
	[ ! -e new.md ]
	rt-md-update tracker.md "$FIX/records.ndjson"
	cp tracker.md before.md
	run --separate-stderr rt-md-update tracker.md many.ndjson
	assert_failure 1
	# Each source's total fits; their sum for the year does not, and has no one line to blame.
	assert_equal "$stderr" 'rt-md-update: the USD year-to-date total would overflow 64 bits; tracker.md not changed'
	cmp tracker.md before.md
}

@test "amount_minor past int64 is refused with its place; the records around it still count" {
	{
		rec_minor 1 2026-01-05 100 sale
		rec_minor 2 2026-01-05 9223372036854775808 sale
		rec_minor 3 2026-01-05 -9223372036854775809 refund
		rec_minor 4 2026-01-05 99999999999999999999999999 sale
		rec_minor 5 2026-01-05 "$INT64_MAX" adjustment
		rec_minor 6 2026-01-05 200 sale
	} >big.ndjson
	run --separate-stderr rt-aggregate -g id --format csv big.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-aggregate: big.ndjson:2: "amount_minor" 9223372036854775808 is beyond 64 bits
rt-aggregate: big.ndjson:3: "amount_minor" -9223372036854775809 is beyond 64 bits
rt-aggregate: big.ndjson:4: "amount_minor" 99999999999999999999999999 is beyond 64 bits'
	assert_output 'id,currency,count,gross_minor,refunds_minor,fees_minor,chargebacks_minor,adjustments_minor,net_minor,pending_minor
o:1,USD,1,100,0,0,0,0,100,0
o:5,USD,1,0,0,0,0,9223372036854775807,9223372036854775807,0
o:6,USD,1,200,0,0,0,0,200,0'
	# The same through rt-normalize: amount_minor given as a JSON number or a string.
	echo '{source_id: .id, date: "2026-01-05", amount_minor: .m, currency: "USD", kind: "adjustment"}' >map.jq
	printf '{"id":"1","m":9223372036854775808}\n{"id":"2","m":"-9223372036854775809"}\n{"id":"3","m":%s}\n{"id":"4","m":"%s"}\n' \
	    "$INT64_MAX" "$INT64_MIN" >raw.ndjson
	run --separate-stderr rt-normalize --source rt --map map.jq raw.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: raw.ndjson:1: amount_minor "9223372036854775808" is too large (beyond 64-bit minor units)
rt-normalize: raw.ndjson:2: amount_minor "-9223372036854775809" is too large (beyond 64-bit minor units)'
	assert_line --index 0 --partial "\"amount_minor\":$INT64_MAX,"
	assert_line --index 1 --partial "\"amount_minor\":$INT64_MIN,"
}
