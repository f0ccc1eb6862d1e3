#!/usr/bin/env bash
# A recorded run replays from another working directory (the record names its scenario and trace
# relative to itself). After one message field of the scenario is edited, replay fails with exit
# code 1 and names the first divergent event: the send of the edited message, expected against
# got (the trace hash folds what messages say, so the edit shows where it is made).
set -euo pipefail
thespis=$1 bundled=$2 work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project/records"
cp "$bundled/kv_retries.yaml" "$work/project/kv.yaml"
(cd "$work/project" && "$thespis" run kv.yaml --trace records/kv.jsonl)
cd /
"$thespis" replay "$work/project/records/kv.tape" | tee "$work/replay.txt"
grep -q "confirmed" "$work/replay.txt"
# The client's workload: key x -> y. The run takes the same steps; only what is said differs.
sed -i 's/key: x, count: 40/key: y, count: 40/' "$work/project/kv.yaml"
grep -q "key: y, count: 40" "$work/project/kv.yaml"
set +e
"$thespis" replay "$work/project/records/kv.jsonl" > "$work/replay.txt"
status=$?
set -e
cat "$work/replay.txt"
[ "$status" -eq 1 ] || { echo "expected exit code 1, got $status"; exit 1; }
grep -q "DIVERGED" "$work/replay.txt"
grep -Eq '^  first divergent event #[0-9]+:$' "$work/replay.txt"
grep -Eq '^    expected: .* send .*Workload\{primary: @[0-9.]+, key: "x", count: 40\}$' "$work/replay.txt"
grep -Eq '^    got:      .* send .*Workload\{primary: @[0-9.]+, key: "y", count: 40\}$' "$work/replay.txt"
