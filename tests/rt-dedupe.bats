#!/usr/bin/env bats
# rt-dedupe: one record per key, first or last, and keys remembered across runs.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	cat >in.ndjson <<'IN'
{"id":"close:1","source":"close","amount_minor":100,"status":"pending"}
{"id":"close:2","source":"close","amount_minor":200}
{"id":"close:1","source":"close","amount_minor":150,"status":"completed"}

{"id":"close:\u0031","source":"close","amount_minor":175}
{"id":"impact:1","source":"impact","amount_minor":100}
IN
}

@test "keeps the first record of each id, byte for byte, in order" {
	run --separate-stderr rt-dedupe in.ndjson
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<'OUT'
{"id":"close:1","source":"close","amount_minor":100,"status":"pending"}
{"id":"close:2","source":"close","amount_minor":200}
{"id":"impact:1","source":"impact","amount_minor":100}
OUT
}

@test "--last keeps the last delivery, at the place of the first" {
	run rt-dedupe --last <in.ndjson
	assert_success
	assert_output - <<'OUT'
{"id":"close:\u0031","source":"close","amount_minor":175}
{"id":"close:2","source":"close","amount_minor":200}
{"id":"impact:1","source":"impact","amount_minor":100}
OUT
}

@test "-k takes composite keys; parts never run together" {
	cat >k.ndjson <<'IN'
{"a":"x,y","b":"z"}
{"a":"x","b":"y,z"}
{"a":"x","b":"y,z"}
{"a":"x"}
{"a":"x","b":null}
{"a":"x","b":""}
{"a":1,"b":""}
{"a":"1","b":""}
IN
	run rt-dedupe -k a,b k.ndjson
	assert_success
	assert_output - <<'OUT'
{"a":"x,y","b":"z"}
{"a":"x","b":"y,z"}
{"a":"x"}
{"a":"x","b":""}
{"a":1,"b":""}
{"a":"1","b":""}
OUT
}

@test "--seen remembers keys across runs and only new ones pass" {
	run rt-dedupe --seen seen.keys in.ndjson
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_equal "$(cat seen.keys)" "$(printf '"close:1"\n"close:2"\n"impact:1"')"
	printf '{"id":"close:2"}\n{"id":"close:3","x":"a\\tb"}\n' >next.ndjson
	run rt-dedupe --seen seen.keys next.ndjson
	assert_success
	assert_output '{"id":"close:3","x":"a\tb"}'
	assert_equal "$(tail -n 1 seen.keys)" '"close:3"'
	run rt-dedupe --seen seen.keys next.ndjson
	assert_success
	assert_output ''
	run compgen -G '.seen.keys*'
	assert_failure
}

@test "--seen with composite keys, and a seen file from other keys is refused" {
	run rt-dedupe -k source,amount_minor --seen s.keys in.ndjson
	assert_success
	assert_equal "$(head -n 1 s.keys)" "$(printf '"close"\t100')"
	run --separate-stderr rt-dedupe --seen s.keys in.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-dedupe: s.keys:1: 2 key parts, but -k names 1'
}

@test "--seen is not advanced when the output cannot be written" {
	run --separate-stderr bash -c 'rt-dedupe --seen s.keys in.ndjson >/dev/full'
	assert_failure 4
	assert_equal "$stderr" 'rt-dedupe: stdout: No space left on device'
	[ ! -e s.keys ]
	run compgen -G '.s.keys*'
	assert_failure
}

@test "lines that are not records, or lack the key, are reported and skipped (exit 1)" {
	printf '{"id":"a"}\nnot json\n{"id":"b"\n{"x":1}\n{"id":"a"}\n{"id":"c","n":1e}\n' >bad.ndjson
	run --separate-stderr rt-dedupe bad.ndjson
	assert_failure 1
	assert_output '{"id":"a"}'
	assert_equal "$stderr" 'rt-dedupe: bad.ndjson:2: column 1: not a JSON object
rt-dedupe: bad.ndjson:3: column 10: unexpected end of line (truncated JSON?)
rt-dedupe: bad.ndjson:4: no "id" to tell records apart
rt-dedupe: bad.ndjson:6: column 17: invalid number'
}

@test "invalid UTF-8, control characters and NUL bytes in a line are refused" {
	printf '{"id":"\xc3\x28"}\n{"id":"a\tb"}\n{"id":"a\0b"}\n{"id":"ok"}\n' >bad.ndjson
	run --separate-stderr rt-dedupe bad.ndjson
	assert_failure 1
	assert_output '{"id":"ok"}'
	assert_equal "$stderr" 'rt-dedupe: bad.ndjson:1: column 8: invalid UTF-8 in string
rt-dedupe: bad.ndjson:2: column 9: control character in string
rt-dedupe: bad.ndjson:3: column 9: control character in string'
}

@test "several operands and - read as one stream" {
	printf '{"id":"close:2"}\n{"id":"z"}\n' | rt-dedupe in.ndjson - >out
	run cat out
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_line --index 3 '{"id":"z"}'
}

@test "usage errors exit 2" {
	run --separate-stderr rt-dedupe missing.ndjson
	assert_failure 2
	assert_equal "$stderr" 'rt-dedupe: missing.ndjson: No such file or directory'
	run --separate-stderr rt-dedupe -k '' in.ndjson
	assert_failure 2
	run --separate-stderr rt-dedupe --nope
	assert_failure 2
	mkdir dir
	run --separate-stderr rt-dedupe --seen dir in.ndjson
	assert_failure 4
	assert_equal "$stderr" 'rt-dedupe: dir: Is a directory'
}

@test "a closed pipe ends it quietly" {
	for i in $(seq 1 50000); do echo "{\"id\":\"$i\"}"; done >many.ndjson
	run --separate-stderr bash -c 'rt-dedupe many.ndjson | head -n 1'
	assert_success
	assert_output '{"id":"1"}'
	assert_equal "$stderr" ""
}

@test "--help and --version" {
	run rt-dedupe --help
	assert_success
	assert_output --partial 'usage: rt-dedupe'
	run rt-dedupe --version
	assert_success
	assert_output 'rt-dedupe 0.1.0'
}
