# shellcheck shell=bash
# Many sightings of many competitors, for the report.
profile_setup() {
	[ -s bids.csv ] || awk 'BEGIN { print "date,name,platform,job,bid,currency,type,outcome,notes"
		for (i = 1; i <= 3000; i++)
			printf "2026-11-%02d,rival%d,%s,j%d,%d.50,USD,%s,%s,\n", 1 + i % 20, i % 400, i % 2 ? "Upwork" : "Fiverr", i,
			    10 + i % 90, i % 3 ? "hourly" : "fixed", i % 4 ? "lost" : "won" }' >bids.csv
}
profile_stdout() { echo 'rt-competitor --file bids.csv report'; }
