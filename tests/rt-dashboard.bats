#!/usr/bin/env bats
# rt-dashboard: the page as written (figures, pills, bars, table, escaping,
# size, atomic replacement), then in a real browser (Debian's chromium,
# headless): its DOM, its freshness, screenshots kept in tests/out/, and its
# polling of snapshot.json served on 127.0.0.1.

load helper
load fake
load browser

HIST="$FIX/man/history.ndjson"

# The bars of a page as "month source minor", sorted.
bars() {
	grep -o 'data-source="[a-z0-9_-]*" data-month="[0-9-]*" data-minor="-*[0-9]*"' "$1" |
		sed 's/data-source="\([^"]*\)" data-month="\([^"]*\)" data-minor="\([^"]*\)"/\2 \1 \3/' | sort
}

# What the bars should be: rt-aggregate's net by month and source, this year, in one currency.
want_bars() {
	rt-aggregate -g month,source --since 2026-01-01 --until 2026-11-21 "$2" |
		jq -r --arg c "$1" 'select(.currency == $c and .count > 0 and .net_minor != 0) | "\(.month) \(.source) \(.net_minor)"' | sort
}

@test "the page holds its figures, pills, bars and latest records, and nothing from elsewhere" {
	run --separate-stderr rt-dashboard --goal 100000 -o page.html "$FIX/records.ndjson"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run grep -c -i -E 'https?:|src=|href=|@import|url\(' page.html
	assert_failure 1
	assert_output 0
	grep -q '<span data-k="ytd_minor" data-c="USD">$54,964.80</span> of $100,000.00' page.html
	grep -q 'id="pct">54.96%</div>' page.html
	grep -q '<b data-k="last_30d_minor" data-c="USD">$20,993.00</b>' page.html
	grep -q '<b data-k="projected_annual_minor" data-c="USD">$61,729.70</b>' page.html
	# Currencies side by side, never added together.
	grep -q '<b data-k="ytd_minor" data-c="JPY">¥1,500,000</b>' page.html
	run grep -o 'class="pill [a-z]*" data-source="[a-z]*"><b>[A-Za-z]*</b><span data-k="src" data-c="[A-Z]*" data-s="[a-z]*">[^<]*' page.html
	assert_output - <<'OUT'
class="pill stale" data-source="close"><b>Close</b><span data-k="src" data-c="USD" data-s="close">$1,750.00
class="pill ok" data-source="msn"><b>MSN</b><span data-k="src" data-c="USD" data-s="msn">$53,250.00
class="pill stale" data-source="stripe"><b>Stripe</b><span data-k="src" data-c="USD" data-s="stripe">-$28.20
class="pill ok" data-source="gumroad"><b>Gumroad</b><span data-k="src" data-c="JPY" data-s="gumroad">¥1,500,000
class="pill ok" data-source="manual"><b>Manual</b><span data-k="src" data-c="USD" data-s="manual">-$7.00
OUT
	grep -q 'data-source="impact"><b>Impact</b><span class="meta">nothing this year</span><em>stale: last record 2026-02-04</em>' page.html
	assert_equal "$(bars page.html)" "$( (want_bars USD "$FIX/records.ndjson"; want_bars JPY "$FIX/records.ndjson") | sort)"
	# The latest records up to the as-of date: December's contract is not one of them.
	assert_equal "$(grep -c '^<tr><td>' page.html)" 12
	run grep -m 1 '^<tr><td>' page.html
	assert_output '<tr><td>2026-11-20</td><td>Gumroad</td><td>buyer@example.jp</td><td></td><td>sale</td><td>completed</td><td class="n">¥1,500,000</td></tr>'
	run grep -c 'Future Co' page.html
	assert_output 0
	grep -q '<polyline class="ytd" data-minor="5496480"' page.html
	grep -q '<line class="pace" data-goal-minor="10000000"' page.html
}

