#!/usr/bin/env bats
# Attacker cases for the files rt replaces (lib/rt_atomic): another user
# (nobody) swaps links while root waits for the lock, plants links and hard
# links in a sticky directory, hands root a setuid program that holds rt's
# markers; devices, FIFOs and /dev/stdout are refused.  Each case ends with
# the file old or new, and nothing of root's readable by the other user.

load helper
load fake
load attack

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	rec '{id:"new:1",source:"close",date:"2026-11-02",amount_minor:4200,currency:"USD",kind:"sale",status:"completed",client:"Newco"}' >new.ndjson
}

teardown() {
	attack_teardown
}

# other_dir: $W/d, a directory of the other user's, with a tracker and a seen
# file of theirs (mode 0644) in it.
other_dir() {
	place
	mkdir "$W/d"
	rt-md-update "$W/d/real.md" "$FIX/records.ndjson"
	printf '"close:oppo_1"\n' >"$W/d/real.seen"
	chmod 0644 "$W/d/real.md" "$W/d/real.seen"
	chown -R nobody:nogroup "$W/d"
	cp "$W/d/real.md" real.before
	cp "$W/d/real.seen" seen.before
}

# swap_while_locked FILE LINK TARGET: the other user takes the lock of FILE,
# and when rt is waiting for it, points LINK at TARGET and lets go.
swap_while_locked() {
	as_other flock "$1" sh -c 'touch "$1.locked"; sleep 2; ln -sfn "$3" "$2"' sh "$1" "$2" "$3" &
	SWAPPER=$!
	while [ ! -e "$1.locked" ]; do sleep 0.05; done
}

@test "a link swapped while rt-md-update waits for the lock: it reads the file it locked, not root's secret" {
	need_root
	other_dir
	root_secret
	as_other ln -s real.md "$W/d/tracker.md"
	swap_while_locked "$W/d/real.md" "$W/d/tracker.md" "$W/root/secret"
	run --separate-stderr rt-md-update "$W/d/tracker.md" "$FIX/records.ndjson" new.ndjson
	wait "$SWAPPER"
	assert_success
	assert_equal "$stderr" ''
	nothing_leaked "$W/d"
	# The tracker locked is the one updated: its rows stay, the new one is added.
	grep -q '| 2026-11-02 | new:1 | Close | Newco |' "$W/d/real.md"
	run diff real.before "$W/d/real.md"
	assert_failure 1
	[ "$(grep -c 'close:oppo_1' "$W/d/real.md")" -eq 1 ]
	[ "$(stat -c '%a %U' "$W/d/real.md")" = '644 nobody' ]
	grep -qx 'ROOT-ONLY-Zq81xTk3 do not show' "$W/root/secret"
}

@test "a link swapped while rt-dedupe --seen waits for the lock: it reads the seen file it locked" {
	need_root
	other_dir
	root_secret
	as_other ln -s real.seen "$W/d/seen"
	swap_while_locked "$W/d/real.seen" "$W/d/seen" "$W/root/secret"
	run --separate-stderr rt-dedupe --seen "$W/d/seen" "$FIX/records.ndjson"
	wait "$SWAPPER"
	assert_success
	assert_equal "$stderr" ''
	nothing_leaked "$W/d"
	# close:oppo_1 was in the seen file locked: it is dropped, the rest pass and are added.
	[ "$(grep -c '"close:oppo_1"' "$W/d/real.seen")" -eq 1 ]
	refute_output --partial '"close:oppo_1"'
	assert_output --partial '"close:oppo_2"'
	grep -qx '"close:oppo_2"' "$W/d/real.seen"
}

@test "a setuid program that holds rt's markers stays its owner's, without setuid or setgid" {
	need_root
	place
	mkdir "$W/d"
	chown nobody:nogroup "$W/d"
	# The other user's copy of id(1), with rt's regions after its end: it still runs.
	as_other cp /usr/bin/id "$W/d/tool"
	printf '\n' >>"$W/d/tool"
	printf 'Last updated: <!-- rt:updated --><!-- /rt:updated -->\n<!-- rt:ytd -->\n<!-- /rt:ytd -->\n<!-- rt:monthly -->\n<!-- /rt:monthly -->\n<!-- rt:log -->\n<!-- /rt:log -->\n' >>"$W/d/tool"
	as_other chmod 6755 "$W/d/tool"
	run as_other "$W/d/tool" -u
	assert_output 65534
	run --separate-stderr rt-md-update "$W/d/tool" new.ndjson
	assert_success
	grep -q 'new:1' "$W/d/tool"
	run stat -c '%a %U %G' "$W/d/tool"
	assert_output '755 nobody nogroup'
	# Run by the other user, it is still the other user: no setuid-root program was made.
	run as_other "$W/d/tool" -u
	assert_success
	assert_output 65534
	nothing_leaked "$W/d"
}

