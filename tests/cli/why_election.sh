#!/usr/bin/env bash
# thespis why on the shrunk election bug, made as a user would: shrink, run with --trace, ask why.
# The chain ends at the violation and starts at the fault that caused it (the shrunk scenario's
# one fault: the keeper's clock skew). Then why on a passing run's trace, and on a bad file.
set -euo pipefail
thespis=$1 bundled=$2 work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$thespis" shrink "$bundled/election_random_faults_bug.yaml" --seed 3 -o min.yaml > /dev/null
"$thespis" run min.yaml --trace t.jsonl > /dev/null && { echo "the shrunk scenario passed"; exit 1; }
"$thespis" why t.jsonl > why.txt
cat why.txt
grep -qE '^why #[0-9]+: [0-9]+ events happened before it' why.txt
steps=$(grep -E '^  t=' why.txt)
head -1 <<<"$steps" | grep -qE '^  t=[0-9.]+ms #[0-9]+ fault \| clock_skew keeper offset=2000000000ns'
tail -1 <<<"$steps" | grep -qE '^  t=[0-9.]+ms #[0-9]+ check \| violated: single_leader$'
# The last step before the violation is the delivery that broke it.
tail -2 <<<"$steps" | head -1 | grep -qE ' deliver @[0-9]+\.[0-9]+\[b\] <- @[0-9]+\.[0-9]+ LeaseGranted'
# Short: a chain, not every ancestor.
[ "$(wc -l <<<"$steps")" -lt 12 ] || { echo "the chain is not short"; exit 1; }

# --event N explains any event; a passing run has nothing to explain by default (exit code 1).
"$thespis" why t.jsonl --event 3 | grep -qE '^  t=[0-9.]+ms #3 '
"$thespis" run "$bundled/echo.yaml" --trace ok.jsonl > /dev/null
set +e
"$thespis" why ok.jsonl > none.txt 2>&1
status=$?
set -e
cat none.txt
[ "$status" -eq 1 ] || { echo "expected exit code 1 without a violation, got $status"; exit 1; }
grep -q "ok.jsonl: no check was violated in this run" none.txt

# A file that is not a trace: one line naming file:line and the field, exit code 2.
set +e
"$thespis" why min.yaml > bad.txt 2>&1
status=$?
set -e
cat bad.txt
[ "$status" -eq 2 ] || { echo "expected exit code 2 for a bad file, got $status"; exit 1; }
grep -qE 'min.yaml:1:1: not a JSON object' bad.txt
head -c 300 t.jsonl > cut.jsonl
set +e
"$thespis" why cut.jsonl > cut.txt 2>&1
status=$?
set -e
cat cut.txt
[ "$status" -eq 2 ] && grep -qE 'cut.jsonl:[0-9]+:[0-9]+: ' cut.txt