@test "a source is failed when --failed names it, stale when its rhythm stops" {
	run rt-dashboard --failed 'close, impact,' -o page.html "$HIST"
	assert_success
	run grep -o 'class="pill [a-z]*" data-source="[a-z]*".*</li>' page.html
	assert_output - <<'OUT'
class="pill failed" data-source="close"><b>Close</b><span class="meta">nothing this year</span><em>failed</em></li>
class="pill failed" data-source="impact"><b>Impact</b><span class="meta">nothing this year</span><em>failed</em></li>
class="pill ok" data-source="stripe"><b>Stripe</b><span data-k="src" data-c="USD" data-s="stripe">$94,655.40</span></li>
class="pill stale" data-source="gumroad"><b>Gumroad</b><span data-k="src" data-c="USD" data-s="gumroad">$24,930.40</span><em>stale: last record 2026-11-15</em></li>
OUT
	run rt-dashboard --stale-days 7 -o page.html "$HIST"
	run grep -c 'class="pill stale"' page.html
	assert_output 0
}

@test "text from records is only text: tags, quotes and entities are escaped, long text is cut" {
	local evil='<script>alert(1)</script><img src=x onerror="alert(2)"> & '"'"'q'"'"' </td></tr><!--'
	rec --arg c "$evil" --arg d "$(printf 'é%.0s' $(seq 1 100))" \
		'{id:"shop:1",source:"shop",date:"2026-11-20",amount_minor:100,currency:"USD",kind:"sale",status:"completed",client:$c,description:$d}' >evil.ndjson
	run rt-dashboard --title '<b>Books & Co</b>' -o page.html evil.ndjson
	assert_success
	run grep -c -E '<script>alert|<img|<b>Books|onerror="|<!--' page.html
	assert_output 0
	grep -qF '<td>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; &#39;q&#39; &lt;/td&gt;&lt;/tr&gt;&lt;!--</td>' page.html
	grep -qF '<title>&lt;b&gt;Books &amp; Co&lt;/b&gt;</title>' page.html
	# 60 two-byte characters fill the 120 bytes, then an ellipsis.
	grep -qF "<td>$(printf 'é%.0s' $(seq 1 60))…</td>" page.html
	assert_equal "$(grep -o '<script' page.html | wc -l)" 2
}

@test "the page is replaced whole, keeping its mode; -o - writes standard output" {
	echo old >page.html
	chmod 640 page.html
	run --separate-stderr rt-dashboard -o page.html "$HIST"
	assert_success
	assert_equal "$(stat -c %a page.html)" 640
	assert_equal "$(find . -name '.page.html*' | wc -l)" 0
	run --separate-stderr rt-dashboard -o - "$HIST"
	assert_success
	assert_equal "$output" "$(cat page.html)"
	assert_equal "$stderr" ''
}

@test "a page that cannot be written is exit 4, the old one unchanged" {
	run --separate-stderr rt-dashboard -o no/such/dir/page.html "$HIST"
	assert_failure 4
	assert_output ''
	assert_equal "$stderr" 'rt-dashboard: no/such/dir/page.html: No such file or directory'
	run --separate-stderr bash -c "rt-dashboard -o - '$HIST' >/dev/full"
	assert_failure 4
	assert_equal "$stderr" 'rt-dashboard: stdout: No space left on device'
	run --separate-stderr rt-dashboard -o page.html /
	assert_failure 4
	assert_equal "$stderr" 'rt-dashboard: /: Is a directory'
	[ ! -e page.html ]
}

@test "bad records are reported and left out (exit 1); an overflow writes nothing" {
	{
		head -n 4 "$HIST"
		echo '{"id":"x","source":"stripe","date":"2026-11-20","amount_minor":1,"currency":"usd","kind":"sale","status":"completed"}'
	} >bad.ndjson
	run --separate-stderr rt-dashboard -o page.html bad.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-dashboard: bad.ndjson:5: "currency" "usd" is not an ISO 4217 code'
	assert_equal "$(grep -c '^<tr><td>' page.html)" 4
	echo old >page.html
	{
		echo '{"id":"a","source":"s","date":"2026-11-01","amount_minor":9223372036854775807,"currency":"USD","kind":"sale","status":"completed"}'
		echo '{"id":"b","source":"s","date":"2026-11-01","amount_minor":1,"currency":"USD","kind":"sale","status":"completed"}'
	} >big.ndjson
	run --separate-stderr rt-dashboard -o page.html big.ndjson
	assert_failure 1
	assert_equal "$stderr" 'rt-dashboard: big.ndjson:2: a USD total would overflow 64 bits; nothing written'
	assert_equal "$(cat page.html)" old
}