@test "root keeps the owner and group: a 0640 tracker keeps its group, another user's file stays theirs" {
	need_root
	place
	rt-md-update "$W/t.md" "$FIX/records.ndjson"
	chown root:nogroup "$W/t.md"
	chmod 0640 "$W/t.md"
	run --separate-stderr rt-md-update "$W/t.md" "$FIX/records.ndjson" new.ndjson
	assert_success
	assert_equal "$stderr" ''
	run stat -c '%a %U %G' "$W/t.md"
	assert_output '640 root nogroup'
	# A file of the other user's in root's directory: still theirs.
	printf '"close:oppo_1"\n' >"$W/seen"
	chown nobody:nogroup "$W/seen"
	chmod 0600 "$W/seen"
	run --separate-stderr rt-dedupe --seen "$W/seen" "$FIX/records.ndjson"
	assert_success
	run stat -c '%a %U %G' "$W/seen"
	assert_output '600 nobody nogroup'
}

@test "a writer who cannot keep the owner says that it changed" {
	need_root
	place
	mkdir "$W/d"
	chown nobody:nogroup "$W/d"
	rt-md-update "$W/d/t.md" "$FIX/records.ndjson"
	chown root:nogroup "$W/d/t.md"
	chmod 0664 "$W/d/t.md"
	run --separate-stderr as_other rt-md-update "$W/d/t.md" "$FIX/records.ndjson" new.ndjson
	assert_success
	assert_equal "$stderr" "rt-md-update: $W/d/t.md: now owned by nobody, not root: only root can keep another user's file theirs"
	run stat -c '%a %U %G' "$W/d/t.md"
	assert_output '664 nobody nogroup'
	grep -q 'new:1' "$W/d/t.md"
	# -q silences it.
	chown root:nogroup "$W/d/t.md"
	run --separate-stderr as_other rt-md-update -q "$W/d/t.md" "$FIX/records.ndjson" new.ndjson
	assert_success
	assert_equal "$stderr" ''
}

@test "links another user planted in a sticky world-writable directory are not followed" {
	need_root
	place
	root_secret
	mkdir -m 1777 "$W/tmp"
	cp "$W/root/secret" secret.before
	for f in tracker.md seen state.json; do
		as_other ln -s "$W/root/secret" "$W/tmp/$f"
	done
	run --separate-stderr rt-md-update "$W/tmp/tracker.md" new.ndjson
	assert_failure 4
	assert_equal "$stderr" "rt-md-update: $W/tmp/tracker.md: Permission denied"
	run --separate-stderr rt-dedupe --seen "$W/tmp/seen" new.ndjson
	assert_failure 4
	assert_equal "$stderr" "rt-dedupe: $W/tmp/seen: Permission denied"
	fake_start close
	RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=api_test_close_Xk2v9QmT4s \
	    run --separate-stderr rt-fetch-close -q --state-out "$W/tmp/state.json"
	assert_failure 4
	assert_equal "$stderr" "rt-fetch-close: $W/tmp/state.json: Permission denied"
	cmp secret.before "$W/root/secret"
	nothing_leaked "$W/tmp"
	# Root's own link there, and the other user's link in their own directory, are followed.
	ln -s "$W/root/t.md" "$W/tmp/mine.md"
	run rt-md-update "$W/tmp/mine.md" new.ndjson
	assert_success
	grep -q 'new:1' "$W/root/t.md"
}

@test "a file or hard link another user planted in a sticky directory is not written, as protected_regular" {
	need_root
	place
	mkdir "$W/home" && chown nobody:nogroup "$W/home"
	mkdir -m 1777 "$W/tmp"
	# The other user's setuid copy of id(1), with rt's markers after its end, linked where root writes.
	as_other cp /usr/bin/id "$W/home/tool"
	printf '\nLast updated: <!-- rt:updated --><!-- /rt:updated -->\n' >>"$W/home/tool"
	as_other chmod 4755 "$W/home/tool"
	as_other ln "$W/home/tool" "$W/tmp/tracker.md"
	as_other sh -c 'printf "\"close:oppo_1\"\n" >"$1"' sh "$W/tmp/seen"
	cp "$W/home/tool" tool.before
	cp "$W/tmp/seen" seen.before
	run --separate-stderr rt-md-update "$W/tmp/tracker.md" new.ndjson
	assert_failure 4
	assert_equal "$stderr" "rt-md-update: $W/tmp/tracker.md: Permission denied"
	run --separate-stderr rt-dedupe --seen "$W/tmp/seen" new.ndjson
	assert_failure 4
	assert_equal "$stderr" "rt-dedupe: $W/tmp/seen: Permission denied"
	cmp tool.before "$W/tmp/tracker.md"
	cmp seen.before "$W/tmp/seen"
	run stat -c '%a %U %h' "$W/tmp/tracker.md" "$W/tmp/seen"
	assert_output $'4755 nobody 2\n644 nobody 1'
	run as_other "$W/tmp/tracker.md" -u
	assert_output 65534
	nothing_leaked "$W/tmp"
	# A file of root's own there is written as anywhere else.
	rt-md-update "$W/tmp/mine.md" new.ndjson
	grep -q 'new:1' "$W/tmp/mine.md"
}

