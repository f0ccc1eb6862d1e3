#!/usr/bin/env bash
# thespis given a hostile or broken input prints exactly one line, the expected error, and exits
# with code 2: no abort, no second line. It runs under a memory limit (KiB; 0: none, for
# sanitised builds, whose shadow memory a limit would break) and a time limit, so that an input
# that made it build or run something big fails here.
# usage: one_error_line.sh THESPIS MEMORY_KIB EXPECTED_LINE ARGUMENTS...
set -uo pipefail
thespis=$1 memory_kib=$2 expected=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  [ "$memory_kib" -eq 0 ] || ulimit -v "$memory_kib"
  exec timeout 20 "$thespis" "$@"
) > "$work/out.txt" 2>&1
status=$?
cat "$work/out.txt"
[ "$status" -eq 2 ] || { echo "expected exit code 2, got $status"; exit 1; }
lines=$(wc -l < "$work/out.txt")
[ "$lines" -eq 1 ] || { echo "expected one line, got $lines"; exit 1; }
[ "$(cat "$work/out.txt")" = "$expected" ] || { echo "expected: $expected"; exit 1; }