@test "usage errors are exit 2 and write nothing" {
	local bad
	run --separate-stderr rt-dashboard "$HIST"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-dashboard: name the page to write with -o file (- for standard output)'
	for bad in "--goal 0" "--goal 5:EURO" "--failed Close" "--max-age 26" "--max-age 1w" "--max-age 0h" \
	    "--poll -1" "--poll 86401" "--stale-days 0" "--stale-days x"; do
		# shellcheck disable=SC2086
		run --separate-stderr rt-dashboard $bad -o page.html "$HIST"
		assert_equal "$bad: $status" "$bad: 2"
		[[ "$stderr" == "rt-dashboard: --"* ]] || fail "$bad: $stderr"
		[ ! -e page.html ] || fail "$bad wrote a page"
	done
	run --separate-stderr rt-dashboard --max-age 1w -o page.html "$HIST"
	assert_equal "$stderr" 'rt-dashboard: --max-age "1w" is not a duration such as 90m, 26h or 2d'
	run --separate-stderr rt-dashboard -o page.html missing.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-dashboard: missing.ndjson: No such file or directory'
}

@test "the page stays under 300 KB whatever the record count: 60 sources, 10 currencies, long names" {
	awk 'BEGIN {
		split("USD EUR GBP JPY CHF CAD AUD SEK BHD NOK", cur, " ")
		for (i = 0; i < 200000; i++) {
			printf "{\"id\":\"x:%d\",\"source\":\"s%d\",\"date\":\"2026-%02d-%02d\",\"amount_minor\":%d,", i, i % 60, 1 + i % 11, 1 + i % 28, 1 + i * 7919 % 100000
			printf "\"currency\":\"%s\",\"kind\":\"sale\",\"status\":\"completed\",\"client\":\"", cur[1 + int(i / 60) % 10]
			for (j = 0; j < 40; j++) printf "<&>\\\"%d", j
			printf "\"}\n"
		}
	}' >many.ndjson
	run --separate-stderr rt-dashboard --goal 1000000 -o page.html many.ndjson
	assert_success
	assert_equal "$stderr" ''
	local size
	size=$(stat -c %s page.html)
	[ "$size" -lt 307200 ] || fail "the page is $size bytes"
	grep -q '4 more currencies are not shown' page.html
	grep -q '20 more sources' page.html
	assert_equal "$(grep -c '<li><i style="background:#a0a4ab"></i>Other</li>' page.html)" 6
}

@test "make dashboard writes the page and the snapshot it polls, a failed source marked" {
	mkdir -p examples/out/run
	cp "$TOP/examples/Makefile" examples/
	# What the refresh leaves: the ledger, and its export.
	cp "$HIST" examples/out/ledger.ndjson
	rt-load -q examples/out/ledger.db "$HIST"
	touch examples/out/run/impact.failed
	run --separate-stderr make -s -C examples BIN="$RT_BIN" GOAL=250000 dashboard
	assert_success
	assert_equal "$stderr" ''
	assert_equal "$(jq -c '[.currencies.USD.ytd_minor, .goal.pct]' examples/out/snapshot.json)" '[11958580,47.83]'
	grep -q 'class="pill failed" data-source="impact"' examples/out/revenue.html
	grep -q 'id="pct">47.83%' examples/out/revenue.html
}

# ---------------------------------------------------------------- in a browser

