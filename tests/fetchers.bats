#!/usr/bin/env bats
# The HTTP behaviours every fetcher shares (SPEC sections 4 and 6), run for
# each bin/rt-* whose profile in tests/programs/ names a fake: 429 with each
# reset header the API sends, 5xx, resets, truncated bodies, stalls, an
# answer that is not JSON, a repeated page, nobody listening and refused
# credentials.  A fetcher added later is covered the day its profile lands;
# its own bats file keeps only what is its API's alone.

load helper
load fake

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
}

# use FETCHER [FAKE-ARGS...]: its profile, its fake started with the
# arguments and its credentials in the environment.
use() {
	local f=$1
	shift
	fake_stop_all
	profile "$f"
	fake_start "$fetcher_fake" "$@"
	export "$fetcher_urlvar=$FAKE_URL$fetcher_urlpath"
	fetcher_creds env "$fetcher_secret"
}

# What a clean run writes, to compare the runs that met faults with.
reference() {
	use "$1"
	# shellcheck disable=SC2086 # fetcher_args is a list of words
	"$1" -q $fetcher_args >"ref.$1"
	[ -s "ref.$1" ]
}

# fetch FETCHER [OPTIONS...]: runs it with its profile's options, a new state
# file and -v, stdout and stderr apart.
fetch() {
	local f=$1
	shift
	rm -f st.new
	# shellcheck disable=SC2086
	run --separate-stderr "$f" -v $fetcher_args --state-out st.new "$@"
}

@test "there are fetchers to test, each with the profile this file needs" {
	local f n=0
	for f in $(fetchers); do
		n=$((n + 1))
		profile "$f"
		[ -n "$fetcher_secret" ] || fail "$f: no fetcher_secret"
		[ -n "$fetcher_429" ] || fail "$f: no fetcher_429"
		[ -n "$fetcher_refuse" ] || fail "$f: no fetcher_refuse"
		declare -F fetcher_creds >/dev/null || fail "$f: no fetcher_creds"
		declare -F fetcher_forms >/dev/null || fail "$f: no fetcher_forms"
	done
	[ "$n" -ge 4 ]
}

@test "429 with each reset header the API sends is waited out and retried" {
	local f n
	for f in $(fetchers); do
		reference "$f"
		use "$f" --faults "$fetcher_429"
		n=$(tr ',' '\n' <<<"$fetcher_429" | wc -l)
		RT_HTTP_RETRIES=$n fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 0"
		assert_equal "$f: $(grep -c ' 429 (' <<<"$stderr")" "$f: $n"
		assert_equal "$f: $(grep -c ': retry [0-9]* of [0-9]* in [0-9.]* s$' <<<"$stderr")" "$f: $n"
		assert_equal "$output" "$(cat "ref.$f")"
		[ -s st.new ] || fail "$f: no state after a good run"
	done
}

@test "5xx, resets and truncated bodies are retried and change nothing" {
	local f
	for f in $(fetchers); do
		reference "$f"
		use "$f" --faults 500,502,503,reset,truncate,504
		RT_HTTP_RETRIES=6 fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 0"
		assert_equal "$output" "$(cat "ref.$f")"
		[ -s st.new ] || fail "$f: no state after a good run"
	done
}

@test "an API that keeps failing is exit 3, nothing written, the state not advanced" {
	local f
	for f in $(fetchers); do
		use "$f" --faults "$(printf '500,%.0s' $(seq 1 40))"
		RT_HTTP_RETRIES=2 fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 3"
		assert_equal "$f: $output" "$f: "
		assert_equal "$f: $(grep -c '^[a-z-]*: HTTP 500 from .* (gave up after 3 attempts)' <<<"$stderr")" "$f: 1"
		assert_equal "$f: ${stderr_lines[-1]##*; }" "$f: state not advanced"
		[ ! -e st.new ] || fail "$f: the state moved"
	done
}

@test "a server that stalls past RT_HTTP_TIMEOUT is exit 3, the state not advanced" {
	local f
	for f in $(fetchers); do
		use "$f" --faults "$(printf 'stall,%.0s' $(seq 1 40))" --stall 3
		RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=1 fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 3"
		grep -q ': Timeout was reached (gave up after 2 attempts)' <<<"$stderr" || fail "$f: $stderr"
		assert_equal "$f: ${stderr_lines[-1]##*; }" "$f: state not advanced"
		[ ! -e st.new ] || fail "$f: the state moved"
	done
}

@test "an answer that is not JSON is exit 3 with its first bytes" {
	local f
	for f in $(fetchers); do
		use "$f" --faults "$(printf 'nonjson,%.0s' $(seq 1 40))"
		fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 3"
		grep -q ': the answer is not JSON (byte 1: unexpected character): <html><body><h1>Service temporarily unavailable</h1></body></html>; state not advanced$' <<<"$stderr" ||
			fail "$f: $stderr"
		[ ! -e st.new ] || fail "$f: the state moved"
	done
}

@test "a page served twice stops the fetch with exit 3 rather than loop" {
	local f n=0
	for f in $(fetchers); do
		profile "$f"
		[ -n "$fetcher_repeat" ] || continue
		n=$((n + 1))
		use "$f" --faults "$fetcher_repeat"
		fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 3"
		grep -q 'twice; stopping rather than loop; state not advanced$' <<<"$stderr" || fail "$f: $stderr"
		[ ! -e st.new ] || fail "$f: the state moved"
	done
	[ "$n" -ge 2 ]
}

@test "nobody listening is exit 3, said at once with -v, the retries' wait bounded" {
	local f start
	for f in $(fetchers); do
		use "$f"
		fake_stop_all
		export "$fetcher_urlvar=http://127.0.0.1:9$fetcher_urlpath"
		fetcher_creds env "$fetcher_secret"
		start=$SECONDS
		RT_HTTP_BACKOFF=100 RT_HTTP_RETRIES=2 fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 3"
		grep -q "Couldn't connect to server (gave up after 3 attempts)" <<<"$stderr" || fail "$f: $stderr"
		grep -q '^[a-z-]*: retry 1 of 2 in ' <<<"$stderr" || fail "$f: -v did not say it retries"
		[ $((SECONDS - start)) -lt 10 ] || fail "$f: took $((SECONDS - start)) s"
		[ ! -e st.new ] || fail "$f: the state moved"
	done
}

@test "refused credentials are exit 2, nothing written, the state not advanced" {
	local f
	for f in $(fetchers); do
		profile "$f"
		# shellcheck disable=SC2086 # fetcher_refuse is a list of arguments
		use "$f" $fetcher_refuse
		fetch "$f"
		assert_equal "$f: exit $status" "$f: exit 2"
		assert_equal "$f: $output" "$f: "
		assert_equal "$f: ${stderr_lines[-1]##*; }" "$f: state not advanced"
		[ ! -e st.new ] || fail "$f: the state moved"
	done
}
