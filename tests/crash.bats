#!/usr/bin/env bats
# Crash consistency of the files rt rewrites in place (SPEC section 8): each
# writer is killed with SIGKILL at random points, and after every kill its
# target must be, byte for byte, the old file or the new one, with no pile of
# temporaries beside it; two writers at once must give what one of the two
# serial orders gives.

load helper
load fake

KILLS=500		# SIGKILLs that must land, per writer
RACES=100		# runs of two writers at once, per program and starting point
LOG_ROWS=10000		# rows in the big tracker's Transaction Log: a ~700 KB rewrite
SEEN_KEYS=50000		# keys in the big seen file: an ~850 KB rewrite
RACE_ROWS=2000		# rows of the tracker two rt-md-update race over
RACE_KEYS=20000		# keys of the seen file two rt-dedupe race over
# Half the kills come at a random moment of the run; the other half at a
# random moment after the temporary appears, at most this many microseconds
# later, to land inside the rewrite (about twice what writing, fsync and
# rename take here; on a slower disk the kills only crowd its start).
WINDOW_US_TRACKER=2000
WINDOW_US_SEEN=2500
WINDOW_US_STATE=800

setup_file() {
	local d=$BATS_FILE_TMPDIR
	cc -O2 -o "$d/killat" "$BATS_TEST_DIRNAME/killat.c"
	# Canonical records: n of them, ids PREFIX:N, amounts and sources spread.
	gen() {
		awk -v n="$1" -v p="$2" -v src="$3" -v start="${4:-0}" 'BEGIN {
			for (i = start; i < start + n; i++)
				printf "{\"id\":\"%s:%07d\",\"source\":\"%s%d\",\"date\":\"2026-%02d-%02d\",\"amount_minor\":%d,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\",\"client\":\"Client %d\",\"description\":\"Deal %d\"}\n",
				    p, i, src, i % 5, 1 + i % 11, 1 + i % 28, 1000 + i * 7 % 100000, i % 97, i
		}'
	}
	gen "$LOG_ROWS" t s >"$d/big.ndjson"
	gen "$RACE_ROWS" t s >"$d/race.ndjson"
	# Two updates that differ in sources and rows, and share one id (x:0000005).
	{ gen 40 a a 100; gen 1 x a 5; } >"$d/a.ndjson"
	{ gen 40 b b 100; gen 1 x b 5; } >"$d/b.ndjson"
	(
		cd "$d" || exit 1
		RT_NOW=2026-11-20T12:00:00Z rt-md-update big.md big.ndjson
		RT_NOW=2026-11-20T12:00:00Z rt-md-update race.md race.ndjson
	)
	# Seen files: keys as rt-dedupe writes them; inputs that overlap them and each other.
	awk -v n="$SEEN_KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "\"k:%07d\"\n", i }' >"$d/big.seen"
	awk -v n="$RACE_KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "\"k:%07d\"\n", i }' >"$d/race.seen"
	awk -v n="$SEEN_KEYS" 'BEGIN { for (i = n - 500; i < n + 2000; i++) printf "{\"id\":\"k:%07d\",\"n\":%d}\n", i, i }' >"$d/big-in.ndjson"
	awk -v n="$RACE_KEYS" 'BEGIN { for (i = n - 100; i < n + 400; i++) printf "{\"id\":\"k:%07d\",\"from\":\"a\"}\n", i }' >"$d/dedupe-a.ndjson"
	awk -v n="$RACE_KEYS" 'BEGIN { for (i = n + 200; i < n + 600; i++) printf "{\"id\":\"k:%07d\",\"from\":\"b\"}\n", i }' >"$d/dedupe-b.ndjson"
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	KILLAT=$BATS_FILE_TMPDIR/killat
	shopt -s nullglob
}

# The temporaries rt_atomic left beside $1.
temporaries() {
	local dir base
	dir=$(dirname "$1")
	base=$(basename "$1")
	tmps=("$dir"/."$base".rt-tmp-*)
}

