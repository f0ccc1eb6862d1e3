#!/usr/bin/env bash
# thespis shrink writes a scenario that thespis run reproduces: it fails the same check.
set -euo pipefail
thespis=$1 bundled=$2 work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$thespis" shrink "$bundled/election_random_faults_bug.yaml" --seed 3 -o "$work/min.yaml"
set +e
"$thespis" run "$work/min.yaml" > "$work/run.txt"
status=$?
set -e
cat "$work/run.txt"
[ "$status" -eq 1 ] || { echo "expected exit code 1, got $status"; exit 1; }
grep -q "FAIL  always single_leader" "$work/run.txt"
