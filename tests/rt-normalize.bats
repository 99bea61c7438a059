#!/usr/bin/env bats
# rt-normalize: raw source objects through a jq map into canonical records.

load helper

@test "msn: one spanning record per month, exact cents, null months skipped" {
	echo '{"2026-01": 32250.00, "2026-02": 28100.50, "2024-02": 10, "2026-03": null}' >msn.json
	run --separate-stderr rt-normalize --source msn msn.json
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<'OUT'
{"id":"msn:2026-01","source":"msn","date":"2026-01-01","end_date":"2026-01-31","amount_minor":3225000,"currency":"USD","kind":"sale","status":"completed","description":"MSN statement 2026-01"}
{"id":"msn:2026-02","source":"msn","date":"2026-02-01","end_date":"2026-02-28","amount_minor":2810050,"currency":"USD","kind":"sale","status":"completed","description":"MSN statement 2026-02"}
{"id":"msn:2024-02","source":"msn","date":"2024-02-01","end_date":"2024-02-29","amount_minor":1000,"currency":"USD","kind":"sale","status":"completed","description":"MSN statement 2024-02"}
OUT
}

@test "--whole reads a hand-written, multi-line JSON file" {
	printf '{\n  "2026-01": 0.10,\n  "2026-02": -5.00\n}\n' >msn.json
	run rt-normalize --whole --source msn msn.json
	assert_success
	assert_line --index 0 '{"id":"msn:2026-01","source":"msn","date":"2026-01-01","end_date":"2026-01-31","amount_minor":10,"currency":"USD","kind":"sale","status":"completed","description":"MSN statement 2026-01"}'
	assert_line --index 1 --partial '"amount_minor":-500,"currency":"USD","kind":"adjustment"'
	run --separate-stderr rt-normalize --source msn msn.json
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: msn.json:1: column 2: unexpected end of input (truncated, or a multi-line file that needs --whole)
rt-normalize: msn.json:2: column 12: unexpected data after the JSON value
rt-normalize: msn.json:3: column 12: unexpected data after the JSON value
rt-normalize: msn.json:4: column 1: unexpected character'
}

@test "msn: a key that is not a month rejects the file with the map's reason" {
	echo '{"2026-01": 1, "January": 2}' >msn.json
	run --separate-stderr rt-normalize --source msn msn.json
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-normalize: msn.json:1: map: key "January" is not a YYYY-MM month'
}

@test "adsbymoney-manual: month totals span the month, days are days" {
	echo '{"2026-01": 1520.10, "2026-11-03": 75}' >abm.json
	run rt-normalize --source adsbymoney-manual abm.json
	assert_success
	assert_output - <<'OUT'
{"id":"adsbymoney:2026-01","source":"adsbymoney","date":"2026-01-01","end_date":"2026-01-31","amount_minor":152010,"currency":"USD","kind":"sale","status":"completed","description":"AdsByMoney earnings 2026-01"}
{"id":"adsbymoney:2026-11-03","source":"adsbymoney","date":"2026-11-03","amount_minor":7500,"currency":"USD","kind":"sale","status":"completed","description":"AdsByMoney earnings 2026-11-03"}
OUT
}

@test "manual CSV: columns by header, quoted commas, ids from content, repeats numbered" {
	cat >c.csv <<'CSV'
date,amount,currency,kind,client,description,entity
2026-03-01,1250.00,USD,,Acme,"PO 17, phase 1",studio
2026-03-01,1250.00,USD,,Acme,"PO 17, phase 1",studio
2026-03-04,-5,usd,refund,Acme,"said ""no""",
2026-03-05,1500,JPY,,Sato,,
2026-03-06,1.250,BHD,,Gulf,,
CSV
	run --separate-stderr rt-normalize --csv --source manual c.csv
	assert_success
	assert_output - <<'OUT'
{"id":"manual:bfe43f5e4ddb1cb8","source":"manual","date":"2026-03-01","amount_minor":125000,"currency":"USD","kind":"sale","status":"completed","client":"Acme","description":"PO 17, phase 1","entity":"studio"}
{"id":"manual:bfe43f5e4ddb1cb8-2","source":"manual","date":"2026-03-01","amount_minor":125000,"currency":"USD","kind":"sale","status":"completed","client":"Acme","description":"PO 17, phase 1","entity":"studio"}
{"id":"manual:c0b0842a1b9fbb74","source":"manual","date":"2026-03-04","amount_minor":-500,"currency":"USD","kind":"refund","status":"completed","client":"Acme","description":"said \"no\""}
{"id":"manual:b47b788093468745","source":"manual","date":"2026-03-05","amount_minor":1500,"currency":"JPY","kind":"sale","status":"completed","client":"Sato"}
{"id":"manual:a0313a0b9ae98279","source":"manual","date":"2026-03-06","amount_minor":1250,"currency":"BHD","kind":"sale","status":"completed","client":"Gulf"}
OUT
}

