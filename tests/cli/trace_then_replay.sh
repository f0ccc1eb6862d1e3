#!/usr/bin/env bash
# thespis run --trace writes the trace and the run record; thespis replay confirms the hash.
set -euo pipefail
thespis=$1 bundled=$2 work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$thespis" run "$bundled/kv_retries.yaml" --trace "$work/kv.jsonl"
test -s "$work/kv.jsonl"
head -c 300 "$work/kv.tape"; echo
grep -q '"kind":"deliver"' "$work/kv.jsonl"
"$thespis" replay "$work/kv.jsonl" | tee "$work/replay.txt"
grep -q "confirmed" "$work/replay.txt"
# A record whose hash does not match is reported, with a non-zero exit code.
sed -i '1s/hash=[0-9]*/hash=12345/' "$work/kv.tape"
if "$thespis" replay "$work/kv.tape"; then echo "a wrong hash was confirmed"; exit 1; fi
