# shellcheck shell=bash
profile_setup() { profile_raw; }
profile_stdout() { echo 'rt-normalize --source t --map map.jq many.raw'; }
