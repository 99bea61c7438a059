#!/usr/bin/env bats
# Secrets (SPEC section 5) are never printed, never written to state and
# never put in a child's argv: each fetcher runs with -v through success,
# refusal, exhausted retries, a body that is not JSON, a timeout and a wrong
# credential, with its credentials from the environment, from VAR_FILE and
# from RT_SECRETS_DIR, and every file rt writes is searched for them.

load helper
load fake

CLOSE_KEY=api_test_close_Xk2v9QmT4s
IMPACT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq
IMPACT_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2
ABM_EMAIL=pub@example.com
ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx'
ABM_PUBID=PUB-20417
STRIPE_KEY=sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1
GUMROAD_TOKEN=gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd
UPWORK_TOKEN=oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd
FANVUE_TOKEN=fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp
WRONG=wrong-Qh7Zt2Lk9Vb3Xp	# a credential the server refuses is a secret too
SOURCES='env file dir'
STALL=3			# seconds the fake stays silent; RT_HTTP_TIMEOUT is 1

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export RT_HTTP_BACKOFF=10
	# rt runs in work/, and everything it writes is there; the secrets and
	# the fakes' logs (which hold what was sent) are kept out of it.
	mkdir work files
	export RT_SECRETS_DIR=$BATS_TEST_TMPDIR/secrets-dir
	mkdir "$RT_SECRETS_DIR"
}

# What must never appear: each value, all of it but the last four characters
# logs may show, and the forms it travels in (HTTP Basic, form encoding).
forms() {
	local v
	for v in "$@"; do
		printf '%s\n' "$v" "${v:0:${#v}-4}"
	done
}

close_forms() {
	forms "$CLOSE_KEY" "$WRONG"
	printf '%s:' "$CLOSE_KEY" | base64
	printf '%s:' "$WRONG" | base64
}

impact_forms() {
	forms "$IMPACT_SID" "$IMPACT_TOKEN" "$WRONG"
	printf '%s:%s' "$IMPACT_SID" "$IMPACT_TOKEN" | base64
	printf '%s:%s' "$IMPACT_SID" "$WRONG" | base64
}

abm_forms() {
	forms "$ABM_PASSWORD" "$ABM_EMAIL" "$ABM_PUBID" "$WRONG"
	python3 -c 'import sys, urllib.parse as u
for v in sys.argv[1:]: print(u.quote_plus(v)); print(u.quote(v, safe=""))' "$ABM_PASSWORD" "$ABM_EMAIL"
}

