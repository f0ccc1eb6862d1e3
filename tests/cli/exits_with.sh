#!/usr/bin/env bash
# exits_with.sh CODE PATTERN COMMAND...: COMMAND exits with CODE, and what it prints (stdout and
# stderr together) matches the extended regular expression PATTERN.
set -uo pipefail
code=$1 pattern=$2
shift 2
output=$("$@" 2>&1)
got=$?
printf '%s\n' "$output"
[ "$got" -eq "$code" ] || { echo "FAILED: exit code $got, expected $code"; exit 1; }
grep -qE -- "$pattern" <<<"$output" || { echo "FAILED: no line matches: $pattern"; exit 1; }
