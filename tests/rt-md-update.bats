#!/usr/bin/env bats
# rt-md-update: the regions rt owns in a markdown tracker, every other byte kept.

load helper

@test "a new tracker is written whole from the template" {
	run --separate-stderr rt-md-update --goal 25000000 t.md "$FIX/records.ndjson"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run cat t.md
	assert_success
	assert_golden "$FIX/tracker-new.md"
}

@test "records come on stdin by default; a second run changes nothing" {
	rt-md-update --goal 25000000 t.md <"$FIX/records.ndjson"
	cp t.md first.md
	run rt-md-update --goal 25000000 t.md <"$FIX/records.ndjson"
	assert_success
	cmp t.md first.md
	RT_NOW=2026-11-22T09:30:00Z rt-md-update --no-touch --goal 25000000 t.md <"$FIX/records.ndjson"
	cmp t.md first.md
	RT_NOW=2026-11-22T09:30:00Z rt-md-update --goal 25000000 t.md <"$FIX/records.ndjson"
	run diff first.md t.md
	assert_failure 1
	assert_output - <<'OUT'
3c3
< Last updated: <!-- rt:updated -->2026-11-21 06:00 CST<!-- /rt:updated -->
---
> Last updated: <!-- rt:updated -->2026-11-22 03:30 CST<!-- /rt:updated -->
OUT
}

@test "a hand-kept tracker is adopted: markers inserted, every other byte kept" {
	cp "$FIX/tracker-hand.md" h.md
	run rt-md-update h.md "$FIX/records.ndjson"
	assert_success
	run cat h.md
	assert_success
	assert_golden "$FIX/tracker-hand.expected.md"
	cp h.md once.md
	rt-md-update h.md "$FIX/records.ndjson"
	cmp h.md once.md
}

@test "the log gains only new IDs; rows a person added stay; rt's rows follow their records" {
	rt-md-update t.md <"$FIX/records.ndjson"
	sed -i 's/^| 2026-11-02 | manual:adj .*$/| 2026-11-02 | manual:adj | Manual | me | corrected by hand | -$7.00 |/' t.md
	printf '| 2026-11-05 | cash:1 | Cash | Bob | tip | $5.00 |\n' >row
	sed -i '/^| 2026-11-20 | gumroad:s1 /r row' t.md
	rec '{id:"close:new",source:"close",date:"2026-11-10",amount_minor:12345,currency:"USD",kind:"sale",status:"completed",client:"Pipe | Co"}' >new.ndjson
	cat "$FIX/records.ndjson" new.ndjson | rt-md-update t.md
	run sed -n '/<!-- rt:log -->/,/<!-- \/rt:log -->/p' t.md
	assert_success
	assert_output - <<'OUT'
<!-- rt:log -->
| Date | ID | Source | Client | Description | Amount |
|---|---|---|---|---|---:|
| 2026-01-01 | msn:2026-01 | MSN |  | MSN statement 2026-01 | $32,250.00 |
| 2026-01-14 | close:oppo_1 | Close | Wayne Enterprises | Website rebuild | $500.00 |
| 2026-02-01 | stripe:ch_1 | Stripe | fan@example.com |  | $100.00 |
| 2026-02-01 | stripe:fee_1 | Stripe |  |  | -$3.20 |
| 2026-02-02 | close:oppo_2 | Close | Acme Corp |  | $1,250.00 |
| 2026-02-10 | stripe:re_1 | Stripe |  |  | -$25.00 |
| 2026-02-20 | stripe:dp_1 | Stripe |  |  | -$100.00 |
| 2026-11-01 | msn:2026-11 | MSN |  | MSN statement 2026-11 | $30,000.00 |
| 2026-11-02 | manual:adj | Manual |  | bank correction | -$7.00 |
| 2026-11-20 | gumroad:s1 | Gumroad | buyer@example.jp |  | ¥1,500,000 |
| 2026-11-05 | cash:1 | Cash | Bob | tip | $5.00 |
| 2026-11-10 | close:new | Close | Pipe \| Co |  | $123.45 |
<!-- /rt:log -->
OUT
}

