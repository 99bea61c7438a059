#!/usr/bin/env bats
# Secrets (SPEC section 5) are never printed, never written to state and
# never put in a child's argv: each fetcher runs with -v through success,
# refusal, exhausted retries, a body that is not JSON, a timeout and a wrong
# credential, with its credentials from the environment, from VAR_FILE and
# from RT_SECRETS_DIR, and every file rt writes is searched for them.

load helper
load fake

WRONG=wrong-Qh7Zt2Lk9Vb3Xp	# a credential the server refuses is a secret too
SOURCES='env file dir'
STALL=3			# seconds the fake stays silent; RT_HTTP_TIMEOUT is 1

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	umask 077 # secrets are written as a careful user writes them: rt warns of others that can read one
	export RT_HTTP_BACKOFF=10
	# rt runs in work/, and everything it writes is there; the secrets and
	# the fakes' logs (which hold what was sent) are kept out of it.
	mkdir work files
	export RT_SECRETS_DIR=$BATS_TEST_TMPDIR/secrets-dir
	mkdir "$RT_SECRETS_DIR"
}

# creds FETCHER SOURCE SECRET: its credentials from SOURCE (env, file: VAR_FILE,
# dir: RT_SECRETS_DIR), SECRET as the key, token or password, and no others.
creds() {
	local v
	for v in $(compgen -v RT_ | grep -E '^RT_[A-Z]+_(API_KEY|ACCOUNT_SID|AUTH_TOKEN|API_TOKEN|TOKEN|USER|PASSWORD|PUBID|CLIENT_ID|CLIENT_SECRET|PROPERTY_ID)(_FILE)?$'); do
		unset "$v"
	done
	rm -f "$RT_SECRETS_DIR"/*
	fetcher_creds "$2" "$3"
}

# sweep FETCHER GOOD_SECRET FORMS...: every path, from every source, into
# work/; then no form of any secret anywhere in work/.
sweep() {
	local fetcher=$1 good=$2 path source secret want faults retries timeout form n
	local -a refuse
	shift 2
	for path in ok 401 500 nonjson stall wrong; do
		secret=$good retries=1 timeout=60 want=3 refuse=()
		case $path in
		ok) faults=ok want=0 ;;
		401) faults=ok want=2 && read -ra refuse <<<"$fetcher_refuse" ;;
		500) faults=$(printf '500,%.0s' 1 2 3 4 5 6 7 8 9) retries=2 ;;
		nonjson) faults=nonjson,nonjson,nonjson ;;
		stall) faults=stall,stall,stall retries=0 timeout=1 ;;
		wrong) faults=ok secret=$WRONG want=2 ;;
		esac
		fake_stop_all
		fake_start "$fetcher_fake" --faults "$faults" --stall "$STALL" "${refuse[@]}"
		export "$fetcher_urlvar=$FAKE_URL$fetcher_urlpath"
		for source in $SOURCES; do
			creds "$fetcher" "$source" "$secret"
			n=0
			# shellcheck disable=SC2086 # fetcher_args is a list of words
			(cd work && RT_HTTP_RETRIES=$retries RT_HTTP_TIMEOUT=$timeout \
			    "$fetcher" -v $fetcher_args --since 2026-11-01 --state-out "state-$path-$source.json" \
			    >"out-$path-$source" 2>"err-$path-$source") || n=$?
			assert_equal "$fetcher $path $source: exit $n" "$fetcher $path $source: exit $want"
			# -v said what it did, so there was something to leak.
			grep -q '^[a-z-]*: \(GET\|POST\) http' "work/err-$path-$source" ||
				fail "$fetcher $path $source: -v logged no request"
		done
	done
	for form in "$@"; do
		[ -n "$form" ] || continue
		if grep -rlF -- "$form" work; then
			fail "$fetcher: \"$form\" was written in the files above"
		fi
	done
	# The states of the runs that succeeded are there, and were searched.
	for source in $SOURCES; do
		[ -s "work/state-ok-$source.json" ]
	done
}

@test "no secret is anywhere rt writes, on any path, from any source, for every fetcher" {
	local f n=0
	for f in $(fetchers); do
		n=$((n + 1))
		profile "$f"
		mapfile -t forms < <(fetcher_forms "$WRONG")
		rm -rf work
		mkdir work
		sweep "$f" "$fetcher_secret" "${forms[@]}"
	done
	[ "$n" -ge 4 ]
}

# Secrets never reach a child's argv: the fetchers start no child at all.
@test "no fetcher starts a child process, on success or failure" {
	strace -f -qq -o /dev/null true || skip "strace cannot trace here"
	local fetcher
	for fetcher in $(fetchers); do
		profile "$fetcher"
		for faults in ok 500,500; do
			fake_stop_all
			fake_start "$fetcher_fake" --faults "$faults"
			export "$fetcher_urlvar=$FAKE_URL$fetcher_urlpath"
			creds "$fetcher" env "$fetcher_secret"
			RT_HTTP_RETRIES=1 strace -f -qq -e trace=execve,clone,clone3,fork,vfork -o trace \
			    "$(command -v "$fetcher")" -v --since 2026-11-01 >/dev/null 2>&1 || true
			run grep -c 'execve(' trace
			assert_success
			assert_equal "$fetcher $faults: $output execve" "$fetcher $faults: 1 execve"
			run grep -E 'clone3?\(|fork\(' trace
			[ "$status" -le 1 ] # grep: 0 matched, 1 did not; 2 is an error
			# Threads (CLONE_THREAD) are no child processes; libcurl's resolver may start one.
			refute_output --partial 'SIGCHLD'
		done
	done
}
