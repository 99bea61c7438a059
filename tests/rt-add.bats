#!/usr/bin/env bats
# rt-add: one transaction appended to a hand-kept CSV, checked as rt-normalize
# would read it, with an id that survives an edit of the row.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	cp "$TOP/examples/data/contracts.csv" c.csv
}

@test "a row is added with a made id; the file's older rows keep their ids" {
	rt-normalize --csv --source manual c.csv >before.ndjson
	run --separate-stderr rt-add --client 'Acme, Inc' --description Audit c.csv 2026-11-20 1250.00 USD
	assert_success
	assert_equal "$stderr" ''
	[[ "$output" =~ ^2026-11-20-[0-9a-f]{8}$ ]] || fail "id $output"
	id=$output
	assert_equal "$(head -n 1 c.csv)" 'date,amount,currency,kind,client,description,entity,id'
	assert_equal "$(tail -n 1 c.csv)" "2026-11-20,1250.00,USD,sale,\"Acme, Inc\",Audit,,$id"
	run rt-normalize --csv --source manual c.csv
	assert_success
	assert_equal "$(head -n -1 <<<"$output")" "$(cat before.ndjson)"
	assert_equal "${lines[-1]}" "{\"id\":\"manual:$id\",\"source\":\"manual\",\"date\":\"2026-11-20\",\"amount_minor\":125000,\"currency\":\"USD\",\"kind\":\"sale\",\"status\":\"completed\",\"client\":\"Acme, Inc\",\"description\":\"Audit\"}"
}

@test "the id keeps the record when the row is edited; a file with ids keeps its bytes" {
	run rt-add --id a-1 --description 'first text' c.csv 2026-11-20 10.00 USD
	assert_success
	cp c.csv with-ids.csv
	run rt-add --id a-2 c.csv 2026-11-21 20.00 EUR
	assert_success
	assert_equal "$(head -n -1 c.csv)" "$(cat with-ids.csv)"
	sed -i 's/first text/edited text/' c.csv
	run rt-normalize --csv --source manual c.csv
	assert_success
	assert_equal "$(grep -c '"id":"manual:a-1"' <<<"$output")" 1
	assert_line --partial '"id":"manual:a-1","source":"manual","date":"2026-11-20","amount_minor":1000,"currency":"USD","kind":"sale","status":"completed","description":"edited text"}'
}

@test "a new file gets rt's columns; a refund's negative amount follows --" {
	run --separate-stderr rt-add --id r-1 --kind refund -- new.csv 2026-11-21 -75.00 USD
	assert_success
	assert_output 'r-1'
	assert_equal "$(cat new.csv)" 'date,amount,currency,kind,client,description,id
2026-11-21,-75.00,USD,refund,,,r-1'
}

@test "what rt-normalize would refuse is refused, and the file is left as it was" {
	cp c.csv orig.csv
	run --separate-stderr rt-add c.csv 2026-02-30 1.00 USD
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'rt-add: "date" "2026-02-30" is not a real YYYY-MM-DD date; nothing added'
	run --separate-stderr rt-add c.csv 2026-11-20 5.001 USD
	assert_failure 1
	assert_equal "$stderr" 'rt-add: amount "5.001" has more decimal places than the currency allows for USD; nothing added'
	run --separate-stderr rt-add --kind sale -- c.csv 2026-11-20 -5.00 USD
	assert_failure 1
	assert_equal "$stderr" 'rt-add: "amount_minor" has the wrong sign for its kind (sale); nothing added'
	run --separate-stderr rt-add --kind gift c.csv 2026-11-20 5.00 USD
	assert_failure 1
	assert_equal "$stderr" 'rt-add: "kind" "gift" is not sale, refund, fee, chargeback or adjustment; nothing added'
	run --separate-stderr rt-add c.csv 2026-11-20 5.00 XYZ
	assert_failure 1
	assert_equal "$stderr" 'rt-add: "currency" "XYZ" is not an ISO 4217 code; nothing added'
	rt-add --id dup c.csv 2026-11-20 5.00 USD >/dev/null
	cp c.csv orig.csv
	run --separate-stderr rt-add --id dup c.csv 2026-11-21 6.00 USD
	assert_failure 1
	assert_equal "$stderr" "rt-add: c.csv:$(wc -l <c.csv): id \"dup\" is there already; nothing added"
	cmp c.csv orig.csv
	printf 'a,"b\n' >broken.csv
	run --separate-stderr rt-add broken.csv 2026-11-20 5.00 USD
	assert_failure 1
	assert_equal "${stderr%%:*}" 'rt-add'
	cmp broken.csv <(printf 'a,"b\n')
}

@test "usage errors are exit 2 and change nothing" {
	cp c.csv orig.csv
	run --separate-stderr rt-add c.csv 2026-11-20 5.00
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'rt-add: give the file and the transaction: file.csv date amount currency'
	run --separate-stderr rt-add --id '' c.csv 2026-11-20 5.00 USD
	assert_failure 2
	assert_equal "$stderr" 'rt-add: --id must be one non-empty line'
	run --separate-stderr rt-add --source NoSuch c.csv 2026-11-20 5.00 USD
	assert_failure 2
	assert_equal "$stderr" 'rt-add: source "NoSuch" is not [a-z0-9_-]+'
	run --separate-stderr rt-add --source nosuch c.csv 2026-11-20 5.00 USD
	assert_failure 2
	assert_equal "$stderr" "rt-add: $RT_SHARE_DIR/map/nosuch.jq: No such file or directory"
	cmp c.csv orig.csv
}

@test "a file that cannot be replaced, or a closed stdout, is exit 4 and the file unchanged" {
	cp c.csv orig.csv
	run --separate-stderr bash -c 'rt-add c.csv 2026-11-20 5.00 USD >&-'
	assert_failure 4
	assert_equal "$stderr" 'rt-add: stdout: Bad file descriptor'
	cmp c.csv orig.csv
	mkdir ro && cp c.csv ro/c.csv && chmod a-w ro
	if [ "$(id -u)" != 0 ]; then
		run --separate-stderr rt-add ro/c.csv 2026-11-20 5.00 USD
		assert_failure 4
		cmp ro/c.csv orig.csv
	fi
	chmod u+w ro
}

@test "--help and --version" {
	run --separate-stderr rt-add --help
	assert_success
	assert_line --index 0 'usage: rt-add [-q] [--client name] [--description text] [--kind kind] [--id id]'
	run --separate-stderr rt-add --version
	assert_success
	assert_output 'rt-add 0.1.0'
}