@test "manual CSV: an id column names the record" {
	printf 'id,date,amount,currency\nPO-9,2026-03-01,10,EUR\n' >c.csv
	run rt-normalize --csv --source manual c.csv
	assert_success
	assert_output '{"id":"manual:PO-9","source":"manual","date":"2026-03-01","amount_minor":1000,"currency":"EUR","kind":"sale","status":"completed"}'
}

@test "--map with ts: the date is cut in the reporting zone, ts kept in UTC" {
	cat >m.jq <<'JQ'
{source: "stripe", source_id: .id, ts: .created, amount_minor: .amount, currency: .currency}
JQ
	echo '{"id":"ch_1","created":1767236400,"amount":2500,"currency":"usd"}' >in.ndjson
	echo '{"id":"ch_2","created":"2026-01-01T05:59:59-00:00","amount":1,"currency":"usd"}' >>in.ndjson
	run rt-normalize --map m.jq in.ndjson
	assert_success
	assert_output - <<'OUT'
{"id":"stripe:ch_1","source":"stripe","date":"2025-12-31","amount_minor":2500,"currency":"USD","kind":"sale","status":"completed","ts":"2026-01-01T03:00:00Z"}
{"id":"stripe:ch_2","source":"stripe","date":"2025-12-31","amount_minor":1,"currency":"USD","kind":"sale","status":"completed","ts":"2026-01-01T05:59:59Z"}
OUT
	run rt-normalize --tz UTC --map m.jq in.ndjson
	assert_success
	assert_line --index 0 --partial '"date":"2026-01-01"'
}

@test "--keep-raw keeps the source object under raw" {
	echo '{"2026-01": 1.5}' >msn.json
	run rt-normalize --keep-raw --source msn msn.json
	assert_success
	assert_output '{"id":"msn:2026-01","source":"msn","date":"2026-01-01","end_date":"2026-01-31","amount_minor":150,"currency":"USD","kind":"sale","status":"completed","description":"MSN statement 2026-01","raw":{"2026-01": 1.5}}'
}

@test "a map may emit no record, or several, for one input" {
	cat >m.jq <<'JQ'
.items[] | {source_id: .n, date: "2026-01-02", amount: .a, currency: "USD"}
JQ
	printf '{"items":[]}\n{"items":[{"n":"1","a":"1.00"},{"n":"2","a":"2.00"}]}\n' >in.ndjson
	run rt-normalize --source x --map m.jq in.ndjson
	assert_success
	assert_equal "${#lines[@]}" 2
}

