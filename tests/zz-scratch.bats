load helper
load webhook
teardown() { lighttpd_stop; }
@test "lt" {
	lighttpd_start
	f=$WH_FIX/stripe/charge.succeeded.json
	run post stripe "$f" -H "Stripe-Signature: $(stripe_sig "$f")" -H 'Content-Type: application/json'
	echo "$output" >&3
	run post stripe "$f" -H "Stripe-Signature: $(stripe_sig_node "$f")"
	echo "$output" >&3
	run post stripe "$f"
	echo "$output" >&3
	head -c 1200000 /dev/zero | tr '\0' 'a' > big
	run post stripe big -H "Stripe-Signature: $(stripe_sig big)"
	echo "$output" >&3
	cat $WWW/log/* >&3
	cat $SPOOL.ids >&3
}
