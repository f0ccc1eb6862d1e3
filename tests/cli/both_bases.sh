#!/usr/bin/env bash
# both_bases.sh THESPIS BUNDLED: `thespis run --base sim,tcp` prints each expectation's verdict on
# both bases side by side (the planted bug fails the same check on both: its one-way partition
# is real on tcp), says how tcp judged the app's checks, exits 1 when either base fails
# and 0 when both pass, and --json holds both runs.
set -uo pipefail
thespis=$1 bundled=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

out=$("$thespis" run --base sim,tcp "$bundled/kv_partition_bug.yaml" --json "$dir/bug.json" 2>&1)
code=$?
printf '%s\n' "$out"
[ "$code" -eq 1 ] || fail "the planted bug exited $code, expected 1"
grep -qE '^FAIL .*kv_partition_bug.yaml \(kv-partition-bug\)  sim: FAIL, tcp: FAIL' <<<"$out" ||
  fail "no heading with both verdicts"
grep -qE '^  expectation +sim   tcp$' <<<"$out" || fail "no table header"
grep -qE '^  always no_double_apply +FAIL  FAIL$' <<<"$out" || fail "no row for no_double_apply"
grep -qE '^  tcp   always no_double_apply: violated at t=.*sampled every 50ms on real processes' <<<"$out" ||
  fail "the tcp verdict does not say where it was violated and that it was sampled"
grep -qE '^  note  tcp: ' <<<"$out" || fail "no tcp approximations"
[ "$(grep -o '"base":"sim"' "$dir/bug.json" | wc -l)" -eq 1 ] || fail "--json lacks the sim run"
[ "$(grep -o '"base":"tcp"' "$dir/bug.json" | wc -l)" -eq 1 ] || fail "--json lacks the tcp run"

out=$("$thespis" run --base sim,tcp "$bundled/kv_partition.yaml" 2>&1)
code=$?
printf '%s\n' "$out"
[ "$code" -eq 0 ] || fail "the correct store exited $code, expected 0"
grep -qE '^  always no_double_apply +pass  pass$' <<<"$out" || fail "not passed on both"
grep -qE '^  eventually all_acknowledged +pass  pass$' <<<"$out" || fail "not acknowledged on both"
echo "ok"
