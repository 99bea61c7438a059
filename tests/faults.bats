#!/usr/bin/env bats
# Disk and output faults (SPEC section 4, exit 4): a closed stderr, and a
# target in a read-only directory or without a write bit.

load helper
load fake

RECORDS=5000		# records for the read-only test
CLOSE_KEY=api_test_close_Xk2v9QmT4s
IMPACT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq
IMPACT_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2

setup_file() {
	local d=$BATS_FILE_TMPDIR
	awk -v n="$RECORDS" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"id\":\"f:%d\",\"source\":\"s%d\",\"date\":\"2026-%02d-%02d\",\"amount_minor\":%d,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\"}\n",
		    i, i % 4, 1 + i % 11, 1 + i % 28, i }' >"$d/many.ndjson"
	head -n 200 "$d/many.ndjson" >"$d/some.ndjson"
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	D=$BATS_FILE_TMPDIR
	rt-md-update tracker.md "$D/some.ndjson"
	cp tracker.md tracker.before
}

teardown() {
	fake_stop_all
	# The read-only test's place outside bats' own directories.
	if [ -n "${W:-}" ]; then
		chmod -R u+w "$W" 2>/dev/null
		rm -rf "$W"
	fi
}

fakes() {
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=$CLOSE_KEY
	fake_start impact
	export RT_IMPACT_URL=$FAKE_URL RT_IMPACT_ACCOUNT_SID=$IMPACT_SID RT_IMPACT_AUTH_TOKEN=$IMPACT_TOKEN
	fake_start abm
	export RT_ABM_URL=$FAKE_URL RT_ABM_USER=pub@example.com RT_ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx' RT_ABM_PUBID=PUB-20417
}

# The output faults every program shares (full disk, closed stdout, | head -1)
# are in programs.bats, for every bin/rt-* through its profile.

@test "stderr closed: the tracker gets only what it should" {
	{ cat "$D/some.ndjson"; echo 'not a record'; tail -n 5 "$D/many.ndjson"; } >mixed.ndjson
	cp tracker.md a.md
	cp tracker.md b.md
	run rt-md-update a.md mixed.ndjson
	assert_failure 1
	run bash -c 'rt-md-update b.md mixed.ndjson 2>&-'
	assert_failure 1
	cmp a.md b.md
}

# The writer runs unprivileged: a directory's mode does not stop root.
as_writer() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
	else
		"$@"
	fi
}

@test "a target in a read-only directory is exit 4 and unchanged: tracker, seen file, state" {
	fakes
	# A place the unprivileged writer can reach: not below bats' own 0700 directories.
	W=$(mktemp -d "${TMPDIR:-/tmp}/rt-faults.XXXXXX")
	chmod 0755 "$W"
	mkdir "$W/ro"
	cp tracker.md "$W/ro/tracker.md"
	printf '"f:1"\n"f:2"\n' >"$W/ro/seen"
	echo '{"source":"close","cursor":"2026-10-01","updated_at":"2026-10-01T12:00:00Z"}' >"$W/ro/st.json"
	cp -r "$W/ro" before
	cp "$D/many.ndjson" "$W/in.ndjson"
	chmod 0644 "$W"/ro/* "$W/in.ndjson"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R nobody "$W/ro"
	fi
	chmod 0555 "$W/ro"

	run --separate-stderr as_writer rt-md-update "$W/ro/tracker.md" "$W/in.ndjson"
	assert_equal "$status" 4
	assert_equal "$stderr" "rt-md-update: $W/ro/tracker.md: Permission denied"
	run --separate-stderr as_writer rt-md-update "$W/ro/new.md" "$W/in.ndjson"
	assert_equal "$status" 4
	assert_equal "$stderr" "rt-md-update: $W/ro/new.md: Permission denied"
	run --separate-stderr as_writer rt-dedupe --seen "$W/ro/seen" "$W/in.ndjson"
	assert_equal "$status" 4
	assert_equal "$stderr" "rt-dedupe: $W/ro/seen: Permission denied"
	run --separate-stderr as_writer rt-fetch-close -q --state-out "$W/ro/st.json"
	assert_equal "$status" 4
	assert_equal "$stderr" "rt-fetch-close: $W/ro/st.json: Permission denied"
	run --separate-stderr as_writer rt-fetch-close -q --state-out "$W/ro/new.json"
	assert_equal "$status" 4
	assert_equal "$stderr" "rt-fetch-close: $W/ro/new.json: Permission denied"
	chmod 0755 "$W/ro"
	run diff -r before "$W/ro"
	assert_success
}

@test "a seen file or state without a write bit is exit 4 and unchanged, even for root" {
	fakes
	printf '"f:1"\n' >seen
	echo '{"source":"close","cursor":"2026-10-01","updated_at":"2026-10-01T12:00:00Z"}' >st.json
	chmod 0444 seen st.json
	cp seen seen.before
	cp st.json st.before
	run --separate-stderr rt-dedupe --seen seen "$D/some.ndjson"
	assert_equal "$status" 4
	assert_equal "$stderr" 'rt-dedupe: seen: Permission denied'
	run --separate-stderr rt-fetch-close -q --state-out st.json
	assert_equal "$status" 4
	assert_equal "$stderr" 'rt-fetch-close: st.json: Permission denied'
	cmp seen seen.before
	cmp st.json st.before
}
