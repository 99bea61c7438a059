#!/usr/bin/env bats
# The monthly check-in of examples/checkin.mk, against a fake Slack webhook:
# the crontab line's target sends the message naming the hand-kept files
# and what they hold.

load helper
load fake

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
	mkdir -p secrets
	fake_start slack
	printf '%s\n' "$FAKE_URL/services/T000/B000/XXXX" >secrets/slack_webhook_url.txt
}

checkin() {
	make -s -C "$TOP/examples" -f checkin.mk BIN="$RT_BIN" RT_SECRETS_DIR="$BATS_TEST_TMPDIR/secrets" "$@"
}

@test "the check-in names both files and the figures each holds; the crontab line's target sends it" {
	run --separate-stderr checkin preview
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<'OUT'
Monthly check-in: time to bring the figures kept by hand up to date, MSN's statements and AdsByMoney's earnings.
• MSN, in data/msn_monthly.json: 10 figures, 2026-01..2026-10; the latest, 2026-10: $37,890.80; still empty: 2026-11
• AdsByMoney, in data/adsbymoney_manual.json: 13 figures, 2026-01..2026-11-17; the latest, 2026-11-17: $79.15
OUT
	run --separate-stderr checkin checkin
	assert_success
	assert_equal "$output$stderr" ''
	run jq -r '.body | fromjson | .text' "$FAKE_LOG"
	assert_line --index 1 '• MSN, in data/msn_monthly.json: 10 figures, 2026-01..2026-10; the latest, 2026-10: $37,890.80; still empty: 2026-11'
	# The crontab line in the file's header names this target, on the 21st.
	run grep -c '^#   0 9 21 \* \*  make -C /path/to/rt/examples -f checkin.mk checkin' "$TOP/examples/checkin.mk"
	assert_output 1
}

@test "other files, empty ones, and amounts kept exact" {
	echo '{"2026-10": 100, "2026-11": null}' >msn.json
	echo '{"2026-11-03": "0.50", "2026-11-04": 1234567.8}' >abm.json
	run --separate-stderr checkin preview MSN_FILE="$PWD/msn.json" ABM_FILE="$PWD/abm.json"
	assert_success
	assert_line --index 1 "• MSN, in $PWD/msn.json: 1 figure, 2026-10..2026-10; the latest, 2026-10: \$100.00; still empty: 2026-11"
	assert_line --index 2 "• AdsByMoney, in $PWD/abm.json: 2 figures, 2026-11-03..2026-11-04; the latest, 2026-11-04: \$1,234,567.80"
	echo '{}' >abm.json
	run --separate-stderr checkin preview MSN_FILE="$PWD/msn.json" ABM_FILE="$PWD/abm.json"
	assert_line --index 2 "• AdsByMoney, in $PWD/abm.json: no figures yet"
	# A file that is not an object of periods sends nothing: rt-post's exit 1.
	echo '[1]' >abm.json
	run --separate-stderr checkin checkin MSN_FILE="$PWD/msn.json" ABM_FILE="$PWD/abm.json"
	assert_failure
	[[ "$stderr" == *'rt-post: <stdin>: --jq: AdsByMoney: the file is not an object of periods'* ]]
	run fake_requests "$FAKE_LOG"
	assert_output 0
}

@test "a webhook that refuses is a failure cron mails about" {
	fake_stop_all
	fake_start slack --refuse 410:channel_is_archived
	printf '%s\n' "$FAKE_URL/services/T000/B000/XXXX" >secrets/slack_webhook_url.txt
	run --separate-stderr checkin checkin
	assert_failure
	[[ "$stderr" == *'rt-post: HTTP 410 from http://127.0.0.1:'*': channel_is_archived'* ]]
}