@test "records after the as-of date, pending and reversed ones stay out of the log" {
	rt-md-update t.md <"$FIX/records.ndjson"
	run grep -c 'close:oppo_3\|impact:' t.md
	assert_failure 1
	assert_output '0'
	RT_TODAY=2026-12-02 rt-md-update t.md <"$FIX/records.ndjson"
	run grep -c 'close:oppo_3' t.md
	assert_success
	assert_output '1'
}

@test "--dry-run prints a unified diff and writes nothing" {
	cp "$FIX/tracker-hand.md" h.md
	run --separate-stderr rt-md-update --dry-run h.md "$FIX/records.ndjson"
	assert_success
	assert_line --index 0 '--- h.md'
	assert_line --index 1 '+++ h.md (updated)'
	assert_line '-**YTD Total: $1.00** (old, typed in)'
	assert_line '+<!-- rt:ytd -->'
	cmp h.md "$FIX/tracker-hand.md"
	run --separate-stderr rt-md-update --dry-run new.md "$FIX/records.ndjson"
	assert_success
	assert_line --index 0 '--- new.md'
	[ ! -e new.md ]
}

@test "--check exits 1 when a change is due and 0 when the tracker is current" {
	cp "$FIX/tracker-hand.md" h.md
	run --separate-stderr rt-md-update --check h.md "$FIX/records.ndjson"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-md-update: h.md: 1 row of the Transaction Log (line 22) is in no record: kept, but not counted in any total; enter it with rt-add(1) to count it'
	cmp h.md "$FIX/tracker-hand.md"
	rt-md-update h.md "$FIX/records.ndjson"
	RT_NOW=2027-01-01T00:00:00Z run rt-md-update --check h.md "$FIX/records.ndjson"
	assert_success
}

@test "the file's mode is kept and no temporary file is left" {
	rt-md-update t.md <"$FIX/records.ndjson"
	chmod 640 t.md
	RT_NOW=2026-11-22T00:00:00Z rt-md-update t.md <"$FIX/records.ndjson"
	run stat -c %a t.md
	assert_success
	assert_output '640'
	run compgen -G '.t.md*'
	assert_failure
}

@test "a symbolic link is followed: the file it names is replaced" {
	mkdir real
	ln -s real/t.md link.md
	rt-md-update link.md <"$FIX/records.ndjson"
	[ -L link.md ]
	grep -q 'YTD total' real/t.md
}

@test "a tracker that is a directory, read-only, or in a read-only place is exit 4, unchanged" {
	mkdir dir.md
	run --separate-stderr rt-md-update dir.md "$FIX/records.ndjson"
	assert_failure 4
	assert_equal "$stderr" 'rt-md-update: dir.md: Is a directory'
	cp "$FIX/tracker-hand.md" ro.md
	chmod 444 ro.md
	run --separate-stderr rt-md-update ro.md "$FIX/records.ndjson"
	assert_failure 4
	assert_equal "$stderr" 'rt-md-update: ro.md: Permission denied'
	cmp ro.md "$FIX/tracker-hand.md"
	run --separate-stderr rt-md-update no/such/dir/t.md "$FIX/records.ndjson"
	assert_failure 4
	assert_equal "$stderr" 'rt-md-update: no/such/dir/t.md: No such file or directory'
}

