# shellcheck shell=bash
# Many jobs, scored by the example rules.
profile_setup() {
	[ -s jobs.ndjson ] || awk 'BEGIN { for (i = 1; i <= 20000; i++)
		printf "{\"id\":\"j%d\",\"platform\":\"upwork\",\"title\":\"React Native job %d\",\"budget_minor\":%d,\"budget_currency\":\"USD\",\"budget_kind\":\"fixed\"}\n", i, i, i * 10 }' >jobs.ndjson
	cp "$TOP/examples/jobs.rules" .
}
profile_stdout() { echo 'rt-score --rules jobs.rules jobs.ndjson'; }
