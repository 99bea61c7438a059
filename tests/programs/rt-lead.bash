# shellcheck shell=bash
# A pipeline file of many won leads, for export.
profile_setup() {
	[ -s leads.csv ] && return 0
	awk 'BEGIN { print "id,date,platform,agents,title,url,budget,status,proposal_sent,client_responded,converted,revenue,currency,notes"
		for (i = 1; i <= 20000; i++)
			printf "%d,2026-%02d-01,Upwork,Monica,Job %d,https://jobs/%d,,Closed,,,2026-%02d-15,%d.50,USD,\n", i, 1 + i % 11, i, i, 1 + i % 11, i }' >leads.csv
}
profile_stdout() { echo 'rt-lead --file leads.csv export'; }
