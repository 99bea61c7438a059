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
	# tested in each fetcher's own file.
	export RT_HTTP_BACKOFF=5 RT_HTTP_MAXWAIT=0 RT_HTTP_TIMEOUT=1 RT_HTTP_RETRIES=3
}

# soak NAME MAP URL-SETUP -- FETCH...: the reference run on a well-behaved
# fake, then RUNS runs on a misbehaving one.
soak() {
	local name=$1 map=$2 urls=$3 i rc ok=0 failed=0
	shift 4
	fake_start "$name"
	eval "$urls"
	"$@" --state-out ref.state >ref.raw 2>/dev/null
	rt-normalize --source "$map" ref.raw | sort >ref.ndjson
	[ -s ref.ndjson ]
	fake_stop_all
	fake_start "$name" --chaos "$CHAOS" --seed 7 --stall 1.5
	eval "$urls"
	: >union.ndjson
	for i in $(seq 1 "$RUNS"); do
		rm -f st.new
		rc=0
		"$@" --state-out st.new >run.raw 2>run.err || rc=$?
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
	echo "# $name: $ok good runs, $failed upstream failures" >&3
	[ "$ok" -gt 0 ]
	rt-dedupe union.ndjson | sort | cmp - ref.ndjson
}

@test "rt-fetch-close under random faults" {
	export RT_CLOSE_API_KEY=api_test_close_Xk2v9QmT4s
	soak close close 'export RT_CLOSE_URL=$FAKE_URL/api/v1' -- rt-fetch-close -q
}

@test "rt-fetch-impact under random faults" {
	export RT_IMPACT_ACCOUNT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq RT_IMPACT_AUTH_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2
	soak impact impact 'export RT_IMPACT_URL=$FAKE_URL' -- rt-fetch-impact -q
}

@test "rt-fetch-redventures under random faults" {
	export RT_RV_CLIENT_ID=rvc_test_8Hq2LmZ0 RT_RV_CLIENT_SECRET=rvs_test_secret_Jm4xQ9vT2pLw7Zk1 RT_RV_PROPERTY_ID=48213
	soak redventures redventures 'export RT_RV_URL=$FAKE_URL RT_RV_TOKEN_URL=$FAKE_URL/oauth/token' -- \
		rt-fetch-redventures -q
}

@test "rt-scrape-abm under random faults" {
	export RT_ABM_USER=pub@example.com RT_ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx' RT_ABM_PUBID=PUB-20417
	soak abm adsbymoney 'export RT_ABM_URL=$FAKE_URL' -- rt-scrape-abm -q --since 2026-09-01
}

@test "rt-fetch-stripe under random faults" {
	export RT_STRIPE_API_KEY=sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1
	soak stripe stripe 'export RT_STRIPE_URL=$FAKE_URL' -- rt-fetch-stripe -q
}

@test "rt-fetch-gumroad under random faults" {
	export RT_GUMROAD_TOKEN=gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd
	soak gumroad gumroad 'export RT_GUMROAD_URL=$FAKE_URL' -- rt-fetch-gumroad -q --since 2026-09-01
}

@test "rt-fetch-upwork under random faults" {
	export RT_UPWORK_TOKEN=oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd
	soak upwork upwork 'export RT_UPWORK_URL=$FAKE_URL' -- rt-fetch-upwork -q --since 2026-08-01
}

@test "rt-fetch-fanvue under random faults" {
	export RT_FANVUE_TOKEN=fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp
	soak fanvue fanvue 'export RT_FANVUE_URL=$FAKE_URL' -- rt-fetch-fanvue -q
}
