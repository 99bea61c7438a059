#!/usr/bin/env bats
# Attacker cases for hostile text from upstream (rt_tracker's marker search,
# rt_table's and rt_err's escaping): region markers shown in a code block,
# a byte-order mark, markdown links and images, terminal escapes, newlines
# in names, spreadsheet formulas.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# hostile ID AMOUNT CLIENT DESCRIPTION [KIND]: a record with that client and
# description (JSON string contents, escapes and all).
hostile() {
	printf '{"id":"close:h%s","source":"close","date":"2026-11-02","amount_minor":%s,"currency":"USD","kind":"%s","status":"completed","client":"%s","description":"%s"}\n' \
	    "$1" "$2" "${5:-sale}" "$3" "$4"
}

@test "region markers shown inside a fenced code block are text: the real regions are the ones updated" {
	cat >t.md <<'EOF'
# Tracker

How rt marks its regions:

```markdown
Last updated: <!-- rt:updated -->never<!-- /rt:updated -->
<!-- rt:ytd -->
<!-- /rt:ytd -->
<!-- rt:log -->
| Date | ID |
|---|---|
<!-- /rt:log -->
```

~~~~
<!-- rt:monthly -->
<!-- /rt:monthly -->
~~~~

## Transaction Log

| Date | ID | Amount |
|---|---|---:|
| 2026-01-01 | manual:1 | $1.00 |
EOF
	sed -n '5,19p' t.md >fences.before
	run --separate-stderr rt-md-update t.md "$FIX/records.ndjson"
	assert_success
	# The code blocks are byte for byte as they were ...
	run python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' fences.before t.md
	assert_success
	# ... and the log rt adopted is the real one, under its heading.
	run sed -n '/^## Transaction Log$/,$p' t.md
	assert_line --index 1 '<!-- rt:log -->'
	assert_line --index 4 '| 2026-01-01 | manual:1 | $1.00 |'
	assert_line --index 5 '| 2026-01-01 | msn:2026-01 | $32,250.00 |'
	assert_line --index 6 '| 2026-01-14 | close:oppo_1 | $500.00 |'
	[ "$(grep -c '^<!-- rt:log -->$' t.md)" -eq 2 ]
	# With real markers after a fenced example, the real ones are found, and a second run changes nothing.
	run rt-md-update --check t.md "$FIX/records.ndjson"
	assert_success
}

@test "a code block left open at the end: the regions rt adds go before it, and are found again" {
	printf '# Tracker\n\nSome notes.\n\n```sh\nmake refresh\n' >open.md
	run rt-md-update open.md "$FIX/records.ndjson"
	assert_success
	run tail -n 2 open.md
	assert_output $'```sh\nmake refresh'
	grep -q '^<!-- /rt:log -->$' open.md
	run rt-md-update --check open.md "$FIX/records.ndjson"
	assert_success
	# A log row whose ID is ``` is the region's, and opens no code block.
	rec '{id:"```",source:"manual",date:"2026-11-02",amount_minor:100,currency:"USD",kind:"sale",status:"completed"}' >fence-id.ndjson
	rt-md-update t.md fence-id.ndjson
	run rt-md-update --check t.md fence-id.ndjson
	assert_success
}

@test "a byte-order mark stays the first thing in the tracker" {
	printf '\xef\xbb\xbf# Revenue\n\nNotes.\n' >bom.md
	printf '\xef\xbb\xbfNotes, no heading.\n' >bom2.md
	for f in bom.md bom2.md; do
		run rt-md-update "$f" "$FIX/records.ndjson"
		assert_success
		[ "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" = efbbbf ]
		[ "$(grep -c $'\xef\xbb\xbf' "$f")" -eq 1 ]
	done
	run head -n 3 bom.md
	assert_output $'\xef\xbb\xbf# Revenue\n\nLast updated: <!-- rt:updated -->2026-11-21 06:00 CST<!-- /rt:updated -->'
	run head -n 1 bom2.md
	assert_output $'\xef\xbb\xbfLast updated: <!-- rt:updated -->2026-11-21 06:00 CST<!-- /rt:updated -->'
}

@test "markdown link and image syntax in a name is escaped: no tracking pixel, no disguised link" {
	{
		hostile 1 100 '![pixel](https://evil.example/p.png?leak)' '[Click to verify](https://evil.example/login)'
		hostile 2 200 '[x]: https://evil.example/ref' 'see [x]'
	} >h.ndjson
	rt-md-update t.md h.ndjson
	run grep 'close:h' t.md
	assert_line --index 0 '| 2026-11-02 | close:h1 | Close | !\[pixel\](https://evil.example/p.png?leak) | \[Click to verify\](https://evil.example/login) | $1.00 |'
	assert_line --index 1 '| 2026-11-02 | close:h2 | Close | \[x\]: https://evil.example/ref | see \[x\] | $2.00 |'
	# IDs with brackets are still found on the next run.
	hostile '[3](x)' 300 a b >h3.ndjson
	rt-md-update t.md h.ndjson h3.ndjson
	run rt-md-update --check t.md h.ndjson h3.ndjson
	assert_success
	[ "$(grep -cF 'close:h\[3\](x)' t.md)" -eq 1 ]
}

