#!/usr/bin/env bats
# rt-lead: the pipeline file's commands, every status transition, the
# forgiving reader, the atomic writer, the export into the ledger's records,
# and the report on a fixed generated history against hand-checked figures.

load helper
load man

HEADER=id,date,platform,agents,title,url,budget,status,proposal_sent,client_responded,converted,revenue,currency,notes
F=platform-revenue-dashboard.csv

# A file with one lead in each status; the Closed ones have their revenue.
five() {
	cat >"$F" <<CSV
$HEADER
1,2026-11-02,Upwork,Monica,A,https://u/1,,Prospecting,,,,,USD,
2,2026-11-02,Upwork,Monica,B,https://u/2,,Proposal Sent,2026-11-03,,,,USD,
3,2026-11-02,Upwork,Monica,C,https://u/3,,Negotiating,2026-11-03,2026-11-04,,,USD,
4,2026-11-02,Upwork,Monica,D,https://u/4,,Closed,2026-11-03,2026-11-04,2026-11-05,900,USD,
5,2026-11-02,Upwork,Monica,E,https://u/5,,Lost,2026-11-03,,,,USD,
CSV
}

@test "add appends a Prospecting lead under the next id and prints it" {
	run --separate-stderr rt-lead add --platform Upwork --agent Monica --title 'React app' --url https://www.upwork.com/jobs/~01 --budget 500
	assert_success
	assert_output 1
	assert_equal "$stderr" ''
	run --separate-stderr rt-lead add --platform 'Toptal Direct' --agent Ross --agent Monica --title 'Say "hi", world' --url https://t/2 --currency eur --date 2026-11-02 --notes 'via a friend'
	assert_success
	assert_output 2
	run cat "$F"
	assert_output - <<CSV
$HEADER
1,2026-11-21,Upwork,Monica,React app,https://www.upwork.com/jobs/~01,500,Prospecting,,,,,USD,
2,2026-11-02,Toptal Direct,Ross; Monica,"Say ""hi"", world",https://t/2,,Prospecting,,,,,EUR,via a friend
CSV
}

@test "add numbers on from the largest whole-number id of a hand-kept file" {
	printf '%s\n' "$HEADER" '1,2026-11-01,Upwork,M,a,https://a,,,,,,,,' '7,2026-11-01,Upwork,M,b,https://b,,,,,,,,' 'x12,2026-11-01,Upwork,M,c,https://c,,,,,,,,' >"$F"
	run rt-lead add --platform Upwork --agent M --title d --url https://d
	assert_success
	assert_output 8
}

@test "add refuses a URL already there, with another case, slash or fragment: exit 1, file unchanged" {
	rt-lead add --platform Upwork --agent Monica --title a --url 'https://www.upwork.com/jobs/~01?src=rss' >/dev/null
	cp "$F" before
	for u in 'HTTPS://WWW.UPWORK.COM/jobs/~01?src=rss' 'https://www.upwork.com/jobs/~01/?src=rss' 'https://www.upwork.com/jobs/~01?src=rss#top'; do
		run --separate-stderr rt-lead add --platform Upwork --agent Ross --title b --url "$u"
		assert_failure 1
		assert_output ''
		assert_equal "$stderr" "rt-lead: $F: $u is already lead 1 (line 2)"
		cmp before "$F"
	done
	# The query counts, and so does the path's case.
	run rt-lead add --platform Upwork --agent Ross --title b --url 'https://www.upwork.com/jobs/~01?src=mail'
	assert_success
	run rt-lead add --platform Upwork --agent Ross --title b --url 'https://www.upwork.com/JOBS/~01?src=rss'
	assert_success
}

