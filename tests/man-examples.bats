#!/usr/bin/env bats
# The man pages: every command in an EXAMPLES section runs and prints what the
# page says it prints, SYNOPSIS agrees with --help, and mandoc finds nothing
# to warn about.
#
# In an EXAMPLES section, a `.Bd -literal` block is checked when its lines
# start with "$ ": each such line is a command, run with bash from a copy of
# examples/ (with tests/fixtures/man beside it, so ../tests/fixtures/man/...
# works as in a checkout), and the lines after it, up to the next "$ " line
# or .Ed, are its exact standard output.  The command must exit 0.  Lines of
# a block before its first "$ " line, and blocks without one (a crontab),
# are not run.

load helper

# Writes NNN.cmd, NNN.out (expected stdout) and NNN.line for each example
# command of the page $1 into the directory $2.
extract_examples() {
	awk -v dir="$2" '
	function unescape(s,    out, i, c) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c != "\\") {
				out = out c
				continue
			}
			c = substr(s, ++i, 1)
			if (c == "e")
				out = out "\\"
			else if (c == "-")
				out = out "-"
			else if (c != "&") {
				printf "%s:%d: escape \\%s is not understood here\n", FILENAME, FNR, c > "/dev/stderr"
				bad = 1
			}
		}
		return out
	}
	/^\.Sh / { examples = $0 == ".Sh EXAMPLES"; next }
	!examples { next }
	/^\.Bd -literal/ { block = 1; cmd = 0; next }
	/^\.Ed/ { block = 0; cmd = 0; next }
	!block { next }
	/^\$ / {
		if (f != "")
			close(f ".out")
		f = sprintf("%s/%03d", dir, ++n)
		print unescape(substr($0, 3)) > (f ".cmd")
		close(f ".cmd")
		print FNR > (f ".line")
		close(f ".line")
		printf "" > (f ".out")
		cmd = 1
		next
	}
	cmd { print unescape($0) > (f ".out") }
	END { exit bad }
	' "$1"
}

# Runs the examples of man/$1 in a scratch copy of examples/.
check_examples() {
	local page=$1 dir="$BATS_TEST_TMPDIR/cases" n=0 failed=0 rc c b

	mkdir -p "$dir" "$BATS_TEST_TMPDIR/examples" "$BATS_TEST_TMPDIR/tests/fixtures"
	cp -R "$TOP/examples/data" "$BATS_TEST_TMPDIR/examples/"
	cp -R "$FIX/man" "$BATS_TEST_TMPDIR/tests/fixtures/"
	extract_examples "$TOP/man/$page" "$dir"
	cd "$BATS_TEST_TMPDIR/examples"
	for c in "$dir"/*.cmd; do
		[ -e "$c" ] || break
		b=${c%.cmd}
		n=$((n + 1))
		rc=0
		bash -c "$(cat "$c")" <"/dev/null" >"$b.got" 2>"$b.err" || rc=$?
		if [ "$rc" -ne 0 ] || ! cmp -s "$b.out" "$b.got"; then
			failed=$((failed + 1))
			echo "man/$page:$(cat "$b.line"): exit $rc: \$ $(cat "$c")"
			diff -u --label expected --label actual "$b.out" "$b.got" || true
			sed 's/^/stderr: /' "$b.err"
		fi
	done
	if [ "$n" -lt 3 ]; then
		echo "man/$page: only $n checked commands in EXAMPLES, want 3 or more"
		return 1
	fi
	[ "$failed" -eq 0 ]
}

# SYNOPSIS as mandoc renders it and the usage text, with blanks squeezed.
synopsis_of() {
	mandoc -T ascii -O width=400 "$TOP/man/$1.1" | col -b |
	    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//'
}

usage_of() {
	"$1" --help | sed '1s/^usage: //' | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//'
}

@test "rt-normalize(1) EXAMPLES run as shown" {
	check_examples rt-normalize.1
}

@test "rt-dedupe(1) EXAMPLES run as shown" {
	check_examples rt-dedupe.1
}

@test "rt-aggregate(1) EXAMPLES run as shown" {
	check_examples rt-aggregate.1
}

@test "rt-md-update(1) EXAMPLES run as shown" {
	check_examples rt-md-update.1
}

@test "rt(7) EXAMPLES run as shown" {
	check_examples rt.7
}

@test "every SYNOPSIS agrees with its program's usage" {
	local p
	for p in rt-normalize rt-dedupe rt-aggregate rt-md-update; do
		assert_equal "$(synopsis_of "$p")" "$(usage_of "$p")"
	done
}

@test "mandoc -Tlint -Wwarning finds nothing in man/" {
	run mandoc -Tlint -Wwarning "$TOP"/man/*
	assert_success
	assert_output ''
}