@test "terminal escapes (ESC, OSC 8, BEL, C1, bidi overrides) reach no tracker, table or message" {
	{
		hostile 1 100 '\u001b]8;;https://evil.example\u0007Click\u001b]8;;\u0007' '\u001b[2J\u001b[31mred'
		hostile 2 200 'A\u009b31mB' 'amount \u202e0001\u202c'
		hostile 3 300 'del\u007fx' 'nul\u0000x'
	} >esc.ndjson
	rt-md-update t.md esc.ndjson
	for fmt in table md; do
		rt-aggregate -g client --format "$fmt" esc.ndjson >"agg.$fmt"
		rt-aggregate -g description --format "$fmt" esc.ndjson >>"agg.$fmt"
	done
	for f in t.md agg.table agg.md; do
		run python3 -c 'import sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
bad = sorted({"U+%04X" % ord(c) for c in text if c not in "\n" and (unicodedata.category(c) in ("Cc", "Cf") and c != "\ufeff")})
print(" ".join(bad) or "clean")' "$f"
		assert_output clean
	done
	run grep -c 'close:h' t.md
	assert_output 3
	grep -qF '| 2026-11-02 | close:h1 | Close | �\]8;;https://evil.example�Click�\]8;;� | �\[2J�\[31mred | $1.00 |' t.md
	# A message that quotes upstream text: rt-normalize's refusal of an amount.
	printf '{"source_id":"1","date":"2026-01-01","amount":"1\\u001b[2J\\u009b","currency":"USD"}\n' >bad.json
	run --separate-stderr rt-normalize --source manual bad.json
	assert_failure 1
	assert_equal "$stderr" 'rt-normalize: bad.json:1: amount "1�[2J�" is not a decimal number'
}

@test "a newline inside a name keeps one row per record, in every table" {
	{
		hostile 1 100 'Line one\nline two' 'a\r\nb'
		hostile 2 200 'Tab\there' 'x'
	} >nl.ndjson
	rt-md-update t.md nl.ndjson
	[ "$(grep -c 'close:h' t.md)" -eq 2 ]
	run rt-aggregate -g client --format table nl.ndjson
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --regexp '^Line one line two +USD +1 +1\.00 '
	assert_line --index 2 --regexp '^Tab here +USD +1 +2\.00 '
	run rt-aggregate -g client --format md nl.ndjson
	assert_equal "${#lines[@]}" 4
}

@test "--no-formulas neutralises CSV text cells a spreadsheet would run; numbers stay numbers; off by default" {
	{
		hostile 1 -2500 '=HYPERLINK(\"https://evil.example\",\"Click\")' d refund
		hostile 2 100 '+SUM(A1:A9)' d
		hostile 3 100 '-2+3+cmd|\u0027 /C calc\u0027!A0' d
		hostile 4 100 '@SUM(1+1)*cmd|\u0027 /C calc\u0027!A0' d
		hostile 5 100 '\tTAB' d
		hostile 6 100 '-42' d
		hostile 7 100 'Acme' d
	} >f.ndjson
	run rt-aggregate -g client --format csv --no-formulas f.ndjson
	assert_success
	assert_output - <<'EOF'
client,currency,count,gross_minor,refunds_minor,fees_minor,chargebacks_minor,adjustments_minor,net_minor,pending_minor
'	TAB,USD,1,100,0,0,0,0,100,0
'+SUM(A1:A9),USD,1,100,0,0,0,0,100,0
'-2+3+cmd|' /C calc'!A0,USD,1,100,0,0,0,0,100,0
-42,USD,1,100,0,0,0,0,100,0
"'=HYPERLINK(""https://evil.example"",""Click"")",USD,1,0,-2500,0,0,0,-2500,0
'@SUM(1+1)*cmd|' /C calc'!A0,USD,1,100,0,0,0,0,100,0
Acme,USD,1,100,0,0,0,0,100,0
EOF
	# Without it, the values are exact.
	run rt-aggregate -g client --format csv f.ndjson
	assert_line --index 5 '"=HYPERLINK(""https://evil.example"",""Click"")",USD,1,0,-2500,0,0,0,-2500,0'
	assert_line --index 2 '+SUM(A1:A9),USD,1,100,0,0,0,0,100,0'
	run --separate-stderr rt-aggregate -g client --no-formulas f.ndjson
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" 'rt-aggregate: --no-formulas is for --format csv'
}
