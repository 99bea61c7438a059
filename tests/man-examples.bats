#!/usr/bin/env bats
# The man pages of the local programs and rt(7): every command in an
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

@test "mandoc -Tlint -Wwarning finds nothing in man/" {
	run mandoc -Tlint -Wwarning "$TOP"/man/*
	assert_success
	assert_output ''
}

@test "rt-report(1) EXAMPLES run as shown" {
	check_examples rt-report.1
}

@test "rt-dashboard(1) EXAMPLES run as shown" {
	check_examples rt-dashboard.1
}

@test "rt-alert(1) EXAMPLES run as shown" {
	check_examples rt-alert.1
}

@test "rt-add(1) EXAMPLES run as shown" {
	check_examples rt-add.1
}
