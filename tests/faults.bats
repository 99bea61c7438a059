#!/usr/bin/env bats
# Disk and output faults (SPEC section 4, exit 4): a full disk, a closed
# stdout, a target in a read-only directory, and a reader that goes away.

load helper
load fake

RECORDS=50000		# records for the pipe test: many pipe buffers of output
CLOSE_KEY=api_test_close_Xk2v9QmT4s
IMPACT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq
IMPACT_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2

setup_file() {
	local d=$BATS_FILE_TMPDIR
	awk -v n="$RECORDS" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"id\":\"f:%d\",\"source\":\"s%d\",\"date\":\"2026-%02d-%02d\",\"amount_minor\":%d,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\"}\n",
		    i, i % 4, 1 + i % 11, 1 + i % 28, i }' >"$d/many.ndjson"
	awk -v n="$RECORDS" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"id\":\"%d\",\"date\":\"2026-01-05\",\"amount\":\"%d.00\",\"currency\":\"USD\"}\n", i, i }' >"$d/many.raw"
	head -n 200 "$d/many.ndjson" >"$d/some.ndjson"
	head -n 200 "$d/many.raw" >"$d/some.raw"
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >"$d/map.jq"
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

# Each program once, writing what it writes on stdout.
commands() {
	cat <<EOF
rt-normalize --source t --map $D/map.jq $D/some.raw
rt-dedupe $D/some.ndjson
rt-aggregate -g month $D/some.ndjson
rt-aggregate --summary --format table $D/some.ndjson
rt-md-update --dry-run tracker.md $D/many.ndjson
rt-fetch-close --state-out st.new
rt-fetch-impact --state-out st.new
rt-scrape-abm --state-out st.new
EOF
}

# fault REDIRECTION REASON: every command, and --help and --version of every
# program, with stdout redirected so: exit 4, REASON said on stderr by the
# program itself, no state written and the tracker as it was.
fault() {
	local redir=$1 reason=$2 cmd prog
	fakes
	while read -r cmd; do
		rm -f st.new
		run --separate-stderr bash -c "$cmd $redir"
		assert_equal "$cmd: $status" "$cmd: 4"
		[[ "$stderr" == *"$reason"* ]] || fail "$cmd: said $stderr"
		[[ "${stderr_lines[-1]}" == "${cmd%% *}: "* ]] || fail "$cmd: the last word is not rt's: $stderr"
		[ ! -e st.new ] || fail "$cmd: the state was advanced"
		cmp tracker.md tracker.before
	done < <(commands)
	for prog in rt-aggregate rt-dedupe rt-fetch-close rt-fetch-impact rt-md-update rt-normalize rt-scrape-abm; do
		for cmd in "$prog --help" "$prog --version"; do
			run --separate-stderr bash -c "$cmd $redir"
			assert_equal "$cmd: $status" "$cmd: 4"
			assert_equal "$cmd: $stderr" "$cmd: $prog: stdout: $reason"
		done
	done
}

@test "stdout on a full disk: exit 4 and a message, never exit 0, from every program" {
	fault '>/dev/full' 'No space left on device'
}

# With fd 1 closed, the first file or socket opened takes it: libcurl's
# socketpair took it and a fetcher wrote its records there, exit 0, state advanced.
@test "stdout closed: exit 4 and a message; the output goes nowhere else" {
	fault '>&-' 'Bad file descriptor'
}

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

# piped COMMAND: runs COMMAND | head -n 1 with SIGPIPE as a shell leaves it
# (a harness may ignore it); $output is what head got, $stderr the program's
# messages and $piped its exit status.
piped() {
	run --separate-stderr env --default-signal=PIPE bash -c "$1 2>err | head -n 1; echo \"\${PIPESTATUS[0]}\" >status"
	stderr=$(cat err)
	piped=$(cat status)
}

@test "rt-foo | head -1 ends quietly, for every program that writes enough" {
	fakes
	rm tracker.md
	while read -r cmd; do
		piped "$cmd"
		assert_equal "$cmd: ${#lines[@]}" "$cmd: 1"
		assert_equal "$cmd: $stderr" "$cmd: "
		# Killed by SIGPIPE (141), or done before head left.
		[ "$piped" -eq 141 ] || [ "$piped" -eq 0 ] || fail "$cmd: exit $piped"
	done <<EOF
rt-normalize --source t --map $D/map.jq $D/many.raw
rt-dedupe $D/many.ndjson
rt-aggregate -g id $D/many.ndjson
rt-aggregate -g id --format table $D/many.ndjson
rt-md-update --dry-run tracker.md $D/many.ndjson
rt-fetch-close -q
rt-fetch-impact -q
rt-scrape-abm -q
EOF
	[ ! -e tracker.md ]
}