# crash_loop TARGET OLD NEW WINDOW_US COMMAND...: sets TARGET to OLD (or
# removes it when OLD is -) and runs COMMAND under killat until $KILLS kills
# have landed.  After each run TARGET must be
# OLD or NEW byte for byte, with at most one temporary beside it (the killed
# run's, or one an earlier kill left that this run died before sweeping); a
# run that ended before its kill must have written NEW.  Then one clean run
# must leave NEW and no temporary at all.
crash_loop() {
	local target=$1 old=$2 new=$3 window=$4 dir runs=0 kills=0 before=0 mid=0 after=0 rc t0 t1 us state
	shift 4
	dir=$(dirname "$target")
	reset_to "$old" "$target"
	t0=${EPOCHREALTIME/./}
	"$@" >/dev/null
	t1=${EPOCHREALTIME/./}
	us=$((t1 - t0))
	cmp "$target" "$new"
	state=new
	while [ "$kills" -lt "$KILLS" ]; do
		runs=$((runs + 1))
		[ "$runs" -le $((KILLS * 4)) ] || fail "only $kills of $KILLS kills landed in $runs runs"
		# A target still equal to the old file need not be copied again.
		[ "$state" = old ] || reset_to "$old" "$target"
		rc=0
		if ((runs % 2)); then
			"$KILLAT" -s "$runs" -d "$us" "$@" >/dev/null 2>>killat.err || rc=$?
		else
			"$KILLAT" -s "$runs" -d "$window" -w "$dir" "$@" >/dev/null 2>>killat.err || rc=$?
		fi
		if { [ "$old" = - ] && [ ! -e "$target" ]; } || { [ "$old" != - ] && cmp -s "$target" "$old"; }; then
			state=old
		elif cmp -s "$target" "$new"; then
			state=new
		else
			fail "run $runs (killat -s $runs): $target is neither the old nor the new file"
		fi
		temporaries "$target"
		[ "${#tmps[@]}" -le 1 ] || fail "run $runs: ${#tmps[@]} temporaries: ${tmps[*]}"
		case $rc in
		0)
			kills=$((kills + 1))
			if [ "$state" = new ]; then
				after=$((after + 1))
			elif [ "${#tmps[@]}" -eq 1 ]; then
				mid=$((mid + 1))
			else
				before=$((before + 1))
			fi
			;;
		3)
			if [ "$state" != new ] || [ "${#tmps[@]}" -ne 0 ]; then
				fail "run $runs ended by itself but left $state and ${#tmps[@]} temporaries"
			fi
			;;
		*)
			fail "run $runs: killat $rc: $(tail -n 3 killat.err)"
			;;
		esac
	done
	echo "# $1: $kills kills in $runs runs: $before before the rewrite, $mid during it, $after after the rename" >&3
	# Kills must have landed inside the rewrite and after it, or the test tested little.
	[ "$mid" -gt 0 ] || fail "no kill landed while the temporary was being written"
	[ "$after" -gt 0 ] || fail "no kill landed after the rename"
	reset_to "$old" "$target"
	"$@" >/dev/null
	cmp "$target" "$new"
	temporaries "$target"
	[ "${#tmps[@]}" -eq 0 ] || fail "a clean run left ${tmps[*]}"
}

# reset_to OLD TARGET: TARGET becomes a copy of OLD, or is removed when OLD is -.
reset_to() {
	if [ "$1" = - ]; then
		rm -f "$2"
	else
		cp "$1" "$2"
	fi
}

@test "rt-md-update killed at random points leaves the old or the new tracker, whole" {
	mkdir w
	cp "$BATS_FILE_TMPDIR/big.md" old.md
	cp old.md w/tracker.md
	rt-md-update w/tracker.md "$BATS_FILE_TMPDIR/a.ndjson"
	mv w/tracker.md new.md
	run ! cmp -s old.md new.md
	crash_loop w/tracker.md old.md new.md "$WINDOW_US_TRACKER" rt-md-update w/tracker.md "$BATS_FILE_TMPDIR/a.ndjson"
}

@test "rt-dedupe --seen killed at random points leaves the old or the new seen file, whole" {
	mkdir w
	cp "$BATS_FILE_TMPDIR/big.seen" old.seen
	cp old.seen w/seen
	rt-dedupe --seen w/seen "$BATS_FILE_TMPDIR/big-in.ndjson" >/dev/null
	mv w/seen new.seen
	assert_equal "$(wc -l <new.seen)" $((SEEN_KEYS + 2000))
	crash_loop w/seen old.seen new.seen "$WINDOW_US_SEEN" rt-dedupe --seen w/seen "$BATS_FILE_TMPDIR/big-in.ndjson"
}

