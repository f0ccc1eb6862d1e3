#!/usr/bin/env bash
# A run on real processes opens in the same viewer (issue 14, part 4): `thespis run --base tcp
# --trace --html` records the distributed echo on two admins; headless Chromium draws the page;
# every actor of the merged trace has a lane and every delivery an arrow. Skips (exit 77) only
# when Chromium is not installed.
set -euo pipefail
thespis=$1 bundled=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/headless_chromium.sh"

timeout 120 "$thespis" run --base tcp "$bundled/echo.yaml" --trace "$work/run.jsonl" \
  --html "$work/run.html" >"$work/run.txt" || { cat "$work/run.txt"; exit 1; }
python3 - "$work/run.jsonl" <<'PY'
import json, sys
trace = [json.loads(line) for line in open(sys.argv[1])]
kinds = {e["kind"] for e in trace}
assert {"start", "send", "deliver", "create"} <= kinds, kinds
assert [e["index"] for e in trace] == list(range(len(trace))), "indexed from 0"
times = [e["time_ns"] for e in trace]
assert times[0] == 0 and times == sorted(times), "in time order from the first event"
nodes = {e.get("node") for e in trace if e["kind"] == "deliver"}
assert len(nodes) == 2, f"deliveries on both admins: {nodes}"
print(f"ok: {len(trace)} events from {len(nodes)} admins")
PY
browse "$work/run.html" --dump-dom >"$work/dom.html"
python3 "$here/check_view_dom.py" real "$work/run.jsonl" "$work/dom.html"
