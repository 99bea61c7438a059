# Running the EXAMPLES of a man page as tests (STYLE 13).
#
# In a page's EXAMPLES section, inside .Bd -literal blocks, a line starting
# with "$ " is a shell command; the lines after it, up to the next "$ " line
# or the end of the block, are its exact standard output.  Blocks without a
# "$ " line (a crontab entry, say) are shown but not run.

# man_examples_split PAGE DIR: writes DIR/N.cmd and DIR/N.out for each command.
man_examples_split() {
	awk -v dir="$2" '
	function unescape(s) {
		gsub(/\\\(aq/, "\047", s); gsub(/\\\(dq/, "\"", s); gsub(/\\-/, "-", s)
		gsub(/\\&/, "", s); gsub(/\\\(ba/, "|", s)
		gsub(/\\\(eu/, "€", s); gsub(/\\\(pc/, "·", s)
		gsub(/\\e/, "\\", s)	# last, so that \e- stays \-
		return s
	}
	/^\.Sh / { inex = ($2 == "EXAMPLES"); next }
	inex && /^\.Bd/ { inblock = 1; next }
	inex && /^\.Ed/ { inblock = 0; cur = ""; next }
	inblock && /^\$ / { n++; cur = dir "/" n; print unescape(substr($0, 3)) > (cur ".cmd"); printf "" > (cur ".out"); next }
	inblock && cur != "" { print unescape($0) > (cur ".out") }
	END { print n + 0 > (dir "/count") }
	' "$1"
}

# run_man_examples PAGE: runs every command in the current directory and checks its output.
run_man_examples() {
	local page=$1 dir n i got
	dir=$(mktemp -d "$BATS_TEST_TMPDIR/ex.XXXXXX")
	man_examples_split "$page" "$dir"
	n=$(cat "$dir/count")
	if [ "$n" -lt 1 ]; then
		echo "$page: no examples to run" >&2
		return 1
	fi
	for i in $(seq 1 "$n"); do
		if ! got=$(bash -o pipefail "$dir/$i.cmd" 2>"$dir/$i.err"); then
			echo "$page: example $i failed: $(cat "$dir/$i.cmd")" >&2
			cat "$dir/$i.err" >&2
			return 1
		fi
		if [ "$got" != "$(cat "$dir/$i.out")" ]; then
			echo "$page: example $i printed something else: $(cat "$dir/$i.cmd")" >&2
			diff <(cat "$dir/$i.out") <(printf '%s\n' "$got") >&2
			return 1
		fi
	done
}