@test "in chromium: the figures, pills and bars are in the DOM with their values; the script ran" {
	rt-dashboard --goal 100000 --failed impact -o page.html "$FIX/records.ndjson"
	run browser_dom "file://$PWD/page.html"
	assert_success
	echo "$output" >dom.html
	grep -q '<span data-k="ytd_minor" data-c="USD">$54,964.80</span>' dom.html
	grep -q '<b data-k="ytd_minor" data-c="JPY">¥1,500,000</b>' dom.html
	grep -q 'id="pct">54.96%</div>' dom.html
	assert_equal "$(grep -o 'class="pill [a-z]*" data-source="[a-z]*"' dom.html)" "$(printf '%s\n' \
		'class="pill stale" data-source="close"' 'class="pill failed" data-source="impact"' \
		'class="pill ok" data-source="msn"' 'class="pill stale" data-source="stripe"' 'class="pill ok" data-source="gumroad"' \
		'class="pill ok" data-source="manual"')"
	assert_equal "$(bars dom.html)" "$( (want_bars USD "$FIX/records.ndjson"; want_bars JPY "$FIX/records.ndjson") | sort)"
	assert_equal "$(grep -o '<rect class="bar"' dom.html | wc -l)" 7
	# The embedded snapshot time is RT_NOW, days before the browser's clock: its script says Stale.
	grep -q '<span id="fresh" class="fresh stale" title="snapshot 2026-11-21T12:00:00Z">Stale — updated [0-9]* d ago</span>' dom.html
}

@test "in chromium: hostile text stays text, and no other script runs" {
	rec --arg c '<script>document.title="pwned"</script><img src=x onerror="document.title=1">' \
		'{id:"shop:1",source:"shop",date:"2026-11-20",amount_minor:100,currency:"USD",kind:"sale",status:"completed",client:$c}' >evil.ndjson
	rt-dashboard -o page.html evil.ndjson
	run browser_dom "file://$PWD/page.html"
	assert_success
	[[ "$output" == *'<title>Revenue</title>'* ]] || fail "the title changed"
	assert_equal "$(grep -o '<script' <<<"$output" | wc -l)" 2
	assert_equal "$(grep -c '<img' <<<"$output")" 0
	[[ "$output" == *'<td>&lt;script&gt;document.title="pwned"&lt;/script&gt;&lt;img src=x onerror="document.title=1"&gt;</td>'* ]] ||
		fail "the client is not shown as text"
}

@test "in chromium: Live under 5 minutes, Updated 2 h ago, Stale past --max-age" {
	RT_NOW=$(date -u +%FT%TZ) rt-dashboard -o live.html "$HIST"
	RT_NOW=$(date -u -d '-2 hours -5 minutes' +%FT%TZ) rt-dashboard -o hours.html "$HIST"
	RT_NOW=$(date -u -d '-3 hours' +%FT%TZ) rt-dashboard --max-age 90m -o stale.html "$HIST"
	run browser_dom "file://$PWD/live.html"
	assert_success
	[[ "$output" == *'class="fresh live"'*'>Live</span>'* ]] || fail "$(grep -o '<span id="fresh"[^/]*' <<<"$output")"
	run browser_dom "file://$PWD/hours.html"
	[[ "$output" == *'class="fresh"'*'>Updated 2 h ago</span>'* ]] || fail "$(grep -o '<span id="fresh"[^/]*' <<<"$output")"
	run browser_dom "file://$PWD/stale.html"
	[[ "$output" == *'class="fresh stale"'*'>Stale — updated 3 h ago</span>'* ]] || fail "$(grep -o '<span id="fresh"[^/]*' <<<"$output")"
}

