#!/usr/bin/env bash
# On a depth-2 ordering bug that only the schedule exposes, PCT with its default parameters
# (depth 2, steps counted in the scenario's calm run) finds at least as many failing seeds as
# random scheduling, over the same 500 seeds. A fixed step count far past the run's length (the
# old default of 1000) finds none: its change points fall after the run has ended.
set -euo pipefail
thespis=$1 bundled=$2 work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed() {  # failed STRATEGY: how many of 500 seeds fail
  set +e
  "$thespis" explore "$bundled/ledger_ordering_bug.yaml" --seeds 500 --jobs 2 --strategy "$1" \
    --no-save-failures --json "$work/$1.json" > "$work/$1.txt"
  set -e
  head -1 "$work/$1.txt" >&2
  grep -o '"failed":[0-9]*' "$work/$1.json" | tr -dc '0-9'
}
random=$(failed random)
pct=$(failed pct)
echo "out of 500 seeds: random found $random failing, pct $pct"
grep -q '"pct_steps":[0-9]' "$work/pct.json"
[ "$pct" -gt 0 ] || { echo "pct found nothing"; exit 1; }
[ "$pct" -ge "$random" ] || { echo "pct found fewer than random"; exit 1; }
