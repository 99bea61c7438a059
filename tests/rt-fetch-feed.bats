#!/usr/bin/env bats
# rt-fetch-feed against a fake feed server on 127.0.0.1 (tests/fakes/feed.py):
# RSS 2.0, RSS 1.0 and Atom as job sites write them, malformed XML, a feed
# that repeats items, one that moves on between runs, and HTTP's failures.

load helper
load fake
load man

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
	mkdir -p feeds
}

start() {
	fake_start feed --dir "$BATS_TEST_TMPDIR/feeds" "$@"
	FEEDS=$FAKE_URL
	export FEEDS
}

# A feed of one RSS item whose description is $1, at $FEEDS/files/$2.
one_item() {
	cat >"feeds/$2" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Job</title><guid>g-$2</guid><description>$1</description></item></channel></rss>
XML
}

@test "RSS 2.0 as Upwork writes it: ids, links, dates, budgets, the description as text" {
	start
	run --separate-stderr rt-fetch-feed "$FEEDS/upwork.rss"
	assert_success
	assert_equal "$stderr" 'rt-fetch-feed: 4 jobs from 1 feeds, 1 requests'
	assert_output - <<'OUT'
{"id":"https://www.upwork.com/jobs/React-Native-developer-for-fitness-app_%7E01a1b2c3d4e5f60001?source=rss","platform":"upwork","title":"React Native developer for a fitness app - Upwork","url":"https://www.upwork.com/jobs/React-Native-developer-for-fitness-app_%7E01a1b2c3d4e5f60001?source=rss","published":"2026-11-21T04:12:33Z","budget_minor":150000,"budget_currency":"USD","budget_kind":"fixed","summary":"We need an experienced React Native developer to finish our iOS and Android fitness app. TypeScript, Redux, HealthKit. Budget: $1,500 Posted On: November 21, 2026 04:12 UTC Category: Mobile Development Skills:React Native, TypeScript, iOS Country: United States click to apply"}
{"id":"https://www.upwork.com/jobs/Python-data-pipeline_%7E01a1b2c3d4e5f60002?source=rss","platform":"upwork","title":"Python data pipeline on AWS (Airflow, dbt) - Upwork","url":"https://www.upwork.com/jobs/Python-data-pipeline_%7E01a1b2c3d4e5f60002?source=rss","published":"2026-11-21T03:58:02Z","budget_minor":7500,"budget_min_minor":4000,"budget_currency":"USD","budget_kind":"hourly","summary":"Build and run our Airflow DAGs and dbt models on AWS. Long term. Hourly Range: $40.00-$75.00 Posted On: November 21, 2026 03:58 UTC Category: Data Engineering Skills:Python, Apache Airflow, dbt Country: Germany"}
{"id":"https://www.upwork.com/jobs/Fix-WordPress-contact-form_%7E01a1b2c3d4e5f60003?source=rss","platform":"upwork","title":"Fix a WordPress contact form - Upwork","url":"https://www.upwork.com/jobs/Fix-WordPress-contact-form_%7E01a1b2c3d4e5f60003?source=rss","published":"2026-11-21T03:40:11Z","budget_minor":5000,"budget_currency":"USD","budget_kind":"fixed","summary":"Our contact form stopped sending mail after an update. Quick fix needed. Budget: $50 Posted On: November 21, 2026 03:40 UTC Category: Web Development Country: Canada"}
{"id":"upwork-job-01a1b2c3d4e5f60004","platform":"upwork","title":"Logo & brand refresh for a bakery - Upwork","url":"https://www.upwork.com/jobs/Logo-brand-refresh_%7E01a1b2c3d4e5f60004?source=rss","published":"2026-11-20T23:05:00Z","summary":"A budget-friendly logo and colours for a family bakery. Unpaid test task first. Category: Design"}
OUT
	run jq -r '[.method, .path, .user_agent, .headers.Accept] | join(" ")' "$FAKE_LOG"
	assert_output 'GET /upwork.rss rt/0.1.0 application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1'
}

