#!/usr/bin/env bats
# Bad input (tests/bad/ and the big files made here): every program is run
# over every file it could read.  None may crash or hang, each exits with a
# documented status, and nothing is dropped silently: every refused line is
# named as file:line on stderr and every good record comes out.

load helper
load fake

LIMIT=10		# seconds any one run may take
MIB10=10000000		# bytes of the 10 MB field
MIB100=105000000	# bytes of the 100 MB line, past rt's 64 MiB line limit
DEEP=100000		# levels of [ in the deeply nested values
SHALLOW=200		# levels that are still fine (jq writes up to 256)
MAP='{source_id: .id, date: .date, amount: .amount, currency: .currency}'

setup_file() {
	local d=$BATS_FILE_TMPDIR/gen x
	mkdir "$d"
	cp "$BATS_TEST_DIRNAME"/bad/* "$d/"
	x=$(head -c "$MIB10" /dev/zero | tr '\0' x)
	good() { printf '{"id":"good:%s","source":"bad","date":"2026-01-05","amount_minor":100,"currency":"USD","kind":"sale","status":"completed"%s}\n' "$1" "${2:-}"; }
	raw() { printf '{"id":"good:%s","date":"2026-01-05","amount":"1.00","currency":"USD"%s}\n' "$1" "${2:-}"; }
	# A 10 MB line is a good record; a 100 MB line is refused, and the next line still read.
	{ good 1 ",\"description\":\"$x\""; good 2; } >"$d/long10.rec"
	{ raw 1 ",\"note\":\"$x\""; raw 2; } >"$d/long10.raw"
	{ echo 'id,date,amount,currency,note'; echo "good:1,2026-01-05,1.00,USD,$x"; echo 'good:2,2026-01-05,1.00,USD,'; } >"$d/long10.csv"
	{ printf '{"id":"bad:1","note":"'; head -c "$MIB100" /dev/zero | tr '\0' x; echo '"}'; good 2; } >"$d/long100.rec"
	{ printf '{"id":"bad:1","note":"'; head -c "$MIB100" /dev/zero | tr '\0' x; echo '"}'; raw 2; } >"$d/long100.raw"
	{ echo 'id,date,amount,currency,note'; printf 'bad:1,2026-01-05,1.00,USD,'; head -c "$MIB100" /dev/zero | tr '\0' x; echo; echo 'good:2,2026-01-05,1.00,USD,'; } >"$d/long100.csv"
	nest() { head -c "$1" /dev/zero | tr '\0' '['; head -c "$1" /dev/zero | tr '\0' ']'; }
	{ good 1 ",\"raw\":{\"x\":$(nest "$DEEP")}" | sed 's/good:1/bad:1/'; good 2 ",\"raw\":{\"x\":$(nest "$SHALLOW")}"; good 3; } >"$d/nested.rec"
	{ raw 1 ",\"deep\":$(nest "$DEEP")" | sed 's/good:1/bad:1/'; raw 2 ",\"deep\":$(nest "$SHALLOW")"; raw 3; } >"$d/nested.raw"
	{
		grep -v '^#' "$BATS_TEST_DIRNAME/bad/MANIFEST"
		printf '%s\t%s\t%s\t%s\n' long10.rec check 2 - long10.rec dedupe 2 - long10.raw raw 2 - long10.csv csv 2 - \
		    long100.rec check 1 1 long100.rec dedupe 1 1 long100.raw raw 1 1 long100.csv csv 1 2 \
		    nested.rec check 2 1 nested.rec dedupe 2 1 nested.raw raw 2 1
	} >"$d/MANIFEST"
	echo "$MAP" >"$d/map.jq"
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	GEN=$BATS_FILE_TMPDIR/gen
	FILES=()
	WHOLE=()
	local f
	for f in "$GEN"/*; do
		case ${f##*/} in
		MANIFEST | map.jq) ;;
		# To a program that reads a file whole (tracker, seen file, state,
		# credential, fallback, map) the three 100 MB files differ only in
		# their last line; one stands for them, to keep the run short.
		long100.raw | long100.csv) FILES+=("$f") ;;
		*) FILES+=("$f") WHOLE+=("$f") ;;
		esac
	done
}

# bounded PROGRAM ARG...: runs it under timeout, its output in the file out
# and its messages in $stderr and $stderr_lines (bats' run is too slow for
# hundreds of runs); a signal, a hang (124) or an abort is a failure
# whatever the program's job.
bounded() {
	status=0
	timeout "$LIMIT" "$@" >out 2>err || status=$?
	stderr=$(head -c 100000 err)
	mapfile -t stderr_lines <<<"$stderr"
	[ -n "$stderr" ] || stderr_lines=()
	if [ "$status" -ge 124 ]; then
		fail "$* ended with status $status (hang or crash): ${stderr:0:300}"
	fi
}

