# A real browser for the dashboard's tests: Debian's chromium, headless, with
# a profile of its own per run, kept off the network but for 127.0.0.1.
# browser_dom URL [MS]: the DOM after the load and MS of virtual time (timers
# run at once; a fetch pauses the clock until it is answered).
# browser_shot URL FILE [WIDTH HEIGHT]: a PNG screenshot.

BROWSER=${RT_CHROMIUM:-chromium}

browser_run() {
	local profile rc
	profile=$(mktemp -d "$BATS_TEST_TMPDIR/chromium.XXXXXX")
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --disable-default-apps \
		--disable-extensions --user-data-dir="$profile" "$@" 2>"$profile.log"
	rc=$?
	rm -rf "$profile"
	return $rc
}

browser_dom() {
	browser_run --virtual-time-budget="${2:-1000}" --dump-dom "$1"
}

browser_shot() {
	browser_run --hide-scrollbars --window-size="${3:-1200},${4:-1800}" --screenshot="$2" "$1" >/dev/null
}

# Where screenshots go for CI to keep: tests/out/ (git-ignored).
browser_out() {
	mkdir -p "$TOP/tests/out"
	echo "$TOP/tests/out"
}