# creds FETCHER SOURCE SECRET: hands FETCHER its credentials from SOURCE (env,
# file: VAR_FILE, dir: RT_SECRETS_DIR), with SECRET as the key, token or password.
creds() {
	local fetcher=$1 source=$2 secret=$3 var value
	local -a vars
	unset RT_CLOSE_API_KEY RT_IMPACT_ACCOUNT_SID RT_IMPACT_AUTH_TOKEN RT_ABM_USER RT_ABM_PASSWORD RT_ABM_PUBID
	unset RT_CLOSE_API_KEY_FILE RT_IMPACT_ACCOUNT_SID_FILE RT_IMPACT_AUTH_TOKEN_FILE RT_ABM_USER_FILE \
	    RT_ABM_PASSWORD_FILE RT_ABM_PUBID_FILE
	unset RT_STRIPE_API_KEY RT_GUMROAD_TOKEN RT_UPWORK_TOKEN RT_FANVUE_TOKEN RT_STRIPE_API_KEY_FILE \
	    RT_GUMROAD_TOKEN_FILE RT_UPWORK_TOKEN_FILE RT_FANVUE_TOKEN_FILE
	rm -f "$RT_SECRETS_DIR"/*
	case $fetcher in
	rt-fetch-close)
		vars=("RT_CLOSE_API_KEY=$secret")
		printf '%s\n' "$secret" >"$RT_SECRETS_DIR/close_api_key.txt"
		;;
	rt-fetch-impact)
		vars=("RT_IMPACT_ACCOUNT_SID=$IMPACT_SID" "RT_IMPACT_AUTH_TOKEN=$secret")
		printf '%s\n' "$IMPACT_SID" >"$RT_SECRETS_DIR/impact_account_sid.txt"
		printf '%s\n' "$secret" >"$RT_SECRETS_DIR/impact_api_key.txt"
		;;
	rt-scrape-abm)
		vars=("RT_ABM_USER=$ABM_EMAIL" "RT_ABM_PASSWORD=$secret" "RT_ABM_PUBID=$ABM_PUBID")
		jq -n --arg e "$ABM_EMAIL" --arg p "$secret" --arg i "$ABM_PUBID" \
		    '{email: $e, password: $p, pubid: $i}' >"$RT_SECRETS_DIR/adsbymoney_creds.json"
		;;
	rt-fetch-stripe | rt-fetch-gumroad | rt-fetch-upwork | rt-fetch-fanvue)
		local -A one=([rt-fetch-stripe]=RT_STRIPE_API_KEY:stripe_api_key.txt
		    [rt-fetch-gumroad]=RT_GUMROAD_TOKEN:gumroad_access_token.txt
		    [rt-fetch-upwork]=RT_UPWORK_TOKEN:upwork_token.txt [rt-fetch-fanvue]=RT_FANVUE_TOKEN:fanvue_token.txt)
		vars=("${one[$fetcher]%%:*}=$secret")
		printf '%s\n' "$secret" >"$RT_SECRETS_DIR/${one[$fetcher]#*:}"
		;;
	esac
	[ "$source" = dir ] && return 0
	rm -f "$RT_SECRETS_DIR"/*
	for var in "${vars[@]}"; do
		value=${var#*=}
		var=${var%%=*}
		if [ "$source" = env ]; then
			export "$var=$value"
		else
			printf '%s\n' "$value" >"files/$var"
			export "${var}_FILE=$BATS_TEST_TMPDIR/files/$var"
		fi
	done
}

# sweep FETCHER GOOD_SECRET FORMS...: every path, from every source, into
# work/; then no form of any secret anywhere in work/.
sweep() {
	local fetcher=$1 good=$2 path source secret want faults retries timeout form n
	shift 2
	for path in ok 401 500 nonjson stall wrong; do
		secret=$good retries=1 timeout=60 want=3
		case $path in
		ok) faults=ok want=0 ;;
		401) faults=401,401,401 want=2 ;;
		500) faults=$(printf '500,%.0s' 1 2 3 4 5 6 7 8 9) retries=2 ;;
		nonjson) faults=nonjson,nonjson,nonjson ;;
		stall) faults=stall,stall,stall retries=0 timeout=1 ;;
		wrong) faults=ok secret=$WRONG want=2 ;;
		esac
		fake_stop_all
		fake_start "${fetcher_fake[$fetcher]}" --faults "$faults" --stall "$STALL"
		export "${fetcher_url[$fetcher]}=$FAKE_URL${fetcher_path[$fetcher]}"
		for source in $SOURCES; do
			creds "$fetcher" "$source" "$secret"
			n=0
			(cd work && RT_HTTP_RETRIES=$retries RT_HTTP_TIMEOUT=$timeout \
			    "$fetcher" -v --since 2026-11-01 --state-out "state-$path-$source.json" \
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

declare -gA fetcher_fake=([rt-fetch-close]=close [rt-fetch-impact]=impact [rt-scrape-abm]=abm)
declare -gA fetcher_url=([rt-fetch-close]=RT_CLOSE_URL [rt-fetch-impact]=RT_IMPACT_URL [rt-scrape-abm]=RT_ABM_URL)
declare -gA fetcher_path=([rt-fetch-close]=/api/v1 [rt-fetch-impact]='' [rt-scrape-abm]='')
# The payment platforms: one token each, sent as a Bearer header.
fetcher_fake+=([rt-fetch-stripe]=stripe [rt-fetch-gumroad]=gumroad [rt-fetch-upwork]=upwork [rt-fetch-fanvue]=fanvue)
fetcher_url+=([rt-fetch-stripe]=RT_STRIPE_URL [rt-fetch-gumroad]=RT_GUMROAD_URL [rt-fetch-upwork]=RT_UPWORK_URL
    [rt-fetch-fanvue]=RT_FANVUE_URL)
fetcher_path+=([rt-fetch-stripe]='' [rt-fetch-gumroad]='' [rt-fetch-upwork]='' [rt-fetch-fanvue]='')

# A Bearer token's forms: itself, all but its last four, and the header.
bearer_forms() {
	forms "$1" "$WRONG"
	printf 'Bearer %s\n' "$1" "$WRONG"
}

@test "rt-fetch-close: the key is nowhere rt writes, on any path, from any source" {
	mapfile -t f < <(close_forms)
	sweep rt-fetch-close "$CLOSE_KEY" "${f[@]}"
}

@test "rt-fetch-impact: the SID and token are nowhere rt writes, on any path, from any source" {
	mapfile -t f < <(impact_forms)
	sweep rt-fetch-impact "$IMPACT_TOKEN" "${f[@]}"
}

@test "rt-scrape-abm: the email, password and pubid are nowhere rt writes, on any path, from any source" {
	mapfile -t f < <(abm_forms)
	sweep rt-scrape-abm "$ABM_PASSWORD" "${f[@]}"
}

@test "rt-fetch-stripe: the secret key is nowhere rt writes, on any path, from any source" {
	mapfile -t f < <(bearer_forms "$STRIPE_KEY")
	sweep rt-fetch-stripe "$STRIPE_KEY" "${f[@]}"
}

@test "rt-fetch-gumroad: the token is nowhere rt writes, on any path, from any source" {
	mapfile -t f < <(bearer_forms "$GUMROAD_TOKEN")
	sweep rt-fetch-gumroad "$GUMROAD_TOKEN" "${f[@]}"
}

@test "rt-fetch-upwork: the token is nowhere rt writes, on any path, from any source" {
	mapfile -t f < <(bearer_forms "$UPWORK_TOKEN")
	sweep rt-fetch-upwork "$UPWORK_TOKEN" "${f[@]}"
}

@test "rt-fetch-fanvue: the token is nowhere rt writes, on any path, from any source" {
	mapfile -t f < <(bearer_forms "$FANVUE_TOKEN")
	sweep rt-fetch-fanvue "$FANVUE_TOKEN" "${f[@]}"
}

# Secrets never reach a child's argv: the fetchers start no child at all.
@test "no fetcher starts a child process, on success or failure" {
	strace -f -qq -o /dev/null true || skip "strace cannot trace here"
	local fetcher
	for fetcher in rt-fetch-close rt-fetch-impact rt-scrape-abm rt-fetch-stripe rt-fetch-gumroad \
	    rt-fetch-upwork rt-fetch-fanvue; do
		for faults in ok 500,500; do
			fake_stop_all
			fake_start "${fetcher_fake[$fetcher]}" --faults "$faults"
			export "${fetcher_url[$fetcher]}=$FAKE_URL${fetcher_path[$fetcher]}"
			creds "$fetcher" env "$(case $fetcher in rt-fetch-close) echo "$CLOSE_KEY" ;;
			    rt-fetch-impact) echo "$IMPACT_TOKEN" ;; rt-fetch-stripe) echo "$STRIPE_KEY" ;;
			    rt-fetch-gumroad) echo "$GUMROAD_TOKEN" ;; rt-fetch-upwork) echo "$UPWORK_TOKEN" ;;
			    rt-fetch-fanvue) echo "$FANVUE_TOKEN" ;; *) echo "$ABM_PASSWORD" ;; esac)"
			RT_HTTP_RETRIES=1 strace -f -qq -e trace=execve,clone,clone3,fork,vfork -o trace \
			    "$(command -v "$fetcher")" -v --since 2026-11-01 >/dev/null 2>&1 || true
			run grep -c 'execve(' trace
			assert_equal "$fetcher $faults: $output execve" "$fetcher $faults: 1 execve"
			run grep -E 'clone3?\(|fork\(' trace
			# Threads (CLONE_THREAD) are no child processes; libcurl's resolver may start one.
			refute_output --partial 'SIGCHLD'
		done
	done
}