@test "in chromium: screenshots with one source and with five, kept in tests/out/" {
	local out
	out=$(browser_out)
	python3 "$TOP/tests/history.py" --from 2026-01-01 --to 2026-11-21 --source stripe:250000 --seed 2 >one.ndjson
	python3 "$TOP/tests/history.py" --from 2026-01-01 --to 2026-11-21 --seed 3 --source stripe:250000 \
		--source gumroad:90000 --source close:400000 --source upwork:120000 --source manual:60000:EUR \
		--stop upwork:2026-11-10 >five.ndjson
	# Written now, so that they say Live.
	RT_NOW=$(date -u +%FT%TZ) rt-dashboard --goal 1500000 -o one.html one.ndjson
	RT_NOW=$(date -u +%FT%TZ) rt-dashboard --goal 1500000 --failed close -o five.html five.ndjson
	rm -f "$out/dashboard-1-source.png" "$out/dashboard-5-sources.png"
	browser_shot "file://$PWD/one.html" "$out/dashboard-1-source.png" 1200 1700
	browser_shot "file://$PWD/five.html" "$out/dashboard-5-sources.png" 1200 2300
	# A PNG's signature, then its IHDR: width and height.
	run python3 -c 'import struct, sys
for f in sys.argv[1:]:
    h = open(f, "rb").read(24)
    print(h[:8] == b"\x89PNG\r\n\x1a\n", *struct.unpack(">II", h[16:24]))' \
		"$out/dashboard-1-source.png" "$out/dashboard-5-sources.png"
	assert_output "$(printf 'True 1200 1700\nTrue 1200 2300')"
	[ "$(stat -c %s "$out/dashboard-5-sources.png")" -gt 50000 ] || fail "an empty screenshot?"
	run browser_dom "file://$PWD/five.html"
	assert_equal "$(grep -o 'class="pill [a-z]*" data-source="[a-z]*"' <<<"$output")" "$(printf '%s\n' \
		'class="pill failed" data-source="close"' 'class="pill ok" data-source="stripe"' \
		'class="pill ok" data-source="gumroad"' 'class="pill stale" data-source="upwork"' \
		'class="pill ok" data-source="manual"')"
}

@test "in chromium, served over HTTP: the page polls snapshot.json and shows the new total" {
	mkdir site
	RT_NOW=$(date -u +%FT%TZ) rt-dashboard --goal 250000 -o site/index.html "$HIST"
	rt-aggregate --summary --goal 250000 -o site/snapshot.json "$HIST"
	fake_start files --root site
	# Opened from disk it fetches nothing: what it holds is what it shows.
	run browser_dom "file://$PWD/site/index.html?poll=1" 3000
	grep -q '<span data-k="ytd_minor" data-c="USD">$119,585.80</span>' <<<"$output"
	# The snapshot changes: a late sale of $1,234.56 and a new day.
	{
		cat "$HIST"
		rec '{id:"stripe:late",source:"stripe",date:"2026-11-21",amount_minor:123456,currency:"USD",kind:"sale",status:"completed"}'
	} >more.ndjson
	rt-aggregate --summary --goal 250000 -o site/snapshot.json more.ndjson
	# Before its poll interval (60 s by default) the page still shows what it was written with...
	run browser_dom "$FAKE_URL/index.html" 3000
	assert_success
	grep -q '<span data-k="ytd_minor" data-c="USD">$119,585.80</span>' <<<"$output"
	assert_equal "$(fake_requests "$FAKE_LOG" snapshot.json)" 0
	# ...and within it, the new total, the goal's share and the source, without a reload.
	run browser_dom "$FAKE_URL/index.html?poll=2" 5000
	assert_success
	grep -q '<span data-k="ytd_minor" data-c="USD">$120,820.36</span>' <<<"$output"
	grep -q '<b data-k="ytd_minor" data-c="USD">$120,820.36</b>' <<<"$output"
	grep -q 'id="pct">48.33%</div>' <<<"$output"
	grep -q 'style="width: 48.33%;"' <<<"$output"
	grep -q '<span data-k="src" data-c="USD" data-s="stripe">$95,889.96</span>' <<<"$output"
	[ "$(fake_requests "$FAKE_LOG" snapshot.json)" -ge 2 ] || fail "it did not poll"
	# The snapshot was just written: Live.
	grep -q 'class="fresh live"' <<<"$output"
}

@test "--ledger draws the page from the ledger's current records, as from the same records in a file" {
	rt-load -q ledger.db "$FIX/records.ndjson"
	run --separate-stderr rt-dashboard --goal 100000 -o from-file.html "$FIX/records.ndjson"
	assert_success
	run --separate-stderr rt-dashboard --goal 100000 -o from-ledger.html --ledger ledger.db
	assert_success
	cmp from-file.html from-ledger.html
	run --separate-stderr rt-dashboard -o x.html --ledger ledger.db "$FIX/records.ndjson"
	assert_failure 2
	assert_equal "$stderr" 'rt-dashboard: --ledger reads the ledger: give no files as well'
	[ ! -e x.html ]
}
