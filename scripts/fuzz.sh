#!/usr/bin/env bash
# Fuzzes every target of tests/fuzz for SECONDS each (default 20), one after the other (the
# machine has two cores): builds the `fuzz` preset (clang, libFuzzer, ASan + UBSan), then runs
# each target on a temporary copy of its corpus tests/data/fuzz/<target>/ (so that corpus growth
# stays out of the repository) and copies each new finding into tests/data/fuzz/<target>/crashes/,
# where the `fuzz` ctest cases of the normal presets replay it. libFuzzer stops at a finding;
# the target is then restarted for the time left, so one run can report several.
#
# Prints one line per target, `fuzz <target>: N execs in S s, C crashes`, and exits non-zero if
# any target found one.
#
# FUZZ_MERGE=1 also merges what the run found into the committed corpus, minimised (-merge=1):
# only inputs that add coverage, cut to 1 KiB, so that the corpus stays small.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}

targets=(frame_reader_fuzz message_decoder_fuzz scenario_loader_fuzz tape_loader_fuzz datagram_fuzz)
declare -A max_len=(
  [frame_reader_fuzz]=65536
  [message_decoder_fuzz]=16384
  [scenario_loader_fuzz]=16384
  [tape_loader_fuzz]=8192
  [datagram_fuzz]=20000
)
# A decode's memory must stay proportional to its input: one allocation over these is a finding.
declare -A malloc_limit=(
  [frame_reader_fuzz]=128
  [message_decoder_fuzz]=64
  [scenario_loader_fuzz]=2048
  [tape_loader_fuzz]=2048
  [datagram_fuzz]=128
)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null

bin=build/fuzz/tests/fuzz
work=$(mktemp -d "${TMPDIR:-/tmp}/thespis-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0

for target in "${targets[@]}"; do
  data=tests/data/fuzz/$target
  if [[ ! -x $bin/$target ]]; then
    # The build says why (the scenario loader: a compiler that cannot build scenarios/).
    echo "fuzz $target: not built by this compiler, skipped (see the configure warning)"
    continue
  fi
  seeds=$work/$target/seeds
  corpus=$work/$target/corpus
  artifacts=$work/$target/artifacts
  mkdir -p "$seeds" "$corpus" "$artifacts"
  find "$data" -maxdepth 1 -type f -exec cp {} "$seeds/" \;
  cp -r "$seeds"/. "$corpus"/
  if [[ -d $data/crashes ]]; then
    find "$data/crashes" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
  fi
  dict=()
  if [[ -f tests/fuzz/$target.dict ]]; then dict=(-dict="tests/fuzz/$target.dict"); fi

  execs=0
  start=$(date +%s)
  deadline=$((start + seconds))
  run=0
  while :; do
    left=$((deadline - $(date +%s)))
    ((left > 0)) || break
    log=$work/$target/run$run.log
    status=0
    "$bin/$target" "$corpus" "${dict[@]}" -max_total_time="$left" -max_len="${max_len[$target]}" \
      -rss_limit_mb=2048 -malloc_limit_mb="${malloc_limit[$target]}" -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" \
      >"$log" 2>&1 || status=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    execs=$((execs + ${n:-0}))
    run=$((run + 1))
    ((status == 0)) && break
    # Restart only after a new finding: a target that cannot start, or that fails on its own
    # corpus again and again, must not loop for the rest of the time.
    found=$(find "$artifacts" -type f | wc -l)
    if ((found <= ${found_before:-0})); then
      echo "fuzz $target: exited with $status without a new finding (an input of the corpus" \
        "fails again, or the target cannot start); log:" >&2
      tail -20 "$log" >&2
      failed=1
      break
    fi
    found_before=$found
  done
  found_before=0
  elapsed=$(($(date +%s) - start))

  crashes=0
  for finding in "$artifacts"/*; do
    [[ -f $finding ]] || continue
    case $(basename "$finding") in slow-unit-*) continue ;; esac
    crashes=$((crashes + 1))
    mkdir -p "$data/crashes"
    cp "$finding" "$data/crashes/"
    echo "fuzz $target: finding $data/crashes/$(basename "$finding")" >&2
  done
  for log in "$work/$target"/run*.log; do
    if grep -q -E '^SUMMARY|deadly signal|^==[0-9]+== ERROR' "$log"; then
      grep -E -m4 'ERROR|SUMMARY|deadly signal|_fuzz: ' "$log" >&2 || true
    fi
  done
  if [[ ${FUZZ_MERGE:-0} == 1 ]]; then
    # Into the seeds only what adds coverage; then the new ones into the repository.
    if "$bin/$target" -merge=1 -max_len=1024 -rss_limit_mb=2048 \
      -artifact_prefix="$work/$target/merge-" "$seeds" \
      "$corpus" >"$work/$target/merge.log" 2>&1; then
      cp -n "$seeds"/* "$data/"
    else
      echo "fuzz $target: merge failed" >&2
    fi
  fi
  echo "fuzz $target: $execs execs in $elapsed s, $crashes crashes"
  ((crashes == 0)) || failed=1
done
exit "$failed"