# State files are written by rt_state_write through rt_atomic_write, the same
# code as the tracker and the seen file; here through a real fetcher's run.
# The caller moves state.new over state after each good run (SPEC section 7),
# so --state-out usually creates its file: the kills come then, when
# rt_atomic locks the directory, not the file.
@test "rt-fetch-close --state-out killed at random points leaves no state or the new one, whole" {
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=api_test_close_Xk2v9QmT4s
	mkdir w
	rt-fetch-close -q --since 2026-11-01 --state-out new.json >/dev/null
	assert_equal "$(cat new.json)" '{"source":"close","cursor":"2026-11-21","updated_at":"2026-11-21T12:00:00Z"}'
	crash_loop w/state.new - new.json "$WINDOW_US_STATE" rt-fetch-close -q --since 2026-11-01 --state-out w/state.new
}

# race NAME BASE RESULT1 RESULT2 COMMAND1 COMMAND2: $RACES times, sets the
# target from BASE (or removes it when BASE is -), starts both commands at
# once (in turns, either first) and checks that the outcome is RESULT1 or
# RESULT2; each result is a directory holding the expected files.
race() {
	local target=$1 base=$2 ab=$3 ba=$4 cmd1=$5 cmd2=$6 i n_ab=0 n_ba=0 pid1 pid2 rc1 rc2
	for i in $(seq 1 "$RACES"); do
		if [ "$base" = - ]; then
			rm -f "$target"
		else
			cp "$base" "$target"
		fi
		if ((i % 2)); then
			bash -c "$cmd1" &
			pid1=$!
			bash -c "$cmd2" &
			pid2=$!
		else
			bash -c "$cmd2" &
			pid2=$!
			bash -c "$cmd1" &
			pid1=$!
		fi
		rc1=0 rc2=0
		wait "$pid1" || rc1=$?
		wait "$pid2" || rc2=$?
		if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
			fail "race $i: exit $rc1 and $rc2: $(cat err1 err2)"
		fi
		if same_as "$ab"; then
			n_ab=$((n_ab + 1))
		elif same_as "$ba"; then
			n_ba=$((n_ba + 1))
		else
			fail "race $i: the result is neither serial order"
		fi
		temporaries "$target"
		[ "${#tmps[@]}" -eq 0 ] || fail "race $i left ${tmps[*]}"
	done
	echo "# $target from ${base}: $n_ab times the first order, $n_ba times the other" >&3
}

# Are the files of directory $1 the same as those here?
same_as() {
	local f
	for f in "$1"/*; do
		cmp -s "$f" "$(basename "$f")" || return 1
	done
}

# serial DIR COMMAND...: runs the commands one after the other from the current
# target and keeps the files named in $KEEP in DIR.
serial() {
	local dir=$1 cmd f
	shift
	for cmd in "$@"; do
		bash -c "$cmd"
	done
	mkdir "$dir"
	for f in $KEEP; do
		cp "$f" "$dir/"
	done
}

@test "two rt-md-update at once on one tracker give one of the serial orders" {
	cp "$BATS_FILE_TMPDIR/race.md" base.md
	A="rt-md-update tracker.md $BATS_FILE_TMPDIR/a.ndjson 2>err1"
	B="rt-md-update tracker.md $BATS_FILE_TMPDIR/b.ndjson 2>err2"
	KEEP=tracker.md
	for start in base.md -; do
		rm -rf ab ba
		if [ "$start" = - ]; then rm -f tracker.md; else cp base.md tracker.md; fi
		serial ab "$A" "$B"
		if [ "$start" = - ]; then rm -f tracker.md; else cp base.md tracker.md; fi
		serial ba "$B" "$A"
		run ! cmp -s ab/tracker.md ba/tracker.md
		race tracker.md "$start" ab ba "$A" "$B"
	done
}

@test "two rt-dedupe --seen at once on one seen file give one of the serial orders" {
	cp "$BATS_FILE_TMPDIR/race.seen" base.seen
	A="rt-dedupe --seen seen $BATS_FILE_TMPDIR/dedupe-a.ndjson >out-a 2>err1"
	B="rt-dedupe --seen seen $BATS_FILE_TMPDIR/dedupe-b.ndjson >out-b 2>err2"
	KEEP="seen out-a out-b"
	for start in base.seen -; do
		rm -rf ab ba
		if [ "$start" = - ]; then rm -f seen; else cp base.seen seen; fi
		serial ab "$A" "$B"
		if [ "$start" = - ]; then rm -f seen; else cp base.seen seen; fi
		serial ba "$B" "$A"
		run ! cmp -s ab/out-a ba/out-a
		race seen "$start" ab ba "$A" "$B"
	done
}