# verdict PROGRAM FILE BADLINES: after bounded, the status and stderr are
# what the manifest says: exit 1 naming exactly the bad lines as FILE:N, or
# exit 0 and a silent stderr when BADLINES is "-".
verdict() {
	local prog=$1 file=$2 want=$3 line rest named=()
	if [ "$want" = - ]; then
		[ "$status" -eq 0 ] || fail "$prog $file: exit $status, want 0: ${stderr:0:300}"
		[ -z "$stderr" ] || fail "$prog $file: exit 0 but said: ${stderr:0:300}"
		return 0
	fi
	[ "$status" -eq 1 ] || fail "$prog $file: exit $status, want 1: ${stderr:0:300}"
	for line in "${stderr_lines[@]}"; do
		rest=${line#"$prog: $file:"}
		if [ "$rest" = "$line" ] || ! [[ "${rest%%:*}" =~ ^[0-9]+$ ]]; then
			fail "$prog $file: a message that names no line: ${line:0:200}"
		fi
		named+=("${rest%%:*}")
	done
	rest=$(printf '%s\n' "${named[@]}" | sort -nu | paste -sd ,)
	[ "$rest" = "$want" ] || fail "$prog $file: refused lines $rest, want $want: ${stderr:0:600}"
}

# The manifest's entries for one kind of reader: "file good badlines" lines.
entries() {
	awk -v r="$1" 'NF == 4 && $2 == r { print $1, $3, $4 }' "$GEN/MANIFEST"
}

# The records in the output: its lines, or what rt-aggregate counted.
count_lines() {
	wc -l <out | tr -d ' '
}

count_aggregated() {
	awk -F'"count":' 'NF > 1 { split($2, a, ","); n += a[1] } END { print n + 0 }' out
}

@test "rt-aggregate: each bad line named, each good record counted" {
	local f good bad
	while read -r f good bad; do
		bounded rt-aggregate -g id "$GEN/$f"
		verdict rt-aggregate "$GEN/$f" "$bad"
		assert_equal "$f: $(count_aggregated)" "$f: $good"
	done < <(entries check)
}

@test "rt-md-update: each bad line named, each good record in the log" {
	local f good bad rows
	while read -r f good bad; do
		rm -f tracker.md
		bounded rt-md-update tracker.md "$GEN/$f"
		verdict rt-md-update "$GEN/$f" "$bad"
		rows=$(awk '/<!-- rt:log -->/ { on = 1 } /<!-- \/rt:log -->/ { on = 0 }
		    on && /^\| [0-9][0-9][0-9][0-9]-/ { n++ } END { print n + 0 }' tracker.md)
		assert_equal "$f: $rows" "$f: $good"
	done < <(entries check)
}

@test "rt-dedupe: each bad line named, each good record passed" {
	local f good bad
	while read -r f good bad; do
		bounded rt-dedupe "$GEN/$f"
		verdict rt-dedupe "$GEN/$f" "$bad"
		assert_equal "$f: $(count_lines)" "$f: $good"
	done < <(entries dedupe)
}

@test "rt-normalize: each bad line named, each good object a record" {
	local f good bad
	while read -r f good bad; do
		bounded rt-normalize --source bad --map "$GEN/map.jq" "$GEN/$f"
		verdict rt-normalize "$GEN/$f" "$bad"
		assert_equal "$f: $(count_lines)" "$f: $good"
	done < <(entries raw)
}

@test "rt-normalize --csv: each bad row named, each good row a record" {
	local f good bad
	while read -r f good bad; do
		bounded rt-normalize --csv --source bad --map "$GEN/map.jq" "$GEN/$f"
		verdict rt-normalize "$GEN/$f" "$bad"
		assert_equal "$f: $(count_lines)" "$f: $good"
	done < <(entries csv)
}

# Every file to every stream reader, whatever it holds: no crash, no hang,
# exit 0 in silence or exit 1 with every message naming file:line.
sweep() {
	local prog=$1 f line
	shift
	for f in "${FILES[@]}"; do
		bounded "$prog" "$@" "$f"
		case $status in
		0) [ -z "$stderr" ] || fail "$prog $* $f: exit 0 but said: ${stderr:0:300}" ;;
		1)
			[ "${#stderr_lines[@]}" -gt 0 ] || fail "$prog $* $f: exit 1 in silence"
			for line in "${stderr_lines[@]}"; do
				[[ "$line" == "$prog: $f:"[0-9]* ]] || fail "$prog $* $f: ${line:0:200}"
			done
			;;
		*) fail "$prog $* $f: exit $status: ${stderr:0:300}" ;;
		esac
	done
}

