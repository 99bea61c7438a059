# Shared set-up for every bats file: the built programs first on PATH, a pinned
# clock, zone and locale, and a scratch directory per test.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
FIX="$TOP/tests/fixtures"
# RT_BIN runs the suite against another build (the sanitizer one, say).
export RT_BIN="${RT_BIN:-$TOP/bin}"
export PATH="$RT_BIN:$PATH"
export LC_ALL=C.UTF-8
export RT_TZ=America/Chicago
export RT_TODAY=2026-11-21
export RT_NOW=2026-11-21T12:00:00Z
export RT_SHARE_DIR="$TOP/share/rt"
export RT_SECRETS_DIR="$BATS_TEST_TMPDIR/no-secrets"
unset RT_HTTP_RETRIES RT_HTTP_TIMEOUT

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# The golden file's content must equal $output exactly.
assert_golden() {
	local want
	want=$(cat "$1")
	assert_equal "$output" "$want"
}

# A compact JSON line from jq, for building inputs.
rec() {
	jq -cn "$@"
}

# Fetchers: the programs whose profile in tests/programs/ names a fake
# (fetchers.bats, secrets.bats and soak.bats loop over them).
# The profile of one program, alone: no variable of another profile is left.
profile() {
	unset fetcher_fake fetcher_map fetcher_urlvar fetcher_urlpath fetcher_secret fetcher_429 \
	    fetcher_repeat fetcher_refuse fetcher_args
	# shellcheck source=/dev/null
	source "$TOP/tests/programs/common.bash"
	# shellcheck source=/dev/null
	source "$TOP/tests/programs/$1.bash"
}

# Every program whose profile names a fake.
fetchers() {
	local p
	for p in "$RT_BIN"/rt-*; do
		(profile "$(basename "$p")" && [ -n "${fetcher_fake:-}" ]) && basename "$p"
	done
	return 0
}
