#!/usr/bin/env bash
# A planted bug through the command line as a user meets it: explore finds failing seeds; each
# (up to three) fails again under `run --seed` and from its run record; `shrink` writes a scenario that fails the same
# way on its own, says whether the story changed, names the seed its tape was made with and
# writes no unreadable durations. Strategy flags after the scenario (`--strategy pct`) go to
# explore, run and shrink alike: a seed found under a strategy is the same bug only under it.
set -euo pipefail
thespis=$1 scenario=$2 work=$(mktemp -d)
flags=("${@:3}")
trap 'rm -rf "$work"' EXIT
set +e
"$thespis" explore "$scenario" --seeds 30 --jobs 2 --json "$work/summary.json" "${flags[@]}" \
  --save-failures "$work/records" > "$work/explore.txt"
status=$?
set -e
cat "$work/explore.txt"
[ "$status" -eq 1 ] || { echo "explore: expected exit code 1, got $status"; exit 1; }
# The failing seeds of the one expectation violated: {"failures":{"...":[s1,s2,...]}}.
seeds=$(sed -e 's/.*"failures":{[^[]*\[\([0-9,]*\)\].*/\1/' "$work/summary.json" | tr ',' ' ')
[ -n "$seeds" ] || { echo "explore found no failing seed"; exit 1; }
checked=0
for seed in $seeds; do
  [ "$checked" -lt 3 ] || break
  checked=$((checked + 1))
  set +e
  "$thespis" run "$scenario" --seed "$seed" "${flags[@]}" > "$work/run.txt"
  status=$?
  set -e
  [ "$status" -eq 1 ] || { cat "$work/run.txt"; echo "run --seed $seed: expected 1, got $status"; exit 1; }
  violated=$(grep '^  violated: ' "$work/run.txt")
  # The seed's run record replays it from the tape alone (no flags): the same hash, failing again.
  record=$(ls "$work"/records/*-seed"$seed".tape)
  set +e
  "$thespis" replay "$record" > "$work/replay.txt"
  status=$?
  set -e
  [ "$status" -eq 1 ] && grep -q "confirmed" "$work/replay.txt" ||
    { cat "$work/replay.txt"; echo "the record of seed $seed did not replay its failure"; exit 1; }
  "$thespis" shrink "$scenario" --seed "$seed" "${flags[@]}" -o "$work/min.yaml" \
    > "$work/shrink.txt" 2>/dev/null
  cat "$work/shrink.txt"
  grep -q '^  fails the same way: ' "$work/shrink.txt"
  grep -qE '^  the story (is the same|changed)' "$work/shrink.txt"
  set +e
  "$thespis" run "$work/min.yaml" > "$work/rerun.txt"
  status=$?
  set -e
  [ "$status" -eq 1 ] || { cat "$work/rerun.txt"; echo "shrunk seed $seed passes"; exit 1; }
  grep -qF "$violated" "$work/rerun.txt" || { cat "$work/rerun.txt"; echo "another failure"; exit 1; }
  if grep -q '^  vacuous: ' "$work/rerun.txt"; then echo "shrunk seed $seed is vacuous"; exit 1; fi
  grep -q "^seed: $seed\$" "$work/min.yaml" || { echo "seed $seed not kept"; exit 1; }
  if grep -q 'thespis-tape' "$work/min.yaml"; then
    grep -q "seed=$seed " "$work/min.yaml" || { echo "tape of another seed"; exit 1; }
  fi
  if grep -E '(at|duration): [0-9]*[1-9][0-9]{0,2}ns' "$work/min.yaml"; then
    echo "unreadable durations in the shrunk file"; exit 1
  fi
done
