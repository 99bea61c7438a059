#!/usr/bin/env bats
# The job alert of examples/jobs.mk end to end, against the fake feeds and a
# fake Slack webhook: each job alerted once across runs, a delivery that
# fails alerts again next time, a feed that fails does not stop the others.

load helper
load fake

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10 RT_HTTP_RETRIES=1
	fake_start feed
	FEEDS=$FAKE_URL
	fake_start slack
	mkdir -p secrets
	echo "$FAKE_URL_SLACK/services/T000/B000/XXXX" >secrets/slack_webhook_url.txt
	printf '%s\n' "$FEEDS/private/rolling.rss?securityToken=feed-token-5f1c9a7e20" >secrets/job_feeds.txt
}

jobs() {
	make -s -C "$TOP/examples" -f jobs.mk jobs BIN="$RT_BIN" STATE="$BATS_TEST_TMPDIR/state" \
		JOBS_RUN="$BATS_TEST_TMPDIR/run" RT_SECRETS_DIR="$BATS_TEST_TMPDIR/secrets" "$@"
}

# The titles Slack received, in order.
alerted() {
	jq -r 'select(.method == "POST") | .body | fromjson | .text | split("\n")[0] | sub("^.*[|]"; "") | rtrimstr(">")' "$FAKE_LOG_SLACK"
}

@test "three runs: each job alerted once, as the feed moves on" {
	run --separate-stderr jobs JOBS_MIN=0
	assert_success
	assert_equal "$stderr" ''
	assert_output 'jobs: 5 alerted of 5 read'
	run --separate-stderr jobs JOBS_MIN=0
	assert_output 'jobs: 2 alerted of 5 read'
	run --separate-stderr jobs JOBS_MIN=0
	assert_output 'jobs: 2 alerted of 5 read'
	# Nine jobs in all, none twice, newest first within each run.
	run bash -c "$(declare -f alerted); alerted | tr '\n' ,"
	assert_output 'Rolling job 5,Rolling job 4,Rolling job 3,Rolling job 2,Rolling job 1,Rolling job 7,Rolling job 6,Rolling job 9,Rolling job 8,'
	run wc -l <state/jobs_seen.txt
	assert_output 9
}

@test "the rules and --min decide what is alerted; the message says why" {
	printf '%s\n' "$FEEDS/upwork.rss" "$FEEDS/braintrust.atom" >secrets/job_feeds.txt
	run --separate-stderr jobs
	assert_success
	assert_output 'jobs: 4 alerted of 7 read'
	run jq -r 'select(.method == "POST") | .body | fromjson | .text' "$FAKE_LOG_SLACK"
	assert_line --index 0 '*100/100* <https://www.upwork.com/jobs/React-Native-developer-for-fitness-app_%7E01a1b2c3d4e5f60001?source=rss|React Native developer for a fitness app - Upwork>'
	assert_line --index 1 'upwork · $1,500.00 fixed · for Monica'
	run alerted
	assert_output - <<'OUT'
React Native developer for a fitness app - Upwork
Python data pipeline on AWS (Airflow, dbt) - Upwork
Senior Go engineer &amp; SRE
Shopify store build for a skincare brand
OUT
}

@test "a delivery that fails keeps the seen file, so the next run alerts the same jobs" {
	fake_stop_all
	fake_start feed
	FEEDS=$FAKE_URL
	printf '%s\n' "$FEEDS/upwork.rss" >secrets/job_feeds.txt
	fake_start slack --refuse 410:channel_is_archived
	echo "$FAKE_URL_SLACK/services/T000/B000/XXXX" >secrets/slack_webhook_url.txt
	run --separate-stderr jobs
	assert_failure
	[[ "$stderr" == *'HTTP 410 from http://127.0.0.1:'*'/****XXXX: channel_is_archived'* ]] || fail "said: $stderr"
	[ ! -s state/jobs_seen.txt ]
	fake_start slack
	echo "$FAKE_URL_SLACK/services/T000/B000/XXXX" >secrets/slack_webhook_url.txt
	run --separate-stderr jobs
	assert_success
	assert_output 'jobs: 2 alerted of 4 read'
	run wc -l <state/jobs_seen.txt
	assert_output 2
}

@test "a feed that fails is named, the others' jobs are alerted, and the run fails" {
	printf '%s\n' "$FEEDS/broken.rss" "$FEEDS/upwork.rss" >secrets/job_feeds.txt
	run --separate-stderr jobs
	assert_failure
	assert_output 'jobs: 2 alerted of 4 read'
	assert_equal "${stderr_lines[0]%%: not well-formed*}" "rt-fetch-feed: $FEEDS/broken.rss"
	assert_equal "${stderr_lines[1]}" 'jobs: a feed failed; the jobs of the others go on'
	# make names the failed target last: "make: ***", or "make[1]: ***" under make check.
	[[ "${stderr_lines[-1]}" == make*': *** '* ]]
	run wc -l <state/jobs_seen.txt
	assert_output 2
}

@test "the crontab lines: 10:00, 14:00 and 18:00 in Asia/Kolkata, apart from the refresh" {
	run grep -E '^#   (CRON_TZ|0 )' "$TOP/examples/jobs.mk"
	assert_output - <<'OUT'
#   CRON_TZ=Asia/Kolkata
#   0 10,14,18 * * *  make -C /path/to/rt/examples -f jobs.mk jobs >>/var/log/rt-jobs.log 2>&1
OUT
	# The refresh's own file does not know about it.
	run grep -c 'jobs' "$TOP/examples/Makefile"
	assert_output 0
}
