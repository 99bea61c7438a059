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