@test "Atom: html and xhtml text, alternate links, published or updated, an id from the link" {
	start
	run --separate-stderr rt-fetch-feed -q "$FEEDS/braintrust.atom"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<'OUT'
{"id":"urn:braintrust:job:5101","platform":"braintrust","title":"Senior Go engineer & SRE","url":"https://app.usebraintrust.com/jobs/5101/","published":"2026-11-21T04:00:00Z","budget_minor":12000,"budget_min_minor":9000,"budget_currency":"USD","budget_kind":"hourly","summary":"Kubernetes, Go, Postgres. Remote. Hourly rate: $90 - $120/hr"}
{"id":"urn:braintrust:job:5102","platform":"braintrust","title":"Shopify store build for a skincare brand","url":"https://app.usebraintrust.com/jobs/5102/","published":"2026-11-20T18:45:10Z","budget_minor":400000,"budget_currency":"EUR","budget_kind":"fixed","summary":"Theme, three apps, migration of 400 products. Budget: €4,000 fixed"}
{"id":"https://app.usebraintrust.com/jobs/5103/","platform":"braintrust","title":"Data annotation lead","url":"https://app.usebraintrust.com/jobs/5103/","published":"2026-11-20T12:00:00Z"}
OUT
}

@test "RSS 1.0: rdf:about for a missing link, dc:date, ranges in rupees" {
	start
	run --separate-stderr rt-fetch-feed -q "$FEEDS/freelancer.rdf"
	assert_success
	assert_output - <<'OUT'
{"id":"https://www.freelancer.com/projects/php/fix-site-9001/","platform":"freelancer","title":"Fix bugs in a PHP shop","url":"https://www.freelancer.com/projects/php/fix-site-9001/","published":"2026-11-20T22:15:00Z","budget_minor":25000,"budget_min_minor":3000,"budget_currency":"USD","budget_kind":"fixed","summary":"Checkout errors and a slow search page. (Budget: $30 - $250 USD, Jobs: PHP, MySQL)"}
{"id":"https://www.freelancer.com/projects/python/scraper-9002/","platform":"freelancer","title":"Python scraper for price lists","url":"https://www.freelancer.com/projects/python/scraper-9002/","published":"2026-11-20T21:00:00Z","budget_minor":3750000,"budget_min_minor":1250000,"budget_currency":"INR","budget_kind":"fixed","summary":"Scrape 30 suppliers daily into a CSV. (Budget: ₹12,500 - ₹37,500 INR, Jobs: Python, Web Scraping)"}
OUT
}

@test "a job repeated in a feed, or in two feeds of one run, is written once; an item without an id is exit 1" {
	start
	run --separate-stderr rt-fetch-feed -v "$FEEDS/upwork.rss" "$FEEDS/repeat.rss"
	assert_failure 1
	run jq -r .id <<<"$output"
	assert_output - <<'OUT'
https://www.upwork.com/jobs/React-Native-developer-for-fitness-app_%7E01a1b2c3d4e5f60001?source=rss
https://www.upwork.com/jobs/Python-data-pipeline_%7E01a1b2c3d4e5f60002?source=rss
https://www.upwork.com/jobs/Fix-WordPress-contact-form_%7E01a1b2c3d4e5f60003?source=rss
upwork-job-01a1b2c3d4e5f60004
https://www.upwork.com/jobs/Expo-push_%7E01a1b2c3d4e5f60005?source=rss
OUT
	run grep -v ' 200 (' <<<"$stderr"
	assert_output - <<OUT
rt-fetch-feed: $FEEDS/upwork.rss: RSS, 4 items
rt-fetch-feed: $FEEDS/repeat.rss: RSS, 4 items
rt-fetch-feed: $FEEDS/repeat.rss: https://www.upwork.com/jobs/React-Native-developer-for-fitness-app_%7E01a1b2c3d4e5f60001?source=rss again; left out
rt-fetch-feed: $FEEDS/repeat.rss: https://www.upwork.com/jobs/Expo-push_%7E01a1b2c3d4e5f60005?source=rss again; left out
rt-fetch-feed: $FEEDS/repeat.rss: item 4 has no guid, id or link; left out
rt-fetch-feed: 5 jobs from 2 feeds, 2 requests
OUT
}

@test "malformed XML, an HTML page, a 404: each named with the reason, exit 3, the other feeds written" {
	start
	run --separate-stderr rt-fetch-feed "$FEEDS/broken.rss" "$FEEDS/freelancer.rdf" "$FEEDS/login.html" "$FEEDS/gone.rss"
	assert_failure 3
	assert_equal "$(wc -l <<<"$output")" 2
	assert_equal "$stderr" "rt-fetch-feed: $FEEDS/broken.rss: not well-formed XML (line 6: xmlParseEntityRef: no name): <?xml version=\"1.0\" encoding=\"UTF-8\"?> <rss version=\"2.0\"> <channel>   <title>Jobs</title>   <item>     <title>Rock & roll band website</title>     <guid>https://jobs.example.com/1</guid>   </item> </
rt-fetch-feed: $FEEDS/login.html: not an RSS or Atom feed: the document is <html>: <!DOCTYPE html><html><head><title>Log in</title></head><body><form>...</form></body></html>
rt-fetch-feed: HTTP 404 from $FEEDS/gone.rss: not found
rt-fetch-feed: 2 jobs from 1 of 4 feeds, 4 requests"
}

