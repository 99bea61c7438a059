#!/usr/bin/env bats
# Bash completion (completion/gen, installed by make install) offers every
# long option --help lists, for every bin/rt-* found by globbing, and files
# after an option that takes a value.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	"$TOP/completion/gen" "$RT_BIN"/rt-* >rt.bash
}

# complete_words WORD...: what completion offers for the command line WORD...
complete_words() {
	# shellcheck source=/dev/null
	source ./rt.bash
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_rt_complete "$1"
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "every program's long options complete, as --help lists them" {
	local p o n=0
	for p in "$RT_BIN"/rt-*; do
		p=$(basename "$p")
		n=$((n + 1))
		run complete_words "$p" --
		assert_success
		for o in $("$p" --help | awk 'f && /^ +(-[a-zA-Z], )?--/ { sub(/^ +(-[a-zA-Z], )?/, ""); sub(/[ =].*/, ""); print } /^$/ { f = 1 }'); do
			grep -qx -- "$o" <<<"$output" || fail "$p: $o is not offered"
		done
		grep -qx -- --help <<<"$output" || fail "$p: --help is not offered"
	done
	[ "$n" -ge 10 ]
}

@test "a prefix completes to its options; a value after an option is a file" {
	run complete_words rt-aggregate --su
	assert_success
	assert_output '--summary'
	touch ledger.ndjson
	run complete_words rt-aggregate --since led
	assert_success
	assert_output 'ledger.ndjson'
	run complete_words rt-add --cl
	assert_success
	assert_output '--client'
}