@test "bad amounts, dates, currencies and types are reported with their place (exit 1)" {
	cat >m.jq <<'JQ'
{source_id: .id, date: .date, amount: .amount, currency: (.currency // "USD"), client: .client}
JQ
	cat >in.ndjson <<'IN'
{"id":"ok","date":"2026-01-02","amount":"1.00"}
{"id":"a","date":"2026-01-02","amount":"12.345"}
{"id":"b","date":"2026-01-02","amount":1e3}
{"id":"c","date":"2026-01-02","amount":"NaN"}
{"id":"d","date":"2026-01-02","amount":"92233720368547758.08"}
{"id":"e","date":"2026-02-30","amount":"1"}
{"id":"f","date":"2026-01-02","amount":"1","currency":"ZZZ"}
{"id":"g","date":"2026-01-02","amount":{"v":1}}
{"id":"h","date":"2026-01-02","amount":"1","client":42}
{"id":"i","date":"2026-01-02","amount":true}
{"id":"j","date":"2026-01-02","amount":NaN}
[1,2,3]
{"id":"k","date":"2026-01-02","amount":"1"
IN
	printf '{"id":"l","date":"2026-01-02","amount":"1","client":"\xff"}\n' >>in.ndjson
	echo '{"id":"m","date":"2026-01-02","amount":"9.99"}' >>in.ndjson
	run --separate-stderr rt-normalize --source t --map m.jq in.ndjson
	assert_failure 1
	assert_output - <<'OUT'
{"id":"t:ok","source":"t","date":"2026-01-02","amount_minor":100,"currency":"USD","kind":"sale","status":"completed"}
{"id":"t:m","source":"t","date":"2026-01-02","amount_minor":999,"currency":"USD","kind":"sale","status":"completed"}
OUT
	assert_equal "$stderr" "$(cat <<'ERR'
rt-normalize: in.ndjson:2: amount "12.345" has more decimal places than the currency allows for USD
rt-normalize: in.ndjson:3: amount "1e3" is not a decimal number
rt-normalize: in.ndjson:4: amount "NaN" is not a decimal number
rt-normalize: in.ndjson:5: amount "92233720368547758.08" is too large (beyond 64-bit minor units)
rt-normalize: in.ndjson:6: "date" "2026-02-30" is not a real YYYY-MM-DD date
rt-normalize: in.ndjson:7: "currency" "ZZZ" is not an ISO 4217 code
rt-normalize: in.ndjson:8: "amount" must be a number or a decimal string
rt-normalize: in.ndjson:9: "client" must be a string
rt-normalize: in.ndjson:10: "amount" must be a number or a decimal string
rt-normalize: in.ndjson:11: column 40: unexpected character
rt-normalize: in.ndjson:12: not a JSON object (array)
rt-normalize: in.ndjson:13: column 43: unexpected end of input (truncated, or a multi-line file that needs --whole)
rt-normalize: in.ndjson:14: column 54: invalid UTF-8 in string
ERR
)"
}

@test "a map's own mistakes: unknown keys, missing fields, a bad id" {
	printf '{"source_id":"1","date":"2026-01-02","amount":"1","currency":"USD","colour":"red"}\n' >a.jq
	echo '{"x":1}' >in.ndjson
	run --separate-stderr rt-normalize --source t --map a.jq in.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: the map produced an unknown key "colour"'
	echo '{date: "2026-01-02", currency: "USD", source_id: "1"}' >b.jq
	run --separate-stderr rt-normalize --source t --map b.jq in.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: missing "amount" (or "amount_minor")'
	echo '{id: "other:1", date: "2026-01-02", currency: "USD", amount: "1"}' >c.jq
	run --separate-stderr rt-normalize --source t --map c.jq in.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: "id" must begin with "<source>:" (or give "source_id")'
	echo '"just text"' >d.jq
	run --separate-stderr rt-normalize --source t --map d.jq in.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: the map produced string, not an object'
	echo '{source_id: "1", date: "2026-01-02", currency: "USD", amount: "5", kind: "refund"}' >e.jq
	run --separate-stderr rt-normalize --source t --map e.jq in.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: "amount_minor" has the wrong sign for its kind (refund)'
}

@test "--strict stops at the first bad record, exit 1, nothing more written" {
	printf '{"2026-01": 1}\n{"2026-02": "x"}\n{"2026-03": 3}\n' >msn.ndjson
	run --separate-stderr rt-normalize --strict --source msn msn.ndjson
	assert_failure 1
	assert_output --partial '"id":"msn:2026-01"'
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" 'rt-normalize: msn.ndjson:2: amount "x" is not a decimal number'
}

@test "CSV: a broken quote and a short row are reported at their line" {
	printf 'date,amount,currency\n2026-01-02,1,USD\n2026-01-03,2\n2026-01-04,"3,USD\n' >c.csv
	run --separate-stderr rt-normalize --csv --source manual c.csv
	assert_failure 1
	assert_output --partial '"date":"2026-01-02"'
	assert_equal "$stderr" 'rt-normalize: c.csv:3: 2 fields, but the header has 3
rt-normalize: c.csv:4: unterminated quoted field: the rest of the file is inside it'
	printf 'date,amount,currency\n2026-01-02,1"x",USD\n2026-01-03,3,USD\n' >d.csv
	run --separate-stderr rt-normalize --csv --source manual d.csv
	assert_failure 1
	assert_output --partial '"date":"2026-01-03"'
	assert_equal "$stderr" 'rt-normalize: d.csv:2: malformed quoting (error parsing data while strict checking enabled)'
}

@test "CRLF lines and a byte-order mark are read as plain lines" {
	printf '\xef\xbb\xbfdate,amount,currency\r\n2026-01-02,1.00,USD\r\n' >c.csv
	run rt-normalize --csv --source manual c.csv
	assert_success
	assert_output --partial '"date":"2026-01-02","amount_minor":100,"currency":"USD"'
	printf '\xef\xbb\xbf{"2026-01": 2}\r\n' >m.ndjson
	run rt-normalize --source msn m.ndjson
	assert_success
	assert_output --partial '"amount_minor":200'
}

@test "an empty file gives nothing and exit 0; a 10 MB line is read whole" {
	: >empty.ndjson
	run rt-normalize --source msn empty.ndjson
	assert_success
	assert_output ''
	head -c 10485760 /dev/zero | tr '\0' 'x' >big
	printf '{"source_id":"big","date":"2026-01-02","amount":"1","currency":"USD","note":"%s"}\n' "$(cat big)" >big.ndjson
	echo '{source_id, date, amount, currency, description: (.note | length | tostring)}' >m.jq
	run rt-normalize --source t --map m.jq big.ndjson
	assert_success
	assert_output '{"id":"t:big","source":"t","date":"2026-01-02","amount_minor":100,"currency":"USD","kind":"sale","status":"completed","description":"10485760"}'
}

@test "usage and configuration errors exit 2 before anything is written" {
	run --separate-stderr rt-normalize msn.json
	assert_failure 2
	assert_equal "$stderr" "rt-normalize: say which source the input is from: --source name (its map and the ids' prefix), or --map file.jq
usage: rt-normalize [-qv] [--csv | --whole] [--delimiter char] [--keep-raw] [--strict]
	[--jobs n] [--tz zone] (--source name | --map file.jq) [file ...]"
	run --separate-stderr rt-normalize --csv --whole --source msn msn.json
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-normalize: --csv and --whole are two input formats: give one'
	run --separate-stderr rt-normalize --source nosuch </dev/null
	assert_failure 2
	assert_equal "$stderr" "rt-normalize: no map for source \"nosuch\" ($RT_SHARE_DIR/map/nosuch.jq)"
	run --separate-stderr rt-normalize --source 'Bad Name' </dev/null
	assert_failure 2
	run --separate-stderr rt-normalize --source msn --tz Nowhere/City </dev/null
	assert_failure 2
	assert_equal "$stderr" 'rt-normalize: unknown time zone "Nowhere/City"'
	echo '{"2026-01": 1}' >ok.json
	run --separate-stderr rt-normalize --source msn ok.json missing.json
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'rt-normalize: missing.json: No such file or directory'
	echo '{ broken' >bad.jq
	run --separate-stderr rt-normalize --source t --map bad.jq ok.json
	assert_failure 2
	assert_output ''
	assert_equal "${stderr%%:*}" 'rt-normalize'
}

@test "a full disk is exit 4" {
	echo '{"2026-01": 1}' >ok.json
	run --separate-stderr bash -c 'rt-normalize --source msn ok.json >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-normalize: stdout: No space left on device'
}

@test "--help and --version" {
	run rt-normalize --help
	assert_success
	assert_line --index 0 --partial 'usage: rt-normalize'
	run rt-normalize --version
	assert_success
	assert_output 'rt-normalize 0.1.0'
}

# --jobs: several processes, the output of one.

# same_as_one ARGS...: rt-normalize ARGS with one process and with --jobs 3 give
# the same stdout, stderr and status.
same_as_one() {
	local s1=0 s3=0
	rt-normalize "$@" >one.out 2>one.err || s1=$?
	rt-normalize --jobs 3 "$@" >three.out 2>three.err || s3=$?
	assert_equal "$*: status $s3" "$*: status $s1"
	cmp one.out three.out || fail "$*: --jobs 3 wrote other records"
	cmp one.err three.err || fail "$*: --jobs 3 said other things: $(cat three.err)"
}

@test "--jobs writes what one process writes: every bad file, its records, messages and status" {
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >map.jq
	for f in "$TOP"/tests/bad/*.raw; do
		same_as_one --source bad --map map.jq "$f"
		same_as_one --strict --source bad --map map.jq "$f"
	done
}

@test "--jobs over many chunks, two files and stdin: records in order, lines numbered in each file" {
	awk 'BEGIN { for (i = 1; i <= 30000; i++) printf "{\"id\":\"%d\",\"date\":\"2026-01-%02d\",\"amount\":\"%d.%02d\",\"currency\":\"USD\"}\n", i, 1 + i % 28, i, i % 100 }' >many.ndjson
	sed -n '1,20000p' many.ndjson >a.ndjson
	{ sed -n '20001,30000p' many.ndjson; echo '{"id":"bad","date":"2026-02-30","amount":"1","currency":"USD"}'; echo; echo '[1]'; } >b.ndjson
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >map.jq
	same_as_one --source t --map map.jq a.ndjson b.ndjson
	assert_equal "$(wc -l <three.out)" 30000
	assert_equal "$(cat three.err)" 'rt-normalize: b.ndjson:10001: "date" "2026-02-30" is not a real YYYY-MM-DD date
rt-normalize: b.ndjson:10003: not a JSON object (array)'
	run bash -c 'cat a.ndjson b.ndjson | rt-normalize --jobs 2 --source t --map map.jq 2>/dev/null | cmp - three.out'
	assert_success
	same_as_one --strict --source t --map map.jq a.ndjson b.ndjson
	assert_equal "$(wc -l <three.out)" 30000
}

@test "--jobs numbers content-derived ids as one process does" {
	{
		for i in $(seq 1 3000); do echo '{"date":"2026-01-05","amount":"10.00","currency":"USD"}'; done
		for i in $(seq 1 3000); do echo '{"date":"2026-01-06","amount":"10.00","currency":"USD"}'; done
	} >same.ndjson
	echo '{date: .date, amount: .amount, currency: .currency}' >map.jq
	same_as_one --source hand --map map.jq same.ndjson same.ndjson
	run bash -c 'jq -r .id three.out | sort -u | wc -l'
	assert_output 12000
	run jq -r .id three.out
	assert_line --index 0 --regexp '^hand:[0-9a-f]{16}$'
	assert_line --index 1 --regexp '^hand:[0-9a-f]{16}-2$'
	assert_line --index 6000 --regexp '^hand:[0-9a-f]{16}-3001$'
}

@test "--jobs: not with --csv or --whole, 0 to 64 only; 0 is one per processor" {
	echo '{"2026-01": 1}' >ok.json
	run --separate-stderr rt-normalize --jobs 2 --whole --source msn ok.json
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-normalize: --jobs works on NDJSON lines; --csv and --whole input is read by one process'
	run --separate-stderr rt-normalize --jobs 65 --source msn ok.json
	assert_failure 2
	assert_equal "$stderr" 'rt-normalize: --jobs "65" is not a number of processes (0 to 64)'
	run --separate-stderr rt-normalize --jobs x --source msn ok.json
	assert_failure 2
	echo '{"id":"1","date":"2026-01-01","amount":"1","currency":"USD"}' >one.ndjson
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >map.jq
	run --separate-stderr rt-normalize --jobs 0 --source t --map map.jq one.ndjson
	assert_success
	assert_output '{"id":"t:1","source":"t","date":"2026-01-01","amount_minor":100,"currency":"USD","kind":"sale","status":"completed"}'
}

@test "--jobs: | head -1 ends quietly; a full disk is exit 4; a worker killed is exit 4" {
	awk 'BEGIN { for (i = 1; i <= 50000; i++) printf "{\"id\":\"%d\",\"date\":\"2026-01-05\",\"amount\":\"1.00\",\"currency\":\"USD\"}\n", i }' >many.ndjson
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >map.jq
	run --separate-stderr env --default-signal=PIPE bash -c 'rt-normalize --jobs 2 --source t --map map.jq many.ndjson | head -n 1'
	assert_output '{"id":"t:1","source":"t","date":"2026-01-05","amount_minor":100,"currency":"USD","kind":"sale","status":"completed"}'
	assert_equal "$stderr" ''
	run --separate-stderr bash -c 'rt-normalize --jobs 2 --source t --map map.jq many.ndjson >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-normalize: stdout: No space left on device'
	mkfifo in.fifo
	rt-normalize --jobs 2 --source t --map map.jq <in.fifo >out.ndjson 2>err.txt &
	pid=$!
	exec 5>in.fifo
	head -n 100 many.ndjson >&5
	for i in $(seq 1 50); do [ "$(pgrep -c -P "$pid")" = 2 ] && break; sleep 0.1; done
	kill -9 "$(pgrep -P "$pid" | head -n 1)"
	cat many.ndjson >&5 || true
	exec 5>&-
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 4
	run cat err.txt
	assert_output --regexp '^rt-normalize: (a worker process ended before its work was done|a worker process went away: .*)$'
}

@test "a map that fails after one of its records was refused writes none of that object's, and nothing twice" {
	printf '%s\n' '{"id":"1","n":1}' '{"id":"2","n":2}' >in.ndjson
	# Object 2: a bad record, then a good one, then the map fails.
	cat >map.jq <<'MAP'
if .n == 1 then {source_id: .id, date: "2026-01-01", amount: "1.00", currency: "USD"}
else {source_id: "bad", date: "2026-02-30", amount: "1", currency: "USD"},
     {source_id: "kept?", date: "2026-01-02", amount: "2.00", currency: "USD"},
     error("boom") end
MAP
	for jobs in 1 2; do
		run --separate-stderr rt-normalize --jobs "$jobs" --source t --map map.jq in.ndjson
		assert_failure 1
		assert_output '{"id":"t:1","source":"t","date":"2026-01-01","amount_minor":100,"currency":"USD","kind":"sale","status":"completed"}'
		assert_equal "$stderr" 'rt-normalize: in.ndjson:2: "date" "2026-02-30" is not a real YYYY-MM-DD date
rt-normalize: in.ndjson:2: map: boom'
	done
}

@test "CSV exports as people have them: ';', a column twice, a header in another case, Latin-1" {
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >my.jq
	printf 'id;date;amount;currency\n1;2026-01-05;1,50;USD\n' >semi.csv
	run --separate-stderr rt-normalize --csv --map my.jq semi.csv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "rt-normalize: semi.csv:1: the header is one column holding ';': if ';' separates the fields, give --delimiter ';'
rt-normalize: semi.csv:2: 2 fields, but the header has 1; the delimiter may be ';': give --delimiter ';'"
	run --separate-stderr rt-normalize --csv --delimiter ';' --map my.jq semi.csv
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: semi.csv:2: amount "1,50" is not a decimal number'
	printf 'id;date;amount;currency\n1;2026-01-05;1.50;USD\n' >semi.csv
	run --separate-stderr rt-normalize --csv --delimiter ';' --map my.jq semi.csv
	assert_success
	assert_output '{"id":"my:1","source":"my","date":"2026-01-05","amount_minor":150,"currency":"USD","kind":"sale","status":"completed"}'
	printf 'id,date,amount,amount,currency\n1,2026-01-05,1.00,2.00,USD\n' >dup.csv
	run --separate-stderr rt-normalize --csv --map my.jq dup.csv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-normalize: dup.csv:1: the header names column "amount" twice (fields 3 and 4); rename one, so that no column hides the other'
	printf 'id,Date,amount,currency\n1,2026-01-05,1.00,USD\n' >case.csv
	run --separate-stderr rt-normalize --csv --map my.jq case.csv
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: case.csv:1: column "Date" differs only in case from .date, which the map reads: jq keys are case-sensitive; rename the column or the key
rt-normalize: case.csv:2: missing "date"'
	printf 'id,date,amount,currency,client\n1,2026-01-05,1.00,USD,Caf\xe9\n' >latin1.csv
	run --separate-stderr rt-normalize --csv --map my.jq latin1.csv
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: latin1.csv:2: column "client" is not UTF-8; if the file is Latin-1, convert it first: iconv -f latin1 -t utf-8'
	run --separate-stderr rt-normalize --delimiter ';' --map my.jq semi.csv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-normalize: --delimiter goes with --csv'
	run --separate-stderr rt-normalize --csv --delimiter ';;' --map my.jq semi.csv
	assert_failure 2
	assert_equal "$stderr" 'rt-normalize: --delimiter ";;" is not one character (tab: --delimiter tab)'
}

@test "--map alone takes the source from the map's name; a float amount is told to pass decimal text; -v adds up" {
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >my.jq
	printf '{"id":"1","date":"2026-01-05","amount":"1.00","currency":"USD"}\n' >in.ndjson
	run --separate-stderr rt-normalize --map my.jq in.ndjson
	assert_success
	assert_output '{"id":"my:1","source":"my","date":"2026-01-05","amount_minor":100,"currency":"USD","kind":"sale","status":"completed"}'
	cp my.jq My.Map.jq
	run --separate-stderr rt-normalize --map My.Map.jq in.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: no "source": give --source or set it in the map'
	echo '{source_id: .id, date: .date, amount: (.amount | tonumber / 3), currency: .currency}' >third.jq
	run --separate-stderr rt-normalize --source t --map third.jq in.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: in.ndjson:1: "amount" 0.33333333333333331 is a binary floating-point number: have the map pass the amount as decimal text ("12.34", or tostring on the input'"'"'s text)'
	echo 'if .id == "3" then empty elif .id == "4" then error("no") else {source_id: .id, date: .date, amount: .amount, currency: .currency} end' >some.jq
	{
		cat in.ndjson
		printf '{"id":"2","date":"2026-01-05","amount":"2.00","currency":"USD"}\n{"id":"3"}\n{"id":"4"}\nnot json\n[1]\n'
	} >mixed.ndjson
	run --separate-stderr rt-normalize -v --source t --map some.jq mixed.ndjson
	assert_failure 1
	assert_equal "${#lines[@]}" 2
	assert_equal "${stderr_lines[3]}" 'rt-normalize: 6 rows read: 2 gave 2 records, 1 gave none, 3 rejected'
}

@test "rt.jq reads amounts and dates as exports write them, exactly" {
	cat >bank.jq <<'JQ'
include "rt";
(if .Kind == "debit" then .Amount | rt_amount | rt_negate else .Amount | rt_amount end) as $a
| {source_id: .Ref, date: (.Date | rt_date_order("MDY")), currency: "USD", amount: $a,
   kind: (if $a | rt_negative then "adjustment" else "sale" end)}
JQ
	printf 'Ref,Date,Amount,Kind\n1,03/15/2026,"$1,234.56",credit\n2,3/2/2026,(45.00),credit\n3,12/31/2026,$7.10,debit\n4,02/30/2026,$1.00,credit\n5,03/01/2026,lots,credit\n' >bank.csv
	run --separate-stderr rt-normalize --csv --map bank.jq bank.csv
	assert_failure 1
	assert_output - <<'OUT'
{"id":"bank:1","source":"bank","date":"2026-03-15","amount_minor":123456,"currency":"USD","kind":"sale","status":"completed"}
{"id":"bank:2","source":"bank","date":"2026-03-02","amount_minor":-4500,"currency":"USD","kind":"adjustment","status":"completed"}
{"id":"bank:3","source":"bank","date":"2026-12-31","amount_minor":-710,"currency":"USD","kind":"adjustment","status":"completed"}
OUT
	assert_equal "$stderr" 'rt-normalize: bank.csv:5: "date" "2026-02-30" is not a real YYYY-MM-DD date
rt-normalize: bank.csv:6: map: "lots" is not an amount'
}