@test "every file to every stream reader: no crash, no hang, every refusal placed" {
	sweep rt-aggregate
	sweep rt-aggregate --summary
	sweep rt-dedupe
	sweep rt-normalize --source bad --map "$GEN/map.jq"
	sweep rt-normalize --csv --source bad --map "$GEN/map.jq"
	sweep rt-normalize --whole --source bad --map "$GEN/map.jq"
	sweep rt-score --rules "$TOP/examples/jobs.rules"
}

@test "all the files at once: each message names the right file" {
	local f good=0 bad=0 n
	while read -r f n _; do
		good=$((good + n))
	done < <(entries check)
	local files
	files=$(entries check | awk -v d="$GEN" '{ print d "/" $1 }')
	# shellcheck disable=SC2086
	bounded rt-aggregate -g id $files
	[ "$status" -eq 1 ]
	assert_equal "$(count_aggregated)" "$good"
	while read -r f n bad; do
		[ "$bad" = - ] && continue
		for n in ${bad//,/ }; do
			[[ "$stderr" == *"rt-aggregate: $GEN/$f:$n: "* ]] || fail "$f:$n not named"
		done
	done < <(entries check)
}

# Every file as the tracker: refused and left as it was, or adopted keeping
# every line of it, and a second run changes nothing.
@test "every file as the tracker: refused unchanged, or adopted and stable" {
	local f
	rec '{id:"good:1",source:"bad",date:"2026-01-05",amount_minor:100,currency:"USD",kind:"sale",status:"completed"}' >good.ndjson
	for f in "${WHOLE[@]}"; do
		cp "$f" tracker.md
		bounded rt-md-update tracker.md good.ndjson
		case $status in
		0)
			# Only lines added: diff shows no line of the original removed or
			# changed (a last line gets the newline it lacked; a byte-order
			# mark stays first, before any line rt inserts at the top).
			{ cat "$f"; [ -z "$(tail -c 1 "$f")" ] || echo; } | sed '1s/^\xef\xbb\xbf//' >orig
			sed '1s/^\xef\xbb\xbf//' tracker.md >new
			if diff -a orig new | grep -a -q '^<'; then
				fail "tracker $f: lines of it were changed: $(diff -a orig new | head -c 300)"
			fi
			cp tracker.md once.md
			bounded rt-md-update tracker.md good.ndjson
			if [ "$status" -ne 0 ] || ! cmp -s tracker.md once.md; then
				fail "tracker $f: the second run changed it"
			fi
			;;
		1)
			cmp -s "$f" tracker.md || fail "tracker $f: exit 1 but changed"
			[[ "$stderr" == "rt-md-update: tracker.md:"* ]] || fail "tracker $f: ${stderr:0:200}"
			;;
		*) fail "tracker $f: exit $status: ${stderr:0:300}" ;;
		esac
	done
}

@test "a tracker that is a directory or read-only is exit 4 and untouched" {
	rec '{id:"good:1",source:"bad",date:"2026-01-05",amount_minor:100,currency:"USD",kind:"sale",status:"completed"}' >good.ndjson
	mkdir tracker.d
	bounded rt-md-update tracker.d good.ndjson
	assert_equal "$status" 4
	assert_equal "$stderr" 'rt-md-update: tracker.d: Is a directory'
	assert_equal "$(ls -A tracker.d)" ''
	cp "$GEN/bom.rec" ro.md
	chmod 0444 ro.md
	bounded rt-md-update ro.md good.ndjson
	assert_equal "$status" 4
	assert_equal "$stderr" 'rt-md-update: ro.md: Permission denied'
	cmp ro.md "$GEN/bom.rec"
}

# Every file as rt-dedupe's seen file: refused (exit 2, it is not a seen file
# of these keys) and left as it was, or read, with the new keys added after it.
@test "every file as the seen file: refused unchanged, or kept with the new keys after it" {
	local f
	printf '{"id":"new:1"}\n' >in.ndjson
	for f in "${WHOLE[@]}"; do
		cp "$f" seen
		bounded rt-dedupe --seen seen in.ndjson
		case $status in
		0)
			cmp -s -n "$(stat -c %s "$f")" "$f" seen || fail "seen $f: the old keys were not kept"
			[ "$(tail -n 1 seen)" = '"new:1"' ] || fail "seen $f: the new key is not last"
			;;
		2)
			cmp -s "$f" seen || fail "seen $f: exit 2 but changed"
			[[ "$stderr" == "rt-dedupe: seen:"[0-9]* ]] || fail "seen $f: ${stderr:0:200}"
			;;
		*) fail "seen $f: exit $status: ${stderr:0:300}" ;;
		esac
	done
}