@test "what is not well-formed is refused whole: cut short, unclosed, bad bytes, empty" {
	start
	printf '<?xml version="1.0"?><rss><channel><item><guid>a</guid></item><item><guid>b' >feeds/cut.rss
	printf '<rss><channel><item><guid>a</guid></channel></rss>' >feeds/unclosed.rss
	printf '<rss><channel><item><guid>a\xff</guid></item></channel></rss>' >feeds/bytes.rss
	: >feeds/empty.rss
	printf '<rss><channel><item><title>&nbsp;</title><guid>a</guid></item></channel></rss>' >feeds/entity.rss
	for f in cut unclosed bytes empty entity; do
		run --separate-stderr rt-fetch-feed -q "$FEEDS/files/$f.rss"
		assert_failure 3
		assert_output ''
	done
	assert_equal "$stderr" "rt-fetch-feed: $FEEDS/files/entity.rss: not well-formed XML (line 1: Entity 'nbsp' not defined): <rss><channel><item><title>&nbsp;</title><guid>a</guid></item></channel></rss>"
}

@test "the parser reaches no network and expands no external entity" {
	start
	echo 'a secret on this machine' >secret.txt
	cat >feeds/xxe.rss <<XML
<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file://$BATS_TEST_TMPDIR/secret.txt"><!ENTITY y SYSTEM "$FEEDS/upwork.rss">]>
<rss><channel><item><title>&x;&y;</title><guid>g</guid></item></channel></rss>
XML
	run --separate-stderr rt-fetch-feed -q "$FEEDS/files/xxe.rss"
	assert_success
	assert_output '{"id":"g","platform":"127.0.0.1"}'
	run fake_requests "$FAKE_LOG"
	assert_output 1
}

@test "budgets as job sites state them, exactly, and what is not one" {
	start
	local -a cases=(
		'Budget: $500|500|fixed|USD|50000|'
		'&lt;b&gt;Budget&lt;/b&gt;: $1,234.56|1234|fixed|USD|123456|'
		'Hourly Range: $25.00-$50.00|hr|hourly|USD|5000|2500'
		'Budget: 300 EUR|eur|fixed|EUR|30000|'
		'budget of £1,200 to £1,500|gbp|fixed|GBP|150000|120000'
		'Budget: $40 per hour|perhour|hourly|USD|4000|'
		'(Budget: ¥150,000 JPY)|jpy|fixed|JPY|150000|'
		'Budget: ¥1,000 CNY|cny|fixed|CNY|100000|'
		'Budget: 2.500 BHD|bhd|fixed|BHD|2500|'
		'Hourly: US$60/hr|ushr|hourly|USD|6000|'
		'Budget: $12.345|none1||||'
		'Budget: $5k|none2||||'
		'Budget: 500|none3||||'
		'A budget-friendly job for a $5 fee|none4||||'
		'Budgetary: $500|none5||||'
		'The $500 budget|none6||||'
	)
	local c text name kind cur max min
	for c in "${cases[@]}"; do
		IFS='|' read -r text name kind cur max min <<<"$c"
		one_item "$text" "$name.rss"
		run rt-fetch-feed -q "$FEEDS/files/$name.rss"
		assert_success
		run jq -r '[.budget_kind // "", .budget_currency // "", .budget_minor // "", .budget_min_minor // ""] | join("|")' <<<"$output"
		assert_equal "$text: $output" "$text: $kind|$cur|$max|$min"
	done
}

@test "--platform names every job's platform; without a link, the feed's host" {
	start
	run rt-fetch-feed -q --platform Upwork "$FEEDS/braintrust.atom"
	assert_success
	run jq -r .platform <<<"$output"
	assert_output $'Upwork\nUpwork\nUpwork'
	one_item 'x' nolink.rss
	run rt-fetch-feed -q "$FEEDS/files/nolink.rss"
	assert_output '{"id":"g-nolink.rss","platform":"127.0.0.1","title":"Job","summary":"x"}'
}

