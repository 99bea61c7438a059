#!/usr/bin/env bats
# Stripe webhook signatures (lib/rt_stripe.c, through tests/stripesig.c):
# headers made and checked as Stripe's own library does (stripe-python's
# _webhook.py), with python3's hmac module as the independent reference.

load helper

SECRET=whsec_5f3e8a1c9b7d4e2f6a0c8b1d3e5f7a9c
T=1763726400		# 2025-11-21T12:00:00Z
TOLERANCE=300
NOMATCH="no v1 signature matches the body (another signing secret, or a body changed on the way)"

setup_file() {
	cc -std=c11 -O2 -I"$TOP/lib" -o "$BATS_FILE_TMPDIR/stripesig" "$BATS_TEST_DIRNAME/stripesig.c" \
		"$TOP/lib/rt_stripe.c" "$TOP/lib/rt_digest.c" "$TOP/lib/rt_err.c" -lcrypto
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	S=$BATS_FILE_TMPDIR/stripesig
	printf '%s\n' "$SECRET" >secret
	printf '{"id":"evt_1","type":"charge.succeeded","data":{"object":{"amount":2500,"currency":"usd"}}}' >body
}

# reference T BODY-FILE [SECRET]: the v1 signature stripe-python computes.
reference() {
	python3 -c 'import hashlib, hmac, sys
body = open(sys.argv[2], "rb").read()
print(hmac.new(sys.argv[3].encode(), b"%d." % int(sys.argv[1]) + body, hashlib.sha256).hexdigest())' \
		"$1" "$2" "${3:-$SECRET}"
}

@test "stripe-sig: the header is t and the v1 HMAC of t.body, as Stripe makes it" {
	head -c 100000 /dev/urandom >binary
	printf '' >empty
	printf '{"name":"Zoë — café ☕"}' >utf8
	for f in body binary empty utf8; do
		run "$S" sign secret "$T" <"$f"
		assert_success
		assert_output "t=$T,v1=$(reference "$T" "$f")"
	done
}

@test "stripe-sig: a secret longer than the HMAC block is hashed first" {
	long=whsec_$(printf 'k%.0s' {1..120})
	printf '%s\n' "$long" >secret
	run "$S" sign secret 0 <body
	assert_output "t=0,v1=$(reference 0 body "$long")"
}

@test "stripe-sig: a signed body verifies up to the tolerance and not a second past it" {
	h="t=$T,v1=$(reference "$T" body)"
	run "$S" verify secret "$T" "$TOLERANCE" "$h" <body
	assert_success
	assert_output ok
	run "$S" verify secret $((T + TOLERANCE)) "$TOLERANCE" "$h" <body
	assert_success
	run --separate-stderr "$S" verify secret $((T + TOLERANCE + 1)) "$TOLERANCE" "$h" <body
	assert_equal "$status" 1
	assert_equal "$stderr" "Stripe-Signature: the timestamp is 301 s old, past the tolerance of 300 s"
	# Tolerance 0 accepts any age; a clock behind the sender's is no replay.
	run "$S" verify secret $((T + 86400 * 365)) 0 "$h" <body
	assert_success
	run "$S" verify secret $((T - 3600)) "$TOLERANCE" "$h" <body
	assert_success
}

@test "stripe-sig: another secret, or one byte of the body changed, is refused" {
	h="t=$T,v1=$(reference "$T" body)"
	printf 'whsec_other\n' >other
	run --separate-stderr "$S" verify other "$T" "$TOLERANCE" "$h" <body
	assert_equal "$status" 1
	assert_equal "$stderr" "Stripe-Signature: $NOMATCH"
	sed 's/2500/2501/' body >changed
	run --separate-stderr "$S" verify secret "$T" "$TOLERANCE" "$h" <changed
	assert_equal "$status" 1
	assert_equal "$stderr" "Stripe-Signature: $NOMATCH"
	# The timestamp is signed too: the same v1 under another t is no match.
	run --separate-stderr "$S" verify secret "$T" "$TOLERANCE" "t=$((T + 1)),v1=${h#*v1=}" <body
	assert_equal "$status" 1
	assert_equal "$stderr" "Stripe-Signature: $NOMATCH"
}

@test "stripe-sig: any v1 may match; v0, unknown schemes and items without = are passed over" {
	good=$(reference "$T" body)
	bad=$(reference "$T" body whsec_rolled_away)
	for h in "t=$T,v1=$bad,v1=$good" "t=$T,v0=$bad,v1=$good,v2=xyz" "v1=$good,t=$T" \
		"t=$T,junk,v1=$good," " t=$T,v1=$good	" "t=$T,t=$((T + 1)),v1=$good" \
		"t=000$T,v1=$good" "t=$T,v1=${good^^},v1=$good"; do
		run "$S" verify secret "$T" "$TOLERANCE" "$h" <body
		assert_equal "$h: $status $output" "$h: 0 ok"
	done
}

@test "stripe-sig: a header without t, without a v1, or with a t that is no number, says which" {
	good=$(reference "$T" body)
	while IFS='|' read -r h why; do
		run --separate-stderr "$S" verify secret "$T" "$TOLERANCE" "$h" <body
		assert_equal "$h: $status" "$h: 1"
		assert_equal "$h: $stderr" "$h: Stripe-Signature: $why"
	done <<-EOF
	|no t= timestamp
	v1=$good|no t= timestamp
	t =$T,v1=$good|no t= timestamp
	t=$T|no v1= signature
	t=$T,v0=$good|no v1= signature
	t=$T,v1=${good^^}|no v1= signature
	t=$T,v1=${good}00|no v1= signature
	t=$T,v1 =$good|no v1= signature
	t=,v1=$good|the t= timestamp is not a number of seconds
	t=-$T,v1=$good|the t= timestamp is not a number of seconds
	t=+$T,v1=$good|the t= timestamp is not a number of seconds
	t=1e9,v1=$good|the t= timestamp is not a number of seconds
	t=1234567890123456789,v1=$good|the t= timestamp is not a number of seconds
	EOF
}

@test "stripe-sig: more than 16 v1 signatures is refused, 16 are read" {
	good=$(reference "$T" body)
	other=$(reference "$T" body whsec_x)
	h="t=$T"
	for _ in $(seq 15); do
		h="$h,v1=$other"
	done
	run "$S" verify secret "$T" "$TOLERANCE" "$h,v1=$good" <body
	assert_success
	run --separate-stderr "$S" verify secret "$T" "$TOLERANCE" "$h,v1=$good,v1=$good" <body
	assert_equal "$status" 1
	assert_equal "$stderr" "Stripe-Signature: more than 16 v1= signatures"
}
