#!/usr/bin/env bats
# What every program shares (SPEC section 4), for each bin/rt-* found by
# globbing, so that a program added later is covered the day it lands:
# a man page whose SYNOPSIS is the usage, --help that gives every option a
# meaning, --version, usage errors that say what is wrong, and output
# faults that are exit 4.  Each program's typical run comes from its
# profile in tests/programs/.

load helper
load fake

programs() {
	local p
	for p in "$RT_BIN"/rt-*; do
		basename "$p"
	done
}

# SYNOPSIS as mandoc renders it, and the usage (the --help lines before the first blank one).
synopsis_of() {
	mandoc -T ascii -O width=400 "$TOP/man/$1.1" | col -b |
	    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//'
}

usage_of() {
	"$1" --help | awk '/^$/ { exit } { print }' | sed '1s/^usage: //' | tr -s ' \t\n' ' ' |
	    sed 's/^ //; s/ $//'
}

# The long options --help lists.
long_options() {
	"$1" --help | awk 'f && /^ +(-[a-zA-Z], )?--/ { sub(/^ +(-[a-zA-Z], )?--/, ""); sub(/[ =].*/, ""); print } /^$/ { f = 1 }'
}

@test "every program has a man page whose SYNOPSIS is its usage, a bats file and a profile" {
	local p n=0
	for p in $(programs); do
		n=$((n + 1))
		[ -f "$TOP/man/$p.1" ] || fail "$p has no man/$p.1"
		[ -f "$TOP/tests/$p.bats" ] || fail "$p has no tests/$p.bats"
		[ -f "$TOP/tests/programs/$p.bash" ] || fail "$p has no tests/programs/$p.bash"
		assert_equal "$p: $(synopsis_of "$p")" "$p: $(usage_of "$p")"
	done
	[ "$n" -ge 9 ]
}

# The OPTIONS section of a man page as mandoc renders it.
options_of() {
	mandoc -T ascii -O width=400 "$TOP/man/$1.1" | col -b | awk '/^OPTIONS/ { f = 1; next } /^[A-Z]/ { f = 0 } f'
}

@test "--help lists every option with a meaning, and the man page's OPTIONS describe each" {
	local p o bad
	for p in $(programs); do
		run --separate-stderr "$p" --help
		assert_equal "$p: $status" "$p: 0"
		assert_equal "$p: $stderr" "$p: "
		# An option line has its meaning after two blanks, or on the line below it.
		bad=$(awk 'f && /^ +-/ { if ($0 !~ /[^ ]  +[^ ]/) { getline next_line; if (next_line !~ /^        +[^ -]/) print } } /^$/ { f = 1 }' <<<"$output")
		assert_equal "$p: ${bad}" "$p: "
		for o in $(long_options "$p"); do
			options_of "$p" | grep -q -- "--$o\b" || fail "$p(1) OPTIONS do not describe --$o"
		done
	done
}

@test "--version prints the name and version" {
	local p
	for p in $(programs); do
		run --separate-stderr "$p" --version
		assert_equal "$p: $status $output" "$p: 0 $p 0.1.0"
	done
}

@test "an unknown option says which, offers the near one, and is exit 2 with the synopsis" {
	local p o typo
	for p in $(programs); do
		run --separate-stderr "$p" --no-such-option
		assert_equal "$p: $status" "$p: 2"
		assert_equal "${stderr_lines[0]}" "$p: unknown option --no-such-option"
		assert_equal "${stderr_lines[1]%% *}" "usage:"
		assert_equal "$output" ""
		# The first long option of at least six letters, with its last letter doubled.
		o=$(long_options "$p" | awk 'length($0) >= 6 { print; exit }')
		[ -n "$o" ] || continue
		typo="$o${o: -1}"
		run --separate-stderr "$p" "--$typo"
		assert_equal "$p: $status" "$p: 2"
		assert_equal "${stderr_lines[0]}" "$p: unknown option --$typo; did you mean --$o?"
	done
}

@test "an option without its value names the value it wants" {
	run --separate-stderr rt-aggregate --tz
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-aggregate: --tz needs a value: zone'
	run --separate-stderr rt-dedupe -k
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-dedupe: -k needs a value: key[,key ...]'
	run --separate-stderr rt-dedupe --last=yes
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-dedupe: --last takes no value'
	run --separate-stderr rt-aggregate --s
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'rt-aggregate: --s is ambiguous: --since, --summary'
}

# fault REDIRECTION REASON: each program's typical run, its --help and its
# --version, with stdout redirected so: exit 4, REASON said on stderr by the
# program itself, no state written.
fault() {
	local redir=$1 reason=$2 p cmd
	for p in $(programs); do
		# shellcheck source=/dev/null
		. "$TOP/tests/programs/common.bash"
		# shellcheck source=/dev/null
		. "$TOP/tests/programs/$p.bash"
		profile_setup
		cmd=$(profile_stdout)
		rm -f st.new
		run --separate-stderr bash -c "$cmd $redir"
		assert_equal "$cmd: $status" "$cmd: 4"
		[[ "$stderr" == *"$reason"* ]] || fail "$cmd: said $stderr"
		[[ "${stderr_lines[-1]}" == "$p: "* ]] || fail "$cmd: the last word is not rt's: $stderr"
		[ ! -e st.new ] || fail "$cmd: the state was advanced"
		fake_stop_all
		for cmd in "$p --help" "$p --version"; do
			run --separate-stderr bash -c "$cmd $redir"
			assert_equal "$cmd: $status" "$cmd: 4"
			assert_equal "$cmd: $stderr" "$cmd: $p: stdout: $reason"
		done
	done
}

@test "stdout on a full disk: exit 4 and a message, never exit 0, from every program" {
	fault '>/dev/full' 'No space left on device'
}

# With fd 1 closed, the first file or socket opened takes it: libcurl's
# socketpair took it and a fetcher wrote its records there, exit 0, state advanced.
@test "stdout closed: exit 4 and a message; the output goes nowhere else, from every program" {
	fault '>&-' 'Bad file descriptor'
}

# piped COMMAND: runs COMMAND | head -n 1 with SIGPIPE as a shell leaves it
# (a harness may ignore it); $output is what head got, $stderr the program's
# messages and $piped its exit status.
piped() {
	run --separate-stderr env --default-signal=PIPE bash -c "$1 2>err | head -n 1; echo \"\${PIPESTATUS[0]}\" >status"
	stderr=$(cat err)
	piped=$(cat status)
}

@test "rt-foo | head -1 ends quietly, for every program" {
	local p cmd
	for p in $(programs); do
		# shellcheck source=/dev/null
		. "$TOP/tests/programs/common.bash"
		# shellcheck source=/dev/null
		. "$TOP/tests/programs/$p.bash"
		profile_setup
		cmd=$(profile_stdout)
		piped "$cmd"
		assert_equal "$cmd: ${#lines[@]}" "$cmd: 1"
		assert_equal "$cmd: $stderr" "$cmd: "
		# Killed by SIGPIPE (141), or done before head left.
		[ "$piped" -eq 141 ] || [ "$piped" -eq 0 ] || fail "$cmd: exit $piped"
		fake_stop_all
	done
}
