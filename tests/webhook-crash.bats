#!/usr/bin/env bats
# rt-webhook killed with SIGKILL at random points of a delivery, as a web
# server may kill a CGI program or a machine may stop: the spool never keeps
# part of a line past the next delivery, a delivery answered 200 is always
# in it, and a sender that sends again what was not answered 200 gets it
# spooled exactly once.

load helper
load webhook

KILLS=200		# deliveries killed at a random moment

setup_file() {
	cc -O2 -o "$BATS_FILE_TMPDIR/killat" "$BATS_TEST_DIRNAME/killat.c"
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	umask 077 # secrets are written as a careful user writes them: rt warns of others that can read one
	mkdir .secrets
	printf '%s\n' "$WH_SECRET" >.secrets/stripe_webhook_secret.txt
	export RT_SECRETS_DIR=$PWD/.secrets RT_WEBHOOK_SPOOL=$PWD/spool.ndjson
	KILLAT=$BATS_FILE_TMPDIR/killat
}

# deliver I [KILLAT-ARGS...]: delivery d/I.json as the server runs it, its answer in answer.
deliver() {
	local i=$1 hdr
	shift
	read -r hdr <"d/$i.hdr"
	env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/stripe CONTENT_LENGTH="${LENGTH[$i]}" \
		HTTP_STRIPE_SIGNATURE="${hdr#Stripe-Signature: }" "$@" rt-webhook <"d/$i.json" >answer 2>>cgi.err
}

# lengths N: the length of each delivery in LENGTH[i].
lengths() {
	local i
	LENGTH=()
	for i in $(seq 1 "$1"); do
		LENGTH[i]=$(stat -c %s "d/$i.json")
	done
}

@test "rt-webhook killed at random points: no part of a line stays, no delivery answered 200 is lost or doubled" {
	local i=0 rc t0 us=0 answered lines kills=0 before=0 between=0 after=0 done=0 keys
	deliveries d $((KILLS * 3))
	lengths $((KILLS * 3))
	# The kills come within the time the quickest of five whole deliveries took, at first.
	for i in 1 2 3 4 5; do
		t0=${EPOCHREALTIME/./}
		deliver "$i"
		t0=$((${EPOCHREALTIME/./} - t0))
		[ "$us" -gt 0 ] && [ "$us" -le "$t0" ] || us=$t0
	done
	rm -f spool.ndjson spool.ndjson.ids
	i=0
	while [ "$kills" -lt "$KILLS" ]; do
		i=$((i + 1))
		[ "$i" -le $((KILLS * 3)) ] || fail "only $kills of $KILLS kills landed in $((i - 1)) deliveries"
		rc=0
		deliver "$i" "$KILLAT" -s "$i" -d "$us" || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || fail "delivery $i: killat $rc: $(tail -n 3 cgi.err)"
		answered=0
		[[ "$(<answer)" == "Status: 200 OK"* ]] && answered=1
		lines=$(grep -cs "\"key\":\"stripe:evt_par$(printf %05d "$i")\"}$" spool.ndjson || true)
		lines=${lines:-0}
		# Answered 200: it is there, once, before anyone else touched the spool.
		if [ "$answered" -eq 1 ] && [ "$lines" -ne 1 ]; then
			fail "delivery $i was answered 200 but is in the spool $lines times"
		fi
		if [ "$rc" -eq 3 ]; then
			done=$((done + 1))
		elif [ "$answered" -eq 1 ]; then
			after=$((after + 1))
		elif [ "$lines" -eq 1 ]; then
			between=$((between + 1))
		else
			before=$((before + 1))
		fi
		# The window follows how long deliveries take now: shorter after one ran to its end.
		if [ "$rc" -eq 0 ]; then
			kills=$((kills + 1))
			us=$((us * 21 / 20))
		else
			us=$((us * 3 / 4 > 200 ? us * 3 / 4 : 200))
		fi
		# A sender sends again what was not answered 200; the spool gets it once.
		if [ "$answered" -eq 0 ]; then
			deliver "$i"
			[[ "$(<answer)" == "Status: 200 OK"* ]] || fail "delivery $i sent again: $(head -n 1 answer)"
		fi
		assert_equal "$i: $(wc -l <spool.ndjson)" "$i: $i"
		[ -z "$(tail -c 1 spool.ndjson)" ] || fail "delivery $i: the spool does not end with a newline"
	done
	echo "# $kills kills in $i deliveries (a window of ${us} us at the end): $before before the line was written, $between after it and before the 200, $after after the 200; $done ran to the end" >&3
	[ "$before" -gt 0 ] || fail "no kill landed before the line was written"
	[ "$between" -gt 0 ] || fail "no kill landed between the line and the answer"
	# Every line is whole JSON, every key there once, in the spool and in the keys file.
	keys=$(jq -r .key spool.ndjson) || fail "the spool holds a line that is not JSON"
	assert_equal "$(sort -u <<<"$keys" | wc -l)" "$i"
	assert_equal "$(sort -u spool.ndjson.ids | wc -l)" "$i"
	assert_equal "$(wc -l <spool.ndjson.ids)" "$i"
	run rt-webhook -q --drain -- sh -c 'jq -r .id | sort -u | wc -l'
	assert_output "$i"
}

@test "a drain killed at random points: every delivery is loaded once its batch is confirmed" {
	local i rc kills=0
	deliveries d 90
	lengths 90
	for i in $(seq 1 90); do
		deliver "$i"
		((i % 3 == 0)) || continue
		rc=0
		"$KILLAT" -s "$i" -d 30000 rt-webhook -q --drain -- sh -c 'cat >>loaded.part' || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || fail "drain $i: killat $rc"
		# The window follows how long deliveries take now: shorter after one ran to its end.
		if [ "$rc" -eq 0 ]; then
			kills=$((kills + 1))
			us=$((us * 21 / 20))
		else
			us=$((us * 3 / 4 > 200 ? us * 3 / 4 : 200))
		fi
		sleep 0.05 # a loader the kill orphaned finishes
		# What a confirmed batch gave was loaded; an unconfirmed one is given again.
		if [ ! -s spool.ndjson.taken ]; then
			cat loaded.part >>loaded 2>/dev/null || true
		fi
		rm -f loaded.part
	done
	rt-webhook -q --drain -- sh -c 'cat >>loaded'
	echo "# $kills of 30 drains killed" >&3
	[ "$kills" -gt 0 ] || fail "no drain was killed"
	assert_equal "$(jq -r .id loaded | sort | uniq -d)" ''
	assert_equal "$(jq -r .id loaded | sort -u | wc -l)" 90
}