@test "a hard link to root's file in the other user's directory: the new file is still root's alone" {
	need_root
	place
	mkdir -m 0700 "$W/root"
	rt-md-update "$W/root/t.md" "$FIX/records.ndjson"
	chmod 0600 "$W/root/t.md"
	mkdir "$W/d" && chown nobody:nogroup "$W/d"
	# Made by root here: fs.protected_hardlinks stops the other user, where it is on.
	ln "$W/root/t.md" "$W/d/t.md"
	cp "$W/root/t.md" t.before
	run --separate-stderr rt-md-update "$W/d/t.md" "$FIX/records.ndjson" new.ndjson
	assert_success
	run stat -c '%a %U %G' "$W/d/t.md"
	assert_output '600 root root'
	run as_other cat "$W/d/t.md"
	assert_failure
	cmp t.before "$W/root/t.md"
	nothing_leaked "$W/d"
}

@test "a device, a FIFO, a socket or /dev/stdout is not a regular file: exit 2, nothing replaced, no hang" {
	need_root
	place
	mknod "$W/null" c 1 3
	mkfifo "$W/fifo"
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$W/sock"
	ln -s null "$W/link-to-null"
	for f in null fifo sock link-to-null; do
		run --separate-stderr timeout 10 rt-md-update "$W/$f" new.ndjson
		assert_equal "$status" 2
		assert_equal "$stderr" "rt-md-update: $W/$f: not a regular file"
		run --separate-stderr timeout 10 rt-dedupe --seen "$W/$f" new.ndjson
		assert_equal "$status" 2
		assert_equal "$stderr" "rt-dedupe: $W/$f: not a regular file"
		assert_output ''
	done
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=api_test_close_Xk2v9QmT4s
	run --separate-stderr timeout 10 rt-fetch-close -q --state-out "$W/null"
	assert_equal "$status" 2
	assert_equal "$stderr" "rt-fetch-close: --state-out $W/null: not a regular file"
	assert_equal "$(fake_requests "$FAKE_LOG")" 0
	[ "$(stat -c %F "$W/null")" = 'character special file' ]
	[ "$(stat -c %F "$W/fifo")" = fifo ]
	[ "$(stat -c %F "$W/sock")" = socket ]
	[ -L "$W/link-to-null" ]
	run --separate-stderr timeout 10 bash -c 'set -o pipefail; rt-md-update /dev/stdout new.ndjson | cat'
	assert_equal "$status" 2
	assert_equal "$stderr" 'rt-md-update: /dev/stdout: not a regular file'
	run compgen -G "$W/.*rt-tmp*"
	assert_failure
}

@test "a chain of links: the final target is replaced, never a link in between" {
	mkdir real
	ln -s b.md a.md
	ln -s real/c.md b.md
	rt-md-update a.md new.ndjson
	[ -L a.md ] && [ -L b.md ] && [ -f real/c.md ] && [ ! -L real/c.md ]
	grep -q 'new:1' real/c.md
	# Again, now that the target exists: still the target.
	RT_NOW=2026-11-22T00:00:00Z rt-md-update a.md "$FIX/records.ndjson"
	[ -L a.md ] && [ -L b.md ]
	grep -q 'close:oppo_1' real/c.md
	# The same for the seen file, and a loop of links is refused.
	ln -s s2 s1
	ln -s real/seen s2
	rt-dedupe --seen s1 new.ndjson >/dev/null
	[ -L s1 ] && [ -L s2 ] && grep -qx '"new:1"' real/seen
	ln -s loop2 loop1
	ln -s loop1 loop2
	run --separate-stderr rt-md-update loop1 new.ndjson
	assert_failure 4
	assert_equal "$stderr" 'rt-md-update: loop1: Too many levels of symbolic links'
	[ -L loop1 ] && [ -L loop2 ]
}
