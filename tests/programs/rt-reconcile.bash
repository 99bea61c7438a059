# shellcheck shell=bash
# A ledger of 50,000 records and a statement of each of them: all of it
# matches, record by record, in a long NDJSON report.
profile_setup() {
	profile_records
	[ -s reconcile.db ] || rt-load -q reconcile.db many.ndjson
	[ -s statement.csv ] || jq -r '[.date, (.amount_minor / 100 | floor | tostring) + "." +
		(.amount_minor % 100 + 100 | tostring | .[1:]), .id] | @csv' many.ndjson |
		sed '1i date,amount,description' >statement.csv
}
profile_stdout() { echo 'rt-reconcile -q --by record --days 0 reconcile.db statement.csv'; }