@test "broken markers are exit 1 and the tracker is left alone" {
	printf '# T\n<!-- rt:log -->\n| a |\n' >b.md
	cp b.md b.orig
	run --separate-stderr rt-md-update b.md "$FIX/records.ndjson"
	assert_failure 1
	assert_equal "$stderr" 'rt-md-update: b.md:2: <!-- rt:log --> without its <!-- /rt:log -->; not changed'
	cmp b.md b.orig
	printf '<!-- rt:ytd -->\n<!-- /rt:ytd -->\n<!-- rt:ytd -->\n<!-- /rt:ytd -->\n' >c.md
	run --separate-stderr rt-md-update c.md "$FIX/records.ndjson"
	assert_failure 1
	assert_equal "$stderr" 'rt-md-update: c.md:3: a second rt:ytd marker; not changed'
}

@test "a log table without an ID column is refused rather than filled twice" {
	printf '# T\n\n## Transaction Log\n\n| Day | Platform | Revenue |\n|---|---|---|\n| 2026-01-02 | MSN | $1 |\n' >n.md
	cp n.md n.orig
	run --separate-stderr rt-md-update n.md "$FIX/records.ndjson"
	assert_failure 1
	assert_equal "$stderr" 'rt-md-update: n.md:5: the Transaction Log table has no ID column; add one so that rt can tell which records it holds; not changed'
	cmp n.md n.orig
}

@test "IDs of any length are recognised on the next run" {
	long=$(printf 'x%.0s' $(seq 1 3000))
	rec --arg id "manual:$long" '{id:$id,source:"manual",date:"2026-03-01",amount_minor:5,currency:"USD",kind:"sale",status:"completed"}' >long.ndjson
	rt-md-update t.md long.ndjson
	cp t.md once.md
	rt-md-update t.md long.ndjson
	cmp t.md once.md
}

@test "bad records are reported and skipped; the tracker still gets the good ones (exit 1)" {
	{ head -n 2 "$FIX/records.ndjson"; echo '{"id":"x"}'; } >some.ndjson
	run --separate-stderr rt-md-update t.md some.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-md-update: some.ndjson:3: missing "source"'
	run grep -c 'close:oppo_2' t.md
	assert_success
	assert_output '1'
}

@test "usage errors exit 2 and touch nothing" {
	run --separate-stderr rt-md-update
	assert_failure 2
	assert_output ''
	run --separate-stderr rt-md-update t.md missing.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-md-update: missing.ndjson: No such file or directory'
	[ ! -e t.md ]
	run --separate-stderr rt-md-update --goal lots t.md </dev/null
	assert_failure 2
	[ ! -e t.md ]
}

@test "with no records the tracker still says where things stand" {
	run rt-md-update t.md </dev/null
	assert_success
	run grep -A1 'rt:ytd -->' t.md
	assert_success
	assert_line --index 1 '**YTD total: $0.00** (USD, 2026-01-01..2026-11-21) · last 30 days $0.00 · projected $0.00'
}

@test "--help and --version" {
	run rt-md-update --help
	assert_success
	assert_output --partial 'usage: rt-md-update'
	run rt-md-update --version
	assert_success
	assert_output 'rt-md-update 0.1.0'
}

@test "a hand-kept line that holds the updated region is left to it, not adopted over it" {
	printf '# Books\n\nYTD total as of <!-- rt:updated -->2026-11-01<!-- /rt:updated -->: see below\n' >t.md
	run --separate-stderr rt-md-update t.md "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" ''
	run sed -n 3p t.md
	assert_success
	assert_output 'YTD total as of <!-- rt:updated -->2026-11-21 06:00 CST<!-- /rt:updated -->: see below'
	run grep -c '<!-- rt:ytd -->' t.md
	assert_success
	assert_output 1
	cp t.md once.md
	rt-md-update t.md "$FIX/records.ndjson"
	cmp t.md once.md
}