@test "a seen file with CRLF lines or a byte-order mark still holds its keys" {
	printf '{"id":"close:1"}\n{"id":"close:2"}\n{"id":"close:3"}\n' >in.ndjson
	printf '"close:1"\r\n"close:2"\r\n' >crlf.seen
	printf '\xef\xbb\xbf"close:1"\n"close:2"\n' >bom.seen
	for s in crlf.seen bom.seen; do
		run --separate-stderr rt-dedupe --seen "$s" in.ndjson
		assert_success
		assert_output '{"id":"close:3"}'
	done
}

@test "a seen file that is a directory is exit 4" {
	mkdir seen.d
	bounded rt-dedupe --seen seen.d "$GEN/blank.rec"
	assert_equal "$status" 4
	assert_equal "$stderr" 'rt-dedupe: seen.d: Is a directory'
}

# Every file as a fetcher's --state: exit 2 naming the file, before any request.
@test "every file as a fetcher's --state is exit 2 before anything is asked" {
	local f prog
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1" RT_CLOSE_API_KEY=api_test_close_Xk2v9QmT4s
	export RT_IMPACT_URL=$FAKE_URL RT_IMPACT_ACCOUNT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq RT_IMPACT_AUTH_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2
	export RT_ABM_URL=$FAKE_URL RT_ABM_USER=pub@example.com RT_ABM_PASSWORD=x RT_ABM_PUBID=PUB-20417
	for prog in rt-fetch-close rt-fetch-impact rt-scrape-abm; do
		for f in "${WHOLE[@]}"; do
			bounded "$prog" --state "$f" --state-out st.new
			[ "$status" -eq 2 ] || fail "$prog --state $f: exit $status: ${stderr:0:300}"
			[[ "$stderr" == "$prog: $f: "* ]] || fail "$prog --state $f: ${stderr:0:200}"
			[ ! -e st.new ] || fail "$prog --state $f wrote a state"
		done
	done
	assert_equal "$(fake_requests "$FAKE_LOG")" 0
}

# Every file as a credential, for each fetcher and each way a credential is
# read: the server refuses it (exit 2), or it cannot be sent (3), or not even
# made into a request (4: libcurl will not escape 100 MB for a URL or a form);
# never a crash, never exit 0, never a state.
@test "every file as a credential file is refused, never a crash" {
	local f cmd
	fake_start close
	export RT_CLOSE_URL="$FAKE_URL/api/v1"
	fake_start impact
	export RT_IMPACT_URL=$FAKE_URL RT_IMPACT_ACCOUNT_SID=IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq RT_IMPACT_AUTH_TOKEN=tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2
	fake_start abm
	export RT_ABM_URL=$FAKE_URL RT_ABM_USER=pub@example.com RT_ABM_PUBID=PUB-20417 RT_HTTP_RETRIES=0
	mkdir -p "$RT_SECRETS_DIR"
	for f in "${WHOLE[@]}"; do
		# As a credential the three 10 MB files are one case: a long line of x.
		case ${f##*/} in long10.raw | long10.csv) continue ;; esac
		for cmd in "rt-fetch-close --key-file" "rt-fetch-impact --sid-file" "rt-fetch-impact --token-file" \
		    "env RT_ABM_PASSWORD_FILE=$f rt-scrape-abm" "env -u RT_ABM_USER -u RT_ABM_PUBID rt-scrape-abm"; do
			cp "$f" "$RT_SECRETS_DIR/adsbymoney_creds.json"
			# shellcheck disable=SC2086
			if [[ "$cmd" == *-file ]]; then bounded $cmd "$f" -q --state-out st.new; else bounded $cmd -q --state-out st.new; fi
			case $status in
			2 | 3 | 4) ;;
			*) fail "$cmd $f: exit $status: ${stderr:0:300}" ;;
			esac
			[[ "$stderr" == rt-* ]] || fail "$cmd $f: exit $status in silence"
			[ ! -e st.new ] || fail "$cmd $f wrote a state"
		done
	done
}

