# Deliveries for rt-webhook: bodies signed as Stripe signs them (by python3's
# hmac, or by Stripe's own npm library), Gumroad pings, the CGI environment
# a server sets, and a real lighttpd serving rt-webhook through mod_cgi.
# shellcheck shell=bash

WH_SECRET=whsec_test_5f3e8a1c9b7d4e2f6a0c8b1d3e5f7a9c
WH_KEY=gk_live_Xq7vR2mT9pLw4Z35sN8d
WH_FIX="$FIX/webhook"
NOW=1795262400		# RT_NOW of tests/helper.bash, 2026-11-21T12:00:00Z

# stripe_sig BODY-FILE [T [SECRET]]: the Stripe-Signature header python3's hmac makes.
stripe_sig() {
	python3 -c 'import hashlib, hmac, sys
body = open(sys.argv[1], "rb").read()
t = int(sys.argv[2])
print("t=%d,v1=%s" % (t, hmac.new(sys.argv[3].encode(), b"%d." % t + body, hashlib.sha256).hexdigest()))' \
		"$1" "${2:-$NOW}" "${3:-$WH_SECRET}"
}

# stripe_sig_node BODY-FILE [T [SECRET]]: the same header from Stripe's npm library.
stripe_sig_node() {
	[ -d "$TOP/tests/node/node_modules/stripe" ] ||
		{ echo "tests/node/node_modules is missing: run make deps" >&2; return 1; }
	STRIPE_WEBHOOK_SECRET=${3:-$WH_SECRET} node "$TOP/tests/node/sign.js" "${2:-$NOW}" <"$1"
}

# stripe_event ID TYPE OBJECT-JSON [CREATED]: an event body, pretty-printed as Stripe sends it.
stripe_event() {
	jq -n --arg id "$1" --arg type "$2" --argjson o "$3" --argjson c "${4:-$NOW}" \
		'{id: $id, object: "event", api_version: "2025-04-30.basil", created: $c,
		  data: {object: $o}, livemode: false, pending_webhooks: 1, type: $type}'
}

# cgi PATH BODY-FILE [VAR=VALUE ...]: rt-webhook run as a server runs it, the body on stdin.
cgi() {
	local path=$1 body=$2
	shift 2
	env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO="$path" \
		CONTENT_LENGTH="$(wc -c <"$body" | tr -d ' ')" REMOTE_ADDR=203.0.113.9 "$@" rt-webhook <"$body"
}

# deliveries DIR N [FIRST]: N charge.succeeded events evt_FIRST.., each DIR/i.json
# with its header in DIR/i.hdr, signed by python3's hmac at RT_NOW.
deliveries() {
	mkdir -p "$1"
	python3 - "$1" "$2" "${3:-1}" "$WH_SECRET" "$NOW" <<-'EOF'
	import hashlib, hmac, json, sys
	out, n, first, secret, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].encode(), int(sys.argv[5])
	for i in range(first, first + n):
	    ev = {"id": "evt_par%05d" % i, "object": "event", "type": "charge.succeeded", "created": now,
	          "data": {"object": {"id": "ch_par%05d" % i, "object": "charge", "amount": 100 + i,
	                              "currency": "usd", "created": now, "payment_intent": None}}}
	    body = json.dumps(ev, indent=2).encode()
	    open("%s/%d.json" % (out, i), "wb").write(body)
	    sig = hmac.new(secret, b"%d." % now + body, hashlib.sha256).hexdigest()
	    open("%s/%d.hdr" % (out, i), "w").write("Stripe-Signature: t=%d,v1=%s\n" % (now, sig))
	EOF
}

# A place lighttpd's user can reach: not below bats' own 0700 directories.
# Run as root, lighttpd must be given a user to become (it refuses to serve
# as root): nobody, who owns the spool's directory and reads the secrets.
lighttpd_start() {
	local port user=""
	WWW=$(mktemp -d "${TMPDIR:-/tmp}/rt-webhook.XXXXXX")
	chmod 0755 "$WWW"
	mkdir "$WWW/cgi" "$WWW/spool" "$WWW/secrets" "$WWW/log"
	cp "$RT_BIN/rt-webhook" "$WWW/cgi/rt-webhook"
	printf '%s\n' "$WH_SECRET" >"$WWW/secrets/stripe_webhook_secret.txt"
	printf '%s\n' "$WH_KEY" >"$WWW/secrets/gumroad_webhook_key.txt"
	chmod 0700 "$WWW/secrets"
	chmod 0400 "$WWW/secrets"/*
	chmod 0750 "$WWW/spool"
	if [ "$(id -u)" -eq 0 ]; then
		user="server.username = \"nobody\"
server.groupname = \"$(id -gn nobody)\""
		chown -R nobody "$WWW/spool" "$WWW/secrets" "$WWW/log"
	fi
	SPOOL=$WWW/spool/webhook.ndjson
	for _ in 1 2 3 4 5; do
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		cat >"$WWW/lighttpd.conf" <<-EOF
		server.document-root = "$WWW/cgi"
		server.bind = "127.0.0.1"
		server.port = $port
		server.modules = ("mod_alias", "mod_cgi", "mod_setenv")
		server.errorlog = "$WWW/log/error.log"
		server.breakagelog = "$WWW/log/cgi.log"
		$user
		alias.url = ("/hook" => "$WWW/cgi/rt-webhook")
		\$HTTP["url"] =~ "^/hook" { cgi.assign = ("" => "") }
		setenv.add-environment = (
			"RT_WEBHOOK_SPOOL" => "$SPOOL",
			"RT_SECRETS_DIR" => "$WWW/secrets",
			"RT_NOW" => "$RT_NOW",
			"RT_WEBHOOK_VERBOSE" => "1",
			"ASAN_OPTIONS" => "detect_leaks=0:exitcode=86",
			"UBSAN_OPTIONS" => "halt_on_error=1:print_stacktrace=1:exitcode=86"
		)
		EOF
		lighttpd -D -f "$WWW/lighttpd.conf" 2>>"$WWW/lighttpd.err" &
		LIGHTTPD_PID=$!
		HOOK="http://127.0.0.1:$port/hook"
		for _ in $(seq 1 100); do
			curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
			kill -0 "$LIGHTTPD_PID" 2>/dev/null || break
			sleep 0.05
		done
		lighttpd_stop
	done
	echo "lighttpd did not start: $(cat "$WWW/lighttpd.err" "$WWW/log/error.log" 2>/dev/null)" >&2
	return 1
}

# Stops lighttpd; a sanitizer report in the CGI's log fails the test, as tests/sanitized does.
lighttpd_stop() {
	local report=""
	[ -n "${LIGHTTPD_PID:-}" ] || return 0
	kill "$LIGHTTPD_PID" 2>/dev/null
	wait "$LIGHTTPD_PID" 2>/dev/null || true
	LIGHTTPD_PID=
	if grep -qE 'Sanitizer|runtime error:' "$WWW/log/cgi.log" 2>/dev/null; then
		report=$(cat "$WWW/log/cgi.log")
	fi
	rm -rf "$WWW"
	[ -z "$report" ] || { echo "$report" >&2; return 1; }
}

# post ROUTE BODY-FILE [CURL-ARGS ...]: sends a delivery; prints the answer's status.
post() {
	local route=$1 body=$2
	shift 2
	curl -s -o /dev/null -w '%{http_code}\n' --data-binary "@$body" "$@" "$HOOK/$route"
}
