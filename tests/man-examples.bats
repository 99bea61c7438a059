#!/usr/bin/env bats
# The man pages of the four local programs and rt(7): every command in an
# EXAMPLES section runs and prints what the page says it prints (the "$ "
# convention of tests/man.bash), each page shows at least three such
# commands, SYNOPSIS agrees with --help, and mandoc finds nothing to warn
# about.
#
# The commands run from a scratch copy of examples/ with tests/fixtures/man
# beside it, so that ../tests/fixtures/man/... works as in a checkout.

load helper
load man

# Runs the examples of man/$1 in a scratch copy of examples/.
check_examples() {
	local page="$TOP/man/$1" split="$BATS_TEST_TMPDIR/split"

	mkdir -p "$split" "$BATS_TEST_TMPDIR/examples" "$BATS_TEST_TMPDIR/tests/fixtures"
	man_examples_split "$page" "$split"
	if [ "$(cat "$split/count")" -lt 3 ]; then
		echo "man/$1: $(cat "$split/count") checked commands in EXAMPLES, want 3 or more" >&2
		return 1
	fi
	cp -R "$TOP/examples/data" "$BATS_TEST_TMPDIR/examples/"
	cp -R "$FIX/man" "$BATS_TEST_TMPDIR/tests/fixtures/"
	cd "$BATS_TEST_TMPDIR/examples"
	run_man_examples "$page"
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