# rt-scrape-abm reads a manual file with --fallback before it asks anything.
@test "every file as rt-scrape-abm --fallback is exit 2 before anything is asked" {
	local f
	fake_start abm
	export RT_ABM_URL=$FAKE_URL RT_ABM_USER=pub@example.com RT_ABM_PASSWORD='Pa ss&w=rd+%2F/9Qx' RT_ABM_PUBID=PUB-20417
	for f in "${WHOLE[@]}"; do
		bounded rt-scrape-abm --fallback "$f" --state-out st.new
		[ "$status" -eq 2 ] || fail "--fallback $f: exit $status: ${stderr:0:300}"
		[[ "$stderr" == "rt-scrape-abm: "*"$f"* ]] || fail "--fallback $f: ${stderr:0:200}"
		[ ! -e st.new ] || fail "--fallback $f wrote a state"
	done
	assert_equal "$(fake_requests "$FAKE_LOG")" 0
}

# rt-normalize reads a jq program with --map: none of these files is one.
@test "every file as rt-normalize --map is exit 2 or maps nothing well" {
	local f
	for f in "${WHOLE[@]}"; do
		bounded rt-normalize --source bad --map "$f" "$GEN/blank.raw"
		case $status in
		1 | 2) ;;
		*) fail "--map $f: exit $status: ${stderr:0:300}" ;;
		esac
	done
}

# Every file as the pipeline file of rt-lead or the sightings of
# rt-competitor: read, exit 0 or 1 with every message naming the file; as
# the file add or set would rewrite, refused and left as it was.
@test "every file as a pipeline or sightings file: read with each refusal placed, never rewritten in part" {
	local f cmd
	for f in "${WHOLE[@]}"; do
		for cmd in "rt-lead --file $f export" "rt-lead --file $f report" "rt-competitor --file $f report"; do
			# shellcheck disable=SC2086
			bounded $cmd
			[ "$status" -le 1 ] || fail "$cmd: exit $status: ${stderr:0:300}"
			for line in "${stderr_lines[@]}"; do
				[[ "$line" == "${cmd%% *}: $f"* ]] || fail "$cmd: ${line:0:200}"
			done
		done
		cp "$f" t.csv
		bounded rt-lead --file t.csv set 1 notes=seen
		if [ "$status" -ne 0 ]; then
			[ "$status" -eq 1 ] || fail "rt-lead set over $f: exit $status: ${stderr:0:300}"
			cmp -s "$f" t.csv || fail "rt-lead set over $f: refused, but the file changed"
		fi
	done
}

@test "every file to the views (rt-report, rt-dashboard, rt-alert): no crash, no hang, every refusal placed" {
	sweep rt-report
	sweep rt-report --week
	sweep rt-dashboard -o page.html
	sweep rt-alert --days 366 --large 0.01
}

# Every file as rt-alert's --state and --config: read as what it is (exit 0),
# or refused with its place (exit 2) and left as it was.
@test "every file as rt-alert --state or --config: exit 0 or 2 naming it, never a crash" {
	local f opt
	for f in "${WHOLE[@]}"; do
		for opt in --state --config; do
			cp "$f" given
			bounded rt-alert "$opt" given "$GEN/blank.rec"
			case $status in
			0) ;;
			2)
				[[ "$stderr" == "rt-alert: given:"[0-9]* ]] || fail "$opt $f: ${stderr:0:200}"
				cmp -s "$f" given || fail "$opt $f: changed"
				;;
			*) fail "$opt $f: exit $status: ${stderr:0:300}" ;;
			esac
		done
	done
}

# One lexer reads records and raw input, with one nesting limit: 256 levels,
# the line's own object counted, which is what jq can write back.
@test "records and raw input nest to 256 levels and no deeper, in both readers" {
	nest() { head -c "$1" /dev/zero | tr '\0' '['; head -c "$1" /dev/zero | tr '\0' ']'; }
	printf '{"id":"a","raw":{"x":%s}}\n{"id":"b","raw":{"x":%s}}\n' "$(nest 254)" "$(nest 255)" >deep.rec
	run --separate-stderr rt-dedupe deep.rec
	assert_failure 1
	assert_equal "${output:0:10}" '{"id":"a",'
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" 'rt-dedupe: deep.rec:2: column 276: nested too deeply'
	printf '{"id":"1","date":"2026-01-05","amount":"1.00","currency":"USD","x":%s}\n' "$(nest 255)" "$(nest 256)" >deep.raw
	run --separate-stderr rt-normalize --source bad --map <(echo "$MAP") deep.raw
	assert_failure 1
	assert_equal "${output:0:14}" '{"id":"bad:1",'
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" 'rt-normalize: deep.raw:2: column 323: nested too deeply'
}
