#!/usr/bin/env bash
# Every failing seed explore finds, under every strategy, reproduces: the reproduce line it prints
# fails when pasted, `run` with the same strategy flags fails the same way for every seed, each
# seed's run record replays with its trace hash confirmed (exit code 1: the run fails again), from
# another working directory too, and `shrink` with the flags writes a scenario that still fails.
# Swarm's failing seeds pass without the flags, so a `run` that ignored them could not pass.
# Records go to thespis-failures/ in the working directory unless told otherwise.
set -euo pipefail
thespis=$1 bundled=$2 work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=$work/ledger_ordering_bug.yaml
cp "$bundled/ledger_ordering_bug.yaml" "$scenario"
cd "$work"

expect_status() {  # expect_status CODE COMMAND...: runs it, output to $work/out.txt
  local code=$1
  shift
  set +e
  "$@" > "$work/out.txt" 2>&1
  local status=$?
  set -e
  [ "$status" -eq "$code" ] || { cat "$work/out.txt"; echo "expected exit code $code, got $status: $*"; exit 1; }
}

for strategy in swarm pct random; do
  expect_status 1 "$thespis" explore "$scenario" --seeds 150 --strategy "$strategy" --jobs 2 \
    --json "$work/$strategy.json"
  cat "$work/out.txt"
  # The line names the program that ran (its full path here), then the command.
  reproduce=$(sed -n "s|^ *reproduce: $thespis ||p" "$work/out.txt")
  [ -n "$reproduce" ] || { echo "no reproduce line"; exit 1; }
  # The line as printed, pasted: it must fail.
  # shellcheck disable=SC2086
  expect_status 1 "$thespis" $reproduce
  grep -q "FAIL  always books_balance" "$work/out.txt"
  flags=$(sed -n 's/.* --seed [0-9]*//p' <<< "$reproduce")
  seeds=$(grep -o '"always books_balance":\[[0-9,]*\]' "$work/$strategy.json" | tr -dc '0-9,' | tr ',' ' ')
  passing_without_flags=0
  for seed in $seeds; do
    # shellcheck disable=SC2086
    expect_status 1 "$thespis" run "$scenario" --seed "$seed" $flags
    hash=$(sed -n 's/.* hash=\([0-9]*\)$/\1/p' "$work/out.txt" | head -1)
    record=$(ls thespis-failures/ledger_ordering_bug-"$strategy"*-seed"$seed".tape)
    grep -q "^thespis-tape 2 seed=$seed .* hash=$hash\$" "$record" || {
      head -1 "$record"; echo "the record of seed $seed does not have the run's hash $hash"; exit 1; }
    (cd / && expect_status 1 "$thespis" replay "$work/$record")
    grep -q "trace hash $hash confirmed" "$work/out.txt" || { cat "$work/out.txt"; exit 1; }
    set +e
    "$thespis" run "$scenario" --seed "$seed" > /dev/null
    [ $? -eq 0 ] && passing_without_flags=$((passing_without_flags + 1))
    set -e
  done
  echo "$strategy: $(wc -w <<< "$seeds") failing seeds reproduced; $passing_without_flags pass without '$flags'"
  if [ "$strategy" = swarm ] && [ "$passing_without_flags" -eq 0 ]; then
    echo "no swarm seed passes without the flags: this test would not notice them ignored"; exit 1
  fi
  first=$(set -- $seeds; echo "$1")
  # shellcheck disable=SC2086
  expect_status 0 "$thespis" shrink "$scenario" --seed "$first" $flags -o "$work/min-$strategy.yaml"
  expect_status 1 "$thespis" run "$work/min-$strategy.yaml"
  grep -q "FAIL  always books_balance" "$work/out.txt"
done
