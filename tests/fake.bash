# Starting and stopping the fake API servers of tests/fakes/ from bats.
# fake_start NAME [ARGS...] starts tests/fakes/NAME.py on a free port of
# 127.0.0.1 and sets FAKE_URL and FAKE_LOG (and FAKE_URL_NAME, FAKE_LOG_NAME
# with NAME upper-cased and - as _); fake_stop_all ends them all.

FAKE_PIDS=()

fake_start() {
	local name=$1 var pf log i
	shift
	var=$(echo "$name" | tr 'a-z-' 'A-Z_')
	pf="$BATS_TEST_TMPDIR/fake-$name.port"
	log="$BATS_TEST_TMPDIR/fake-$name.log"
	rm -f "$pf"
	: >"$log"
	python3 "$TOP/tests/fakes/$name.py" --port-file "$pf" --log "$log" "$@" 3>&- &
	FAKE_PIDS+=($!)
	for i in $(seq 1 100); do
		[ -s "$pf" ] && break
		sleep 0.05
	done
	[ -s "$pf" ] || { echo "fake $name did not start" >&2; return 1; }
	FAKE_URL="http://127.0.0.1:$(cat "$pf")"
	FAKE_LOG=$log
	printf -v "FAKE_URL_$var" '%s' "$FAKE_URL"
	printf -v "FAKE_LOG_$var" '%s' "$log"
	export FAKE_URL FAKE_LOG "FAKE_URL_$var" "FAKE_LOG_$var"
}

fake_stop_all() {
	local pid
	for pid in "${FAKE_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		# A fake ended by the kill exits 143; that is no failure, even mid-test.
		wait "$pid" 2>/dev/null || true
	done
	FAKE_PIDS=()
}

# How many requests the fake saw (optionally only those whose path contains $2).
fake_requests() {
	if [ -n "${2:-}" ]; then
		jq -c --arg p "$2" 'select(.path | contains($p))' "$1" | wc -l | tr -d ' '
	else
		wc -l <"$1" | tr -d ' '
	fi
}

teardown() {
	fake_stop_all
}