@test "a monthly marker just after the log's end marker gets the YTD region between them, not inside the log" {
	printf '# Books\n\n<!-- rt:log -->\n| ID |\n|---|\n<!-- /rt:log --><!-- rt:monthly -->\n<!-- /rt:monthly -->\n' >t.md
	run --separate-stderr rt-md-update t.md "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" ''
	run grep -n -e '^## ' -e '<!-- /*rt:' t.md
	assert_success
	assert_output - <<'OUT'
3:Last updated: <!-- rt:updated -->2026-11-21 06:00 CST<!-- /rt:updated -->
5:<!-- rt:log -->
18:<!-- /rt:log --><!-- rt:ytd -->
22:<!-- /rt:ytd -->
24:<!-- rt:monthly -->
51:<!-- /rt:monthly -->
OUT
	cp t.md once.md
	rt-md-update t.md "$FIX/records.ndjson"
	cmp t.md once.md
}

@test "a Monthly Summary heading with no table, just above the YTD line, gets its table there" {
	printf '# Books\n\n## Monthly Summary\nYTD total: $5.00\n' >t.md
	run --separate-stderr rt-md-update t.md "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" ''
	run grep -n -e '^## ' -e '<!-- /*rt:' t.md
	assert_success
	assert_output - <<'OUT'
3:Last updated: <!-- rt:updated -->2026-11-21 06:00 CST<!-- /rt:updated -->
5:## Monthly Summary
6:<!-- rt:monthly -->
33:<!-- /rt:monthly -->
34:<!-- rt:ytd -->
38:<!-- /rt:ytd -->
40:## Transaction Log
41:<!-- rt:log -->
54:<!-- /rt:log -->
OUT
	cp t.md once.md
	rt-md-update t.md "$FIX/records.ndjson"
	cmp t.md once.md
}

