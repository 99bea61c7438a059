# shellcheck shell=bash
profile_setup() {
	cp "$TOP/examples/data/contracts.csv" contracts.csv
}
# Its usual output is the new row's id, one line.
profile_stdout() { echo 'rt-add --id p-1 --client Acme contracts.csv 2026-11-20 10.00 USD'; }
