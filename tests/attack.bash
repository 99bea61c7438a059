# Shared by the attacker cases (tests/attacks-*.bats): a second user who
# plays the attacker, and a place outside bats' own 0700 directories that
# this user can reach.

# as_other COMMAND...: runs COMMAND as the other user (nobody) when the suite
# runs as root; as the same user otherwise.
as_other() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
	else
		"$@"
	fi
}

# The cases where a second user attacks root's run need root to be one of them.
need_root() {
	[ "$(id -u)" -eq 0 ] || skip "the attacker is another user: run the suite as root (CI does)"
}

# place: makes $W, a directory every user can reach, removed by the teardown.
place() {
	W=$(mktemp -d "${TMPDIR:-/tmp}/rt-attack.XXXXXX")
	chmod 0755 "$W"
}

# A secret of root's: mode 0600 in a 0700 directory.
root_secret() {
	mkdir -m 0700 "$W/root"
	printf 'ROOT-ONLY-Zq81xTk3 do not show\n' >"$W/root/secret"
	chmod 0600 "$W/root/secret"
}

# nothing_leaked DIR: no file under DIR holds root's secret, and every file
# of root's there is unreadable by the other user.
nothing_leaked() {
	local f
	if grep -rl 'ROOT-ONLY-Zq81xTk3' "$1" 2>/dev/null | grep -v "^$W/root/"; then
		fail "root's secret was copied into the files above"
	fi
	while IFS= read -r f; do
		if as_other test -r "$f"; then
			fail "$f is root's and the other user can read it"
		fi
	done < <(find "$1" -path "$W/root" -prune -o -type f -user root -print 2>/dev/null | grep -v '\.before$')
}

attack_teardown() {
	fake_stop_all 2>/dev/null || true
	if [ -n "${W:-}" ] && [ -d "$W" ]; then
		chmod -R u+w "$W" 2>/dev/null
		rm -rf "$W"
	fi
}