@test "IDs with a backslash, backticks or a region marker are found in the log again" {
	cat >ids.ndjson <<'NDJSON'
{"id":"manual:a\\|b","source":"manual","date":"2026-11-02","amount_minor":700,"currency":"USD","kind":"sale","status":"completed"}
{"id":"`manual:x`","source":"manual","date":"2026-11-02","amount_minor":700,"currency":"USD","kind":"sale","status":"completed"}
{"id":"manual:<!-- /rt:log -->","source":"manual","date":"2026-11-02","amount_minor":700,"currency":"USD","kind":"sale","status":"completed","client":"<b>Bold</b>"}
NDJSON
	rt-md-update t.md ids.ndjson
	cp t.md once.md
	run --separate-stderr rt-md-update t.md ids.ndjson
	assert_success
	assert_equal "$stderr" ''
	cmp t.md once.md
	run sed -n '/<!-- rt:log -->/,/<!-- \/rt:log -->/p' t.md
	assert_success
	assert_output - <<'OUT'
<!-- rt:log -->
| Date | ID | Source | Client | Description | Amount |
|---|---|---|---|---|---:|
| 2026-11-02 | \`manual:x\` | Manual |  |  | $7.00 |
| 2026-11-02 | manual:\<\!-- /rt:log --> | Manual | \<b>Bold\</b> |  | $7.00 |
| 2026-11-02 | manual:a\\\|b | Manual |  |  | $7.00 |
<!-- /rt:log -->
OUT
}

@test "a log row that looks like a delimiter row is a row, so its ID is not added again" {
	printf '# Books\n\n## Transaction Log\n| ID | Notes |\n|---|---|\n| close:oppo_1 | by hand |\n' >t.md
	rec '{id:"---",source:"manual",date:"2026-11-02",amount_minor:700,currency:"USD",kind:"sale",status:"completed"}' >dash.ndjson
	rt-md-update t.md dash.ndjson
	cp t.md once.md
	rt-md-update t.md dash.ndjson
	cmp t.md once.md
	run sed -n '/<!-- rt:log -->/,/<!-- \/rt:log -->/p' t.md
	assert_success
	assert_output - <<'OUT'
<!-- rt:log -->
| ID | Notes |
|---|---|
| close:oppo_1 | by hand |
| --- |  |
<!-- /rt:log -->
OUT
}

@test "an ID a markdown cell cannot hold exactly is still logged once" {
	rec '{id:"manual: spaced ",source:"manual",date:"2026-03-01",amount_minor:5,currency:"USD",kind:"sale",status:"completed"}' >odd.ndjson
	rec '{id:"manual:two\nlines",source:"manual",date:"2026-03-02",amount_minor:6,currency:"USD",kind:"sale",status:"completed"}' >>odd.ndjson
	rt-md-update t.md odd.ndjson
	cp t.md once.md
	rt-md-update t.md odd.ndjson
	cmp t.md once.md
	run grep -c '^| 2026-03-0' t.md
	assert_success
	assert_output 2
}

# The log region of t.md, without its markers.
log_rows() {
	sed -n '/<!-- rt:log -->/,/<!-- \/rt:log -->/p' t.md | sed '1d;$d'
}

@test "a row whose record changed is rewritten where it stands; a person's own column and rows stay" {
	rec '{id:"manual:a",source:"manual",date:"2026-03-01",amount_minor:10000,currency:"USD",kind:"sale",status:"completed",client:"Acme",description:"Audit"}' >a.ndjson
	rec '{id:"manual:b",source:"manual",date:"2026-03-02",amount_minor:20000,currency:"USD",kind:"sale",status:"completed",client:"Initech",description:"Retainer"}' >>a.ndjson
	cat >t.md <<'MD'
## Transaction Log
<!-- rt:log -->
| Date | ID | Source | Client | Description | Amount | Note |
|---|---|---|---|---|---:|---|
|  2026-03-01  | manual:a | Manual | Acme | Audit | $100.00 | paid by wire |
| 2026-03-01 | cash:1 | Cash | Bob | tip | $5.00 | |
| 2026-03-02 | manual:b | Manual | Initech | Retainer | $200.00 | call Jo |
<!-- /rt:log -->
MD
	rt-md-update --no-touch t.md a.ndjson
	cp t.md before.md
	# The same records: nothing moves, not even a person's spacing.
	run rt-md-update --no-touch --check t.md a.ndjson
	assert_success
	# manual:b's amount and description changed.
	sed -i 's/"amount_minor":20000/"amount_minor":25000/; s/"Retainer"/"Retainer, revised"/' a.ndjson
	run --separate-stderr rt-md-update -v --no-touch t.md a.ndjson
	assert_success
	# The last line; a note on the hand rows comes first.
	assert_equal "${stderr_lines[-1]}" 'rt-md-update: t.md: 0 new log rows, 1 updated, 0 removed'
	run log_rows
	assert_output - <<'OUT'
| Date | ID | Source | Client | Description | Amount | Note |
|---|---|---|---|---|---:|---|
|  2026-03-01  | manual:a | Manual | Acme | Audit | $100.00 | paid by wire |
| 2026-03-01 | cash:1 | Cash | Bob | tip | $5.00 | |
| 2026-03-02 | manual:b | Manual | Initech | Retainer, revised | $250.00 | call Jo |
OUT
	run rt-md-update --no-touch --check t.md a.ndjson
	assert_success
}

@test "a reversed or pending record's row is removed; with --prune so is a retracted one's, never a hand row's" {
	rt-md-update --no-touch t.md "$FIX/records.ndjson"
	printf '| 2026-11-05 | cash:1 | Cash | Bob | tip | $5.00 |\n| 2026-11-06 | zelle:9 | Zelle | Amy | gift | $9.00 |\n' >row
	sed -i '/^| 2026-11-20 | gumroad:s1 /r row' t.md
	grep -q '| close:oppo_2 |' t.md
	grep -q '| stripe:fee_1 |' t.md
	# The deal fell through; the fee is pending again.
	jq -c 'if .id == "close:oppo_2" then .status = "reversed" elif .id == "stripe:fee_1" then .status = "pending" else . end' \
		"$FIX/records.ndjson" >changed.ndjson
	run --separate-stderr rt-md-update -v --no-touch t.md changed.ndjson
	assert_success
	# The last line; a note on the hand rows comes first.
	assert_equal "${stderr_lines[-1]}" 'rt-md-update: t.md: 0 new log rows, 0 updated, 2 removed'
	run grep -c '| close:oppo_2 \|| stripe:fee_1 ' t.md
	assert_output 0
	# msn:2026-11 retracted from the ledger: without --prune the row stays (the
	# input may be a part of the ledger), with it the row goes; hand rows stay.
	grep -v '"msn:2026-11"' changed.ndjson >ledger.ndjson
	run rt-md-update --no-touch t.md ledger.ndjson
	assert_success
	grep -q '| msn:2026-11 |' t.md
	run --separate-stderr rt-md-update -v --no-touch --prune t.md ledger.ndjson
	assert_success
	# The last line; a note on the hand rows comes first.
	assert_equal "${stderr_lines[-1]}" 'rt-md-update: t.md: 0 new log rows, 0 updated, 1 removed'
	run grep -c '| msn:2026-11 |' t.md
	assert_output 0
	grep -q '| cash:1 | Cash | Bob | tip | $5.00 |' t.md
	grep -q '| zelle:9 | Zelle | Amy | gift | $9.00 |' t.md
	# The row comes back when the record does.
	run rt-md-update --no-touch --prune t.md changed.ndjson
	assert_success
	grep -q '| msn:2026-11 |' t.md
}

@test "log rows typed by hand that no record holds are kept, and stderr says they count in no total" {
	rt-md-update -q t.md <"$FIX/records.ndjson"
	printf '| 2026-11-05 | cash:1 | Cash | Bob | tip | $5.00 |\n| 2026-11-06 | cash:2 | Cash | Ann | tip | $7.00 |\n' >rows
	sed -i '/^| 2026-11-20 | gumroad:s1 /r rows' t.md
	cp t.md before.md
	run --separate-stderr rt-md-update t.md "$FIX/records.ndjson"
	assert_success
	assert_output ''
	line=$(grep -n 'cash:1' t.md | cut -d: -f1)
	assert_equal "$stderr" "rt-md-update: t.md: 2 rows of the Transaction Log (lines $line, $((line + 1))) are in no record: kept, but not counted in any total; enter them with rt-add(1) to count them"
	grep -q '^| 2026-11-05 | cash:1 |' t.md
	grep -q '^| 2026-11-06 | cash:2 |' t.md
	# Once the ledger holds them, nothing is said.
	rec '{id:"cash:1",source:"cash",date:"2026-11-05",amount_minor:500,currency:"USD",kind:"sale",status:"completed"}' >c.ndjson
	rec '{id:"cash:2",source:"cash",date:"2026-11-06",amount_minor:700,currency:"USD",kind:"sale",status:"completed"}' >>c.ndjson
	run --separate-stderr rt-md-update t.md "$FIX/records.ndjson" c.ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_equal "$(grep -c 'cash:' t.md)" 2
}

@test "a tracker saved with CRLF line endings is adopted like an LF one and written back with CRLF" {
	sed 's/$/\r/' "$FIX/tracker-hand.md" >crlf.md
	cp "$FIX/tracker-hand.md" lf.md
	run --separate-stderr rt-md-update -q crlf.md "$FIX/records.ndjson"
	assert_success
	assert_equal "$stderr" ''
	run --separate-stderr rt-md-update -q lf.md "$FIX/records.ndjson"
	assert_success
	assert_equal "$(grep -c 'Transaction Log' crlf.md)" 1
	assert_equal "$(grep -vc $'\r$' crlf.md)" 0
	tr -d '\r' <crlf.md | cmp - lf.md
	run --separate-stderr rt-md-update --check crlf.md "$FIX/records.ndjson"
	assert_success
	cp crlf.md twice.md
	run --separate-stderr rt-md-update -q crlf.md "$FIX/records.ndjson"
	assert_success
	cmp crlf.md twice.md
}
