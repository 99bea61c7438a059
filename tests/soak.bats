#!/usr/bin/env bats
# Fault injection: each fetcher runs RUNS times against its fake answering at
# random with 429 (with and without reset headers), 5xx, resets, stalls past
# the timeout, truncated bodies and repeated pages.  After every run: the
# exit status is 0 or 3; on 3 no new state was written; on 0 the records are
# exactly the fake's, and the union of all good runs, deduplicated, is the
# fake's data set: nothing lost, nothing doubled.

load helper
load fake

RUNS=50		# runs of each fetcher
CHAOS=0.2	# chance that a request meets a fault

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	# Short waits and timeouts keep 200 runs brief; the waits themselves are
	# tested in fetchers.bats.
	export RT_HTTP_BACKOFF=5 RT_HTTP_MAXWAIT=0 RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=3
}

# soak FETCHER: the reference run on a well-behaved fake, then RUNS runs on a
# misbehaving one, with the options of its profile.
soak() {
	local fetcher=$1 i rc ok=0 failed=0 map
	local -a fetch
	profile "$fetcher"
	map=$fetcher_map
	read -ra fetch <<<"$fetcher -q $fetcher_args"
	fake_start "$fetcher_fake"
	export "$fetcher_urlvar=$FAKE_URL$fetcher_urlpath"
	fetcher_creds env "$fetcher_secret"
	"${fetch[@]}" --state-out ref.state >ref.raw 2>/dev/null
	rt-normalize --source "$map" ref.raw | sort >ref.ndjson
	[ -s ref.ndjson ]
	fake_stop_all
	fake_start "$fetcher_fake" --chaos "$CHAOS" --seed 7 --stall 1.5
	export "$fetcher_urlvar=$FAKE_URL$fetcher_urlpath"
	fetcher_creds env "$fetcher_secret"
	: >union.ndjson
	for i in $(seq 1 "$RUNS"); do
		rm -f st.new
		rc=0
		"${fetch[@]}" --state-out st.new >run.raw 2>run.err || rc=$?
		case $rc in
		0)
			ok=$((ok + 1))
			[ -e st.new ] || { echo "run $i: exit 0 without its state" >&2; return 1; }
			rt-normalize --source "$map" run.raw | sort >run.ndjson
			if ! cmp -s run.ndjson ref.ndjson; then
				echo "run $i: exit 0 but the records differ from the fake's" >&2
				diff ref.ndjson run.ndjson | head >&2
				return 1
			fi
			cat run.ndjson >>union.ndjson
			;;
		3)
			failed=$((failed + 1))
			[ ! -e st.new ] || { echo "run $i: exit 3 but the state moved" >&2; return 1; }
			;;
		*)
			echo "run $i: exit $rc" >&2
			cat run.err >&2
			return 1
			;;
		esac
	done
	fake_stop_all # started in this subshell, so stopped here
	echo "# $fetcher: $ok good runs, $failed upstream failures" >&3
	[ "$ok" -gt 0 ]
	rt-dedupe union.ndjson | sort | cmp - ref.ndjson
}

@test "every fetcher under random faults loses and doubles nothing" {
	local f n=0
	for f in $(fetchers); do
		n=$((n + 1))
		mkdir "$f"
		(cd "$f" && soak "$f") || fail "$f: see above"
		fake_stop_all
	done
	[ "$n" -ge 4 ]
}

