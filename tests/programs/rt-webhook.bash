# shellcheck shell=bash
# --verify writes the records of one delivery: a charge refunded 4000 times
# in small parts makes 4000 records, about 1 MB, from a body under 1 MiB.
profile_setup() {
	export RT_STRIPE_WEBHOOK_SECRET=whsec_test_profile_5f3e8a1c9b7d
	[ -s refunded.json ] && return 0
	jq -n '{id: "evt_profile", object: "event", type: "charge.refunded", created: 1795262400,
		data: {object: {id: "ch_profile", object: "charge", amount: 400000, currency: "usd",
		created: 1795262400, payment_intent: "pi_profile", refunds: {object: "list", data: [
		range(4000) | {id: "re_\(.)", object: "refund", amount: 100, currency: "usd",
		created: 1795262400, status: "succeeded"}]}}}}' >refunded.json
	python3 -c 'import hashlib, hmac, sys
body = open("refunded.json", "rb").read()
print("t=1795262400,v1=" + hmac.new(sys.argv[1].encode(), b"1795262400." + body, hashlib.sha256).hexdigest())' \
		"$RT_STRIPE_WEBHOOK_SECRET" >refunded.sig
}
profile_stdout() { echo "rt-webhook --verify stripe -H \"Stripe-Signature: $(cat refunded.sig)\" refunded.json"; }
