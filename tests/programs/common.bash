# Inputs the profiles share: canonical records and raw rows, written once per test.
# shellcheck shell=bash

profile_records() {
	[ -s many.ndjson ] && return 0
	awk -v n="${1:-50000}" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"id\":\"f:%d\",\"source\":\"s%d\",\"date\":\"2026-%02d-%02d\",\"amount_minor\":%d,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\"}\n",
		    i, i % 4, 1 + i % 11, 1 + i % 28, i }' >many.ndjson
}

profile_raw() {
	[ -s many.raw ] && return 0
	awk -v n="${1:-50000}" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"id\":\"%d\",\"date\":\"2026-01-05\",\"amount\":\"%d.00\",\"currency\":\"USD\"}\n", i, i }' >many.raw
	echo '{source_id: .id, date: .date, amount: .amount, currency: .currency}' >map.jq
}

# creds_set SOURCE VAR FILE VALUE: hands a fetcher one credential the way
# SOURCE says (SPEC section 5): env (VAR), file (VAR_FILE naming a file kept
# outside the working directory) or dir (FILE in RT_SECRETS_DIR).
creds_set() {
	local source=$1 var=$2 file=$3 value=$4
	unset "$var" "${var}_FILE"
	case $source in
	env) export "$var=$value" ;;
	file)
		printf '%s\n' "$value" >"$BATS_TEST_TMPDIR/cred.$var"
		export "${var}_FILE=$BATS_TEST_TMPDIR/cred.$var"
		;;
	dir)
		mkdir -p "$RT_SECRETS_DIR"
		printf '%s\n' "$value" >"$RT_SECRETS_DIR/$file"
		;;
	esac
}

# secret_forms VALUE...: each value and all of it but the last four
# characters (which logs may show): none may appear in what rt writes.
secret_forms() {
	local v
	for v in "$@"; do
		printf '%s\n' "$v" "${v:0:${#v}-4}"
	done
}