@test "private feeds from --url-file: 403 is exit 2 naming the token, which no message shows" {
	start
	local tok=feed-token-5f1c9a7e20
	printf '# our searches\n\n  %s  \n%s\n' "$FEEDS/private/upwork.rss?securityToken=$tok" "$FEEDS/private/freelancer.rdf?securityToken=wrong-token-0000" >feeds.txt
	run --separate-stderr rt-fetch-feed -v --url-file feeds.txt
	assert_failure 2
	assert_equal "$(wc -l <<<"$output")" 4
	[[ "$stderr" != *"$tok"* ]] || fail "the token is on stderr: $stderr"
	[[ "$stderr" != *wrong-token* ]] || fail "the wrong token is on stderr: $stderr"
	[[ "$stderr" == *"rt-fetch-feed: GET $FEEDS/private/upwork.rss?****7e20 200 ("* ]] || fail "no masked request in: $stderr"
	assert_equal "${stderr_lines[-2]}" "rt-fetch-feed: HTTP 403 from $FEEDS/private/freelancer.rdf?****0000: <error>invalid security token</error>; check the feed's URL and its token"
	assert_equal "${stderr_lines[-1]}" 'rt-fetch-feed: 4 jobs from 1 of 2 feeds, 2 requests'
}

@test "429, 5xx, resets and truncated answers are retried" {
	start --faults 429-retry-after,500,503,reset,truncate
	RT_HTTP_RETRIES=5 run --separate-stderr rt-fetch-feed -q "$FEEDS/freelancer.rdf"
	assert_success
	assert_equal "$(wc -l <<<"$output")" 2
	run fake_requests "$FAKE_LOG"
	assert_output 6
}

@test "a feed that keeps failing, stalls past the timeout, or is not there is exit 3" {
	start --faults 502,502,502
	RT_HTTP_RETRIES=2 run --separate-stderr rt-fetch-feed "$FEEDS/upwork.rss"
	assert_failure 3
	assert_equal "${stderr_lines[0]}" "rt-fetch-feed: HTTP 502 from $FEEDS/upwork.rss (gave up after 3 attempts): {\"error\": \"upstream trouble 502\"}"
	fake_stop_all
	start --faults stall,stall --stall 3
	RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 run --separate-stderr rt-fetch-feed -q "$FEEDS/upwork.rss"
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-feed: $FEEDS/upwork.rss: Timeout was reached (gave up after 2 attempts)"
	RT_HTTP_RETRIES=0 run --separate-stderr rt-fetch-feed -q http://127.0.0.1:9/jobs.rss
	assert_failure 3
	assert_equal "$stderr" "rt-fetch-feed: http://127.0.0.1:9/jobs.rss: Couldn't connect to server (gave up after 1 attempts)"
}

@test "a feed that moves on: rt-dedupe --seen passes each job once across runs" {
	start
	local run
	for run in 1 2 3; do
		rt-fetch-feed -q "$FEEDS/rolling.rss" | rt-dedupe -k id --seen seen.txt >"new.$run"
	done
	run jq -r .title new.1 new.2 new.3
	assert_output - <<'OUT'
Rolling job 5
Rolling job 4
Rolling job 3
Rolling job 2
Rolling job 1
Rolling job 7
Rolling job 6
Rolling job 9
Rolling job 8
OUT
	run wc -l <seen.txt
	assert_output 9
}

@test "usage: no URL, not http, an unreadable --url-file, an unknown option: exit 2, nothing asked" {
	run --separate-stderr rt-fetch-feed
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "rt-fetch-feed: name a feed's URL, or --url-file file"
	assert_equal "${stderr_lines[1]}" 'usage: rt-fetch-feed [-qv] [--platform name] [--url-file file] [url ...]'
	run --separate-stderr rt-fetch-feed file:///etc/passwd
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-feed: feed 1 is not an http:// or https:// URL'
	run --separate-stderr rt-fetch-feed --url-file missing.txt
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-feed: missing.txt: No such file or directory'
	printf '# nothing\n' >empty.txt
	run --separate-stderr rt-fetch-feed --url-file empty.txt
	assert_failure 2
	RT_HTTP_RETRIES=many run --separate-stderr rt-fetch-feed http://127.0.0.1:9/
	assert_failure 2
	assert_equal "$stderr" 'rt-fetch-feed: RT_HTTP_RETRIES="many" is not a number from 0 to 100'
}

@test "jobs that cannot be written are exit 4" {
	start
	run --separate-stderr bash -c 'rt-fetch-feed -q "$FEEDS/upwork.rss" >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-fetch-feed: stdout: No space left on device'
}

@test "rt-fetch-feed(1): EXAMPLES run as shown against the fake; mandoc is quiet" {
	start
	cp "$TOP/examples/jobs.rules" .
	run_man_examples "$TOP/man/rt-fetch-feed.1"
	run mandoc -Tlint -Wwarning "$TOP/man/rt-fetch-feed.1"
	assert_output ''
}