@test "add without its options, not on a terminal, is exit 2 with the usage" {
	run --separate-stderr rt-lead add --platform Upwork --agent Monica </dev/null
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-lead: add needs --platform, --agent, --title and --url (on a terminal, asks for them)'
	assert_equal "${stderr_lines[1]}" 'usage: rt-lead [--file file] add --platform name --agent name --title text --url url'
	run --separate-stderr rt-lead add </dev/null
	assert_failure 2
	[ ! -e "$F" ]
}

@test "add refuses values its fields cannot hold: exit 2, nothing written" {
	local ok=(--platform Upwork --agent M --title t --url https://x)
	run --separate-stderr rt-lead add "${ok[@]}" --budget 1,500
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: --budget "1,500" is not an amount such as 500 or 1250.50'
	run --separate-stderr rt-lead add "${ok[@]}" --budget -5
	assert_failure 2
	run --separate-stderr rt-lead add "${ok[@]}" --budget 10.505
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: budget "10.505" has more decimal places than the currency allows (USD)'
	run --separate-stderr rt-lead add "${ok[@]}" --currency XYZ
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: --currency "XYZ" is not an ISO 4217 code such as USD'
	run --separate-stderr rt-lead add "${ok[@]}" --date 2026-02-30
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: --date "2026-02-30" is not a YYYY-MM-DD date'
	run --separate-stderr rt-lead add --platform '' --agent M --title t --url https://x
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: --platform "" is needed'
	[ ! -e "$F" ]
}

@test "every transition between the five statuses, with and without --force" {
	local from to want got st
	for from in 1 2 3 4 5; do
		for to in Prospecting 'Proposal Sent' Negotiating Closed Lost; do
			for force in '' --force; do
				five
				cp "$F" before
				st=$(sed -n "$((from + 1))p" "$F" | cut -d, -f8)
				# Closed needs revenue: give it with the move.
				extra=()
				[ "$to" = Closed ] && [ "$st" != Closed ] && extra=(revenue=100)
				run --separate-stderr rt-lead set $force "$from" "status=$to" "${extra[@]}"
				want=0
				if [ "$st" != "$to" ] && { [ "$st" = Closed ] || [ "$st" = Lost ]; } && [ -z "$force" ]; then
					want=1
				fi
				assert_equal "$st -> $to $force: $status" "$st -> $to $force: $want"
				if [ "$want" = 1 ]; then
					assert_equal "$stderr" "rt-lead: $F:$((from + 1)): lead $from is $st: its status is final (--force changes it); nothing changed"
					cmp before "$F"
				else
					got=$(sed -n "$((from + 1))p" "$F" | cut -d, -f8)
					assert_equal "$st -> $to $force: $got" "$st -> $to $force: $to"
				fi
			done
		done
	done
}

@test "moving along stamps proposal_sent, client_responded and converted with the as-of date, never over one" {
	five
	rt-lead set 1 status=proposal_sent
	rt-lead set 1 status=NEGOTIATING --as-of 2026-11-22
	rt-lead set 1 'status= closed ' revenue=1500.5 --as-of 2026-11-23
	run sed -n 2p "$F"
	assert_output '1,2026-11-02,Upwork,Monica,A,https://u/1,,Closed,2026-11-21,2026-11-22,2026-11-23,1500.5,USD,'
	rt-lead set 2 status=Negotiating client_responded=2026-11-10
	run sed -n 3p "$F"
	assert_output '2,2026-11-02,Upwork,Monica,B,https://u/2,,Negotiating,2026-11-03,2026-11-10,,,USD,'
}

@test "Closed needs a revenue above zero and a converted date, even with --force" {
	five
	cp "$F" before
	run --separate-stderr rt-lead set 3 status=Closed
	assert_failure 1
	assert_equal "$stderr" "rt-lead: $F:4: lead 3 cannot be Closed without its revenue: add revenue=AMOUNT; nothing changed"
	run --separate-stderr rt-lead set --force 3 status=Closed revenue=0.00
	assert_failure 1
	run --separate-stderr rt-lead set --force 4 converted=
	assert_failure 1
	assert_equal "$stderr" "rt-lead: $F:5: lead 4 cannot be Closed without its converted date; nothing changed"
	run --separate-stderr rt-lead set --force 4 revenue=
	assert_failure 1
	cmp before "$F"
}

@test "a Closed or Lost lead keeps its revenue, currency and converted date; other fields change" {
	five
	cp "$F" before
	for a in revenue=950 currency=EUR converted=2026-11-06; do
		run --separate-stderr rt-lead set 4 "$a"
		assert_failure 1
		assert_equal "$stderr" "rt-lead: $F:5: lead 4 is Closed: its revenue, currency and converted date are final (--force changes them); nothing changed"
		cmp before "$F"
	done
	run --separate-stderr rt-lead set 5 revenue=10
	assert_failure 1
	# The same status again is no change.
	run rt-lead set 4 status=closed notes='paid on time' title='D, done'
	assert_success
	run rt-lead set --force 4 revenue=950.00
	assert_success
	run sed -n 5p "$F"
	assert_output '4,2026-11-02,Upwork,Monica,"D, done",https://u/4,,Closed,2026-11-03,2026-11-04,2026-11-05,950.00,USD,paid on time'
}

@test "set refuses what it cannot do: exit 1 for the file's leads, exit 2 for the command line" {
	five
	echo '4,2026-11-09,Fiverr,Ross,F,https://u/6,,,,,,,,' >>"$F"
	cp "$F" before
	run --separate-stderr rt-lead set 9 status=Lost
	assert_failure 1
	assert_equal "$stderr" "rt-lead: $F: no lead has the id \"9\""
	run --separate-stderr rt-lead set 4 status=Lost
	assert_failure 1
	assert_equal "$stderr" "rt-lead: $F: lead 4 is on lines 5 and 7; give one of them another id"
	run --separate-stderr rt-lead set 1 url=https://u/2/
	assert_failure 1
	assert_equal "$stderr" "rt-lead: $F:2: the url is already lead 2's; nothing changed"
	run --separate-stderr rt-lead set 1 colour=red
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: "colour" is not a field of a lead'
	run --separate-stderr rt-lead set 1 id=10
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: the id of a lead does not change'
	run --separate-stderr rt-lead set 1 status=Won
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: status=Won: not Prospecting, Proposal Sent, Negotiating, Closed or Lost'
	run --separate-stderr rt-lead set 1 converted=24/02/2026
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: converted=24/02/2026: not a YYYY-MM-DD date'
	run --separate-stderr rt-lead set 1 revenue=2.500,00
	assert_failure 2
	run --separate-stderr rt-lead set 1 currency=dollars
	assert_failure 2
	run --separate-stderr rt-lead set 1 platform=
	assert_failure 2
	run --separate-stderr rt-lead set 1 status
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: "status" is not field=value'
	run --separate-stderr rt-lead set 1
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-lead: set needs the lead'\''s id and at least one field=value'
	# A lead made invalid by the change: revenue with more places than the currency has.
	run --separate-stderr rt-lead set 1 revenue=1.234
	assert_failure 1
	assert_equal "$stderr" "rt-lead: $F:2: revenue \"1.234\" has more decimal places than the currency allows (USD); nothing changed"
	cmp before "$F"
}

@test "a hand edit that left a lead invalid can be mended with set" {
	five
	sed -i 's/^3,2026-11-02/3,2026-13-02/' "$F"
	run --separate-stderr rt-lead set 3 date=2026-11-02
	assert_success
	run rt-lead report
	assert_success
}

@test "add and set refuse to rewrite a file with a row they cannot read" {
	five
	echo '6,2026-11-09,Fiverr,Ross,"broken,https://u/6' >>"$F"
	echo '7,2026-11-09,Fiverr,Ross,G,https://u/7,,,,,,,,' >>"$F"
	cp "$F" before
	run --separate-stderr rt-lead set 1 status=Lost
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "rt-lead: $F:7: unterminated quoted field: the rest of the file is inside it; row left out"
	assert_equal "${stderr_lines[1]}" "rt-lead: $F: 1 row above cannot be read; mend the file before it is rewritten"
	run rt-lead add --platform Upwork --agent M --title t --url https://x
	assert_failure 1
	cmp before "$F"
	# Reading commands go on without it.
	run --separate-stderr rt-lead export
	assert_failure 1
	assert_output '{"id":"upwork:lead-4","source":"upwork","date":"2026-11-05","amount_minor":90000,"currency":"USD","kind":"sale","status":"completed","description":"D"}'
}

@test "the reader forgives a BOM, CRLF, blank lines, another column order and case, and keeps unknown columns" {
	printf '\xef\xbb\xbfStatus,ID, Agent ,Platform,Date,Revenue,Converted,Title,Owner Notes,URL\r\n' >"$F"
	printf '\r\n' >>"$F"
	printf 'closed,1,Monica,Upwork,2026-11-02,1200,2026-11-09,"Site, v2",call Tue,https://u/1\r\n' >>"$F"
	printf ',,,,,,,,,\r\n' >>"$F"
	printf 'PROPOSAL_SENT,2,Ross,fiverr,2026-11-03,,,Logo,,https://u/2\r\n' >>"$F"
	printf 'Lost ,3,Ross,Fiverr,2026-11-04\r\n' >>"$F"
	run --separate-stderr rt-lead export
	assert_success
	assert_output '{"id":"upwork:lead-1","source":"upwork","date":"2026-11-09","amount_minor":120000,"currency":"USD","kind":"sale","status":"completed","description":"Site, v2"}'
	run --separate-stderr rt-lead report
	assert_success
	# (bats leaves the blank lines out of $lines)
	assert_line --index 1 'status         leads'
	assert_line --index 2 'Prospecting        0'
	assert_line --index 3 'Proposal Sent      1'
	assert_line --index 5 'Closed             1'
	assert_line --index 6 'Lost               1'
	# Rewritten in rt's own form: its columns in order, then the person's; every cell's text kept.
	rt-lead set 2 status=Negotiating --as-of 2026-11-05
	run cat "$F"
	assert_output - <<CSV
$HEADER,Owner Notes
1,2026-11-02,Upwork,Monica,"Site, v2",https://u/1,,closed,,,2026-11-09,1200,,,call Tue
2,2026-11-03,fiverr,Ross,Logo,https://u/2,,Negotiating,,2026-11-05,,,,,
3,2026-11-04,Fiverr,Ross,,,,Lost,,,,,,,
CSV
}

@test "a file that is not a pipeline file, or is not there, is refused" {
	printf 'name,amount\nx,1\n' >other.csv
	run --separate-stderr rt-lead --file other.csv export
	assert_failure 1
	assert_equal "$stderr" 'rt-lead: other.csv:1: the first row names none of the columns (id, date, ...)'
	run --separate-stderr rt-lead --file missing.csv report
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: missing.csv: No such file or directory'
	run --separate-stderr rt-lead --file missing.csv set 1 status=Lost
	assert_failure 1
	assert_equal "$stderr" 'rt-lead: missing.csv: no lead has the id "1"'
	[ ! -e missing.csv ]
}

@test "RT_LEADS names the file, --file wins over it" {
	export RT_LEADS=env.csv
	rt-lead add --platform Upwork --agent M --title t --url https://x >/dev/null
	[ -s env.csv ]
	rt-lead --file opt.csv add --platform Upwork --agent M --title t --url https://x >/dev/null
	[ -s opt.csv ]
	[ ! -e "$F" ]
}

@test "export: won leads as checked canonical records; reversed after a forced move; bad leads placed" {
	cat >"$F" <<CSV
$HEADER
1,2026-11-02,Upwork,Monica,A,https://u/1,,Closed,,,2026-11-05,2500,usd,
2,2026-11-02,Toptal Direct,Ross,B,https://u/2,,Lost,,,2026-11-06,300,EUR,moved back with --force
3,2026-11-02,Fiverr,Ross,C,https://u/3,,Negotiating,,,,,,
4,2026-11-03,Fiverr,Ross,D,https://u/4,,Closed,,,2026-11-07,150000,JPY,
5,2026-11-03,Fiverr,Ross,E,https://u/5,,Won,,,,,,
6,2026-11-03,Fiverr,Ross,F,https://u/6,,Closed,,,,100,,
1,2026-11-03,Fiverr,Ross,G,https://u/7,,Closed,,,2026-11-08,5,,
8,2026-11-09,Fiverr,Ross,H,https://u/8,,Closed,,,2026-11-08,5,,
9,2026-11-09,Fiverr,Ross,I,https://u/9,,Closed,,,2026-11-10,5.001,,
CSV
	run --separate-stderr rt-lead export
	assert_failure 1
	assert_output - <<'OUT'
{"id":"upwork:lead-1","source":"upwork","date":"2026-11-05","amount_minor":250000,"currency":"USD","kind":"sale","status":"completed","description":"A"}
{"id":"toptal-direct:lead-2","source":"toptal-direct","date":"2026-11-06","amount_minor":30000,"currency":"EUR","kind":"sale","status":"reversed","description":"B"}
{"id":"fiverr:lead-4","source":"fiverr","date":"2026-11-07","amount_minor":150000,"currency":"JPY","kind":"sale","status":"completed","description":"D"}
OUT
	assert_equal "$stderr" "rt-lead: $F:6: status \"Won\" is not Prospecting, Proposal Sent, Negotiating, Closed or Lost; lead left out
rt-lead: $F:7: lead 6 is Closed without its converted date; lead left out
rt-lead: $F:8: another lead above has this id; lead left out
rt-lead: $F:9: converted 2026-11-08 is before the lead's date 2026-11-09; lead left out
rt-lead: $F:10: revenue \"5.001\" has more decimal places than the currency allows (USD); lead left out"
	# Every record passes the canonical checks of the ledger's programs.
	rt-lead export 2>/dev/null | rt-aggregate -g source >/dev/null
}

@test "exported deals flow into the ledger, the totals and the tracker" {
	five
	rt-lead export >leads.ndjson
	cat leads.ndjson leads.ndjson | rt-dedupe --last >ledger.ndjson
	run rt-aggregate -g month,source --format csv ledger.ndjson
	assert_success
	assert_line --index 1 '2026-11,upwork,USD,1,90000,0,0,0,0,90000,0'
	run rt-md-update --goal 1000 tracker.md ledger.ndjson
	assert_success
	run grep -c 'upwork:lead-4' tracker.md
	assert_output 1
	# A change after the first export replaces the record, id for id.
	rt-lead set --force 4 status=Lost
	rt-lead export | rt-dedupe --last ledger.ndjson - >ledger.new
	run jq -c '[.id, .status]' ledger.new
	assert_output '["upwork:lead-4","reversed"]'
}

# The fixed history: 24 leads by formula, from 2026-10-29 to 2026-11-21 one a
# day, and four more by hand.  Lead i: agents by i % 4 (Ross; Rachel;
# Monica and Joey; Monica), platform by i % 3 (Upwork; Fiverr; Braintrust),
# status by i % 5 (Closed; Lost; Prospecting; Proposal Sent; Negotiating),
# a proposal the day after for the later statuses and for the even Lost,
# converted i % 6 + 1 days after, revenue i * 100 (lead 15 in EUR, 1500.50).
history() {
	awk -v h="$HEADER" 'function day(n) { return n <= 3 ? sprintf("2026-10-%02d", 28 + n) : sprintf("2026-11-%02d", n - 3) }
	BEGIN {
		print h
		split("Monica|Ross|Rachel|Monica; Joey", ag, "|")
		split("Upwork|Fiverr|Braintrust", pl, "|")
		split("Closed|Lost|Prospecting|Proposal Sent|Negotiating", st, "|")
		for (i = 1; i <= 24; i++) {
			s = st[i % 5 + 1]
			ps = (s == "Proposal Sent" || s == "Negotiating" || s == "Closed" || (s == "Lost" && i % 2 == 0)) ? day(i + 1) : ""
			conv = s == "Closed" ? day(i + i % 6 + 1) : ""
			rev = s == "Closed" ? (i == 15 ? "1500.50" : i * 100) : ""
			printf "%d,%s,%s,%s,Job %d,https://jobs/%d,%s,%s,%s,,%s,%s,%s,\n", i, day(i), pl[i % 3 + 1],
			    ag[i % 4 + 1], i, i, i % 2 ? "" : i * 50, s, ps, conv, rev, i == 15 ? "EUR" : "USD"
		}
		print "25,2026-11-19,Toptal,Phoebe,Job 25,https://jobs/25,,Closed,2026-11-19,,2026-11-21,3000.00,USD,"
		print "26,2026-11-20,Toptal,Phoebe,Job 26,https://jobs/26,,Closed,,,2026-11-21,1200,USD,"
		print "27,2026-10-01,Upwork,Gunther,Job 27,https://jobs/27,,Lost,,,,,USD,"
		print "28,2026-11-22,Fiverr,Ross,Job 28,https://jobs/28,,Prospecting,,,,,USD,after the as-of date"
	}' >"$F"
}

@test "the weekly report on the fixed history gives the hand-checked figures" {
	history
	run --separate-stderr rt-lead report --week
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<'OUT'
Pipeline, the week 2026-11-15..2026-11-21

status         leads
Prospecting        1
Proposal Sent      2
Negotiating        2
Closed             3
Lost               1
total              9

agent   leads  proposals  closed  conversion    revenue  days to close
Joey        2          2       0          0%          -              -
Monica      4          4       1         25%  $2,000.00            3.0
Phoebe      2          2       2        100%  $4,200.00            1.5
Rachel      2          1       0          0%          -              -
Ross        1          0       0          0%          -              -

platform    leads  proposals  closed  conversion    revenue  days to close
Braintrust      2          2       1         50%  $2,000.00            3.0
Fiverr          2          1       0          0%          -              -
Toptal          2          2       2        100%  $4,200.00            1.5
Upwork          3          2       0          0%          -              -

Best converter: Phoebe, 2 of 2 leads closed (100%)
Best platform: Toptal, 2 of 2 leads closed (100%)

Recommendations:
- double down on Phoebe: 2 of 2 leads closed (100%, over 50%)
- double down on Toptal: 2 of 2 leads closed (100%, over 50%)
- activate Gunther: 0 leads in 2026-11-15..2026-11-21 (fewer than 2)
- activate Ross: 1 lead in 2026-11-15..2026-11-21 (fewer than 2)
OUT
}

@test "the whole pipeline on the fixed history: per currency revenue, ties, rounding half away from zero" {
	history
	run --separate-stderr rt-lead report
	assert_success
	assert_output - <<'OUT'
Pipeline, every lead to 2026-11-21

status         leads
Prospecting        5
Proposal Sent      5
Negotiating        5
Closed             6
Lost               6
total             27

agent    leads  proposals  closed  conversion               revenue  days to close
Gunther      1          0       0          0%                     -              -
Joey         6          4       1         17%             €1,500.50            4.0
Monica      12          9       2         17%  €1,500.50, $2,000.00            3.5
Phoebe       2          2       2        100%             $4,200.00            1.5
Rachel       6          4       1         17%             $1,000.00            5.0
Ross         6          3       1         17%               $500.00            6.0

platform    leads  proposals  closed  conversion    revenue  days to close
Braintrust      8          5       2         25%  $2,500.00            4.5
Fiverr          8          5       1         13%  $1,000.00            5.0
Toptal          2          2       2        100%  $4,200.00            1.5
Upwork          9          6       1         11%  €1,500.50            4.0

Best converter: Phoebe, 2 of 2 leads closed (100%)
Best platform: Toptal, 2 of 2 leads closed (100%)

Recommendations:
- double down on Phoebe: 2 of 2 leads closed (100%, over 50%)
- double down on Toptal: 2 of 2 leads closed (100%, over 50%)
- activate Gunther: 0 leads in 2026-11-15..2026-11-21 (fewer than 2)
- activate Ross: 1 lead in 2026-11-15..2026-11-21 (fewer than 2)
OUT
	# Without Phoebe and Toptal, equal shares go to the one that closed more: Monica (2 of 12).
	grep -v Phoebe "$F" >f2.csv
	run rt-lead --file f2.csv report
	assert_line 'Best converter: Monica, 2 of 12 leads closed (17%)'
	assert_line 'Best platform: Braintrust, 2 of 8 leads closed (25%)'
}

@test "report --format md, and a pipeline with nothing closed" {
	printf '%s\n' "$HEADER" '1,2026-11-20,Upwork,Monica,a,https://a,,,,,,,,' '2,2026-11-21,Upwork,Monica,b,https://b,,,,,,,,' >"$F"
	run --separate-stderr rt-lead report --format md
	assert_success
	assert_output - <<'OUT'
# Pipeline, every lead to 2026-11-21

## By status

| status | leads |
|---|---:|
| Prospecting | 2 |
| Proposal Sent | 0 |
| Negotiating | 0 |
| Closed | 0 |
| Lost | 0 |
| total | 2 |

## By agent

| agent | leads | proposals | closed | conversion | revenue | days to close |
|---|---:|---:|---:|---:|---:|---:|
| Monica | 2 | 0 | 0 | 0% | - | - |

## By platform

| platform | leads | proposals | closed | conversion | revenue | days to close |
|---|---:|---:|---:|---:|---:|---:|
| Upwork | 2 | 0 | 0 | 0% | - | - |

Best converter: none yet, no lead closed

Best platform: none yet, no lead closed

## Recommendations

- none
OUT
	run --separate-stderr rt-lead report --format html
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: --format "html" is not text or md'
}

@test "report: a bad lead is placed and left out, exit 1, the others counted" {
	printf '%s\n' "$HEADER" '1,2026-11-20,Upwork,Monica,a,https://a,,,,,,,,' '2,,Upwork,Monica,b,https://b,,,,,,,,' '3,2026-11-20,,Monica,b,https://b,,,,,,,,' >"$F"
	run --separate-stderr rt-lead report
	assert_failure 1
	assert_line --index 7 'total              1'
	assert_equal "$stderr" "rt-lead: $F:3: no date: the day the lead was found; lead left out
rt-lead: $F:4: no platform; lead left out"
}

@test "on a terminal, add asks for each field until the answer will do" {
	run python3 "$TOP/tests/terminal.py" rt-lead add -- Braintrust '' Rachel 'Data pipeline' https://app.usebraintrust.com/jobs/77 abc 1200 '' remote
	assert_success
	assert_output - <<'OUT'
platform (Upwork, Fiverr, Braintrust, ...): Braintrust
agent (several: Monica; Ross): 
agents: "" is needed
agent (several: Monica; Ross): Rachel
title: Data pipeline
url: https://app.usebraintrust.com/jobs/77
budget (empty: not stated): abc
budget: "abc" is not an amount such as 500 or 1250.50
budget (empty: not stated): 1200
currency [USD]: 
notes: remote
1
exit 0
OUT
	run tail -n 1 "$F"
	assert_output '1,2026-11-21,Braintrust,Rachel,Data pipeline,https://app.usebraintrust.com/jobs/77,1200,Prospecting,,,,,USD,remote'
	# rt-lead alone on a terminal is the same; Ctrl-D adds nothing.
	cp "$F" before
	run python3 "$TOP/tests/terminal.py" --eof rt-lead -- Upwork
	assert_success
	assert_output - <<'OUT'
platform (Upwork, Fiverr, Braintrust, ...): Upwork
agent (several: Monica; Ross): ^D
rt-lead: no lead added
exit 2
OUT
	cmp before "$F"
}

@test "commands and their options: misuse is exit 2 with the usage" {
	run --separate-stderr rt-lead </dev/null
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-lead: name a command: add, set, export, report'
	run --separate-stderr rt-lead delete 1
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-lead: unknown command "delete"; the commands are add, set, export, report'
	run --separate-stderr rt-lead export --week
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-lead: --week is an option of rt-lead report, not of export'
	run --separate-stderr rt-lead set --platform Upwork 1 status=Lost
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-lead: --platform is an option of rt-lead add, not of set'
	run --separate-stderr rt-lead report extra
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-lead: report takes no operands, but was given "extra"'
	run --separate-stderr rt-lead report --as-of 2026-13-01
	assert_failure 2
	assert_equal "$stderr" 'rt-lead: as-of date "2026-13-01" is not YYYY-MM-DD'
}

@test "twenty adds at once each get their own id and row" {
	local i
	for i in $(seq 1 20); do
		rt-lead add --platform Upwork --agent M --title "t$i" --url "https://x/$i" >"id.$i" &
	done
	wait
	run bash -c 'cat id.* | sort -n | tr "\n" " "'
	assert_output '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 '
	run wc -l <"$F"
	assert_output 21
	run bash -c "ls -A | grep -c rt-tmp"
	assert_output 0
}

@test "a file that cannot be replaced is exit 4 and unchanged" {
	five
	chmod a-w "$F"
	cp "$F" before
	run --separate-stderr rt-lead set 1 status=Lost
	assert_failure 4
	assert_equal "$stderr" "rt-lead: $F: Permission denied"
	cmp before "$F"
	mkdir ro
	cp before ro/"$F"
	chmod a-w ro
	run --separate-stderr rt-lead --file ro/"$F" add --platform Upwork --agent M --title t --url https://x
	chmod u+w ro
	assert_failure 4
	cmp before ro/"$F"
	run --separate-stderr bash -c "rt-lead export >/dev/full"
	assert_failure 4
	assert_equal "$stderr" 'rt-lead: stdout: No space left on device'
}

@test "killed at random points, add leaves the old file or the new one, whole" {
	local i n w
	cc -O2 -o killat "$TOP/tests/killat.c"
	history
	for i in $(seq 1 60); do
		cp "$F" before
		n=$(wc -l <before)
		# Half the kills at any moment, half once the temporary is there.
		w=()
		[ $((i % 2)) = 0 ] && w=(-w .)
		./killat -d 3000 -s "$i" "${w[@]}" rt-lead add --platform Upwork --agent M --title t --url "https://k/$i" >/dev/null 2>&1 || true
		cmp -s before "$F" && continue
		head -n "$n" "$F" | cmp -s - before || fail "run $i: the old rows changed"
		[ "$(wc -l <"$F")" = $((n + 1)) ] || fail "run $i: not one row more"
		tail -n 1 "$F" | grep -q ",https://k/$i," || fail "run $i: the new row is not whole"
	done
	# The next writer removes a temporary a killed one left.
	rt-lead add --platform Upwork --agent M --title t --url https://k/last >/dev/null
	run bash -c "ls -A | grep -c rt-tmp"
	assert_output 0
}

@test "rt-lead(1): EXAMPLES run as shown; mandoc is quiet" {
	run_man_examples "$TOP/man/rt-lead.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-lead.1"
	assert_output ''
}
