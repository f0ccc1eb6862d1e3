#!/usr/bin/env bash
# The picture of a failing run, as a browser shows it (issue 14's acceptance): thespis run --html
# draws the bundled election bug; headless Chromium opens the page and the DOM it built is
# checked against the trace (a lane per actor, an arrow per delivery, the violation marked, its
# causal chain highlighted). A screenshot is kept in the artefact folder. Then: a trace whose
# text tries to inject markup stays text, a 100,000-event trace is drawn a window at a time, and
# the Chrome Trace Event export of the run holds one event per trace event.
# Skips (exit 77) only when Chromium is not installed; scripts/setup.sh installs it.
set -euo pipefail
thespis=$1 bundled=$2 artefacts=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/headless_chromium.sh"
mkdir -p "$artefacts"

# 1. The bundled failing scenario, drawn by run --html; its DOM checked against its trace.
status=0
"$thespis" run "$bundled/election_random_faults_bug.yaml" --trace "$work/run.jsonl" \
  --html "$work/run.html" >"$work/run.txt" || status=$?
if [ "$status" -ne 1 ]; then cat "$work/run.txt"; echo "expected the run to fail (exit 1), got $status"; exit 1; fi
if grep -Eiq '(src|href)=["'"'"']?(https?:)?//' "$work/run.html"; then
  echo "the page loads something from the network"; exit 1
fi
browse "$work/run.html" --dump-dom >"$work/dom.html"
browse "$work/run.html" --window-size=1600,1000 --screenshot="$artefacts/election_bug_view.png" >/dev/null
test -s "$artefacts/election_bug_view.png"
cp "$work/run.html" "$artefacts/election_bug_view.html"
python3 "$here/check_view_dom.py" small "$work/run.jsonl" "$work/dom.html"

# 2. Text from the trace that tries to become markup stays text.
python3 - "$work/run.jsonl" "$work/hostile.jsonl" <<'PY'
import json, sys
hostile = '</script><img id="pwned" src=x onerror="document.body.dataset.pwned=1"><!--'
out = []
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["kind"] in ("send", "deliver"):
        e["message"] = hostile + e["message"]
    if e.get("node"):
        e["node"] = hostile + e["node"]
    if e["kind"] == "fault":
        e["text"] = hostile + e["text"]
    out.append(json.dumps(e, separators=(",", ":")))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
"$thespis" view "$work/hostile.jsonl" -o "$work/hostile.html"
browse "$work/hostile.html" --dump-dom >"$work/hostile_dom.html"
python3 "$here/check_view_dom.py" hostile "$work/hostile_dom.html" pwned

# 3. 100,000 events: the page opens and draws a window of them, every lane present.
python3 - "$work/large.jsonl" <<'PY'
import json, sys
actors = [f"@{s}.{l}" for s in range(1, 5) for l in (2, 3)]
nodes = {1: "n1", 2: "n2", 3: "n3", 4: "n4"}
with open(sys.argv[1], "w") as out:
    i, t = 0, 0
    while i < 100_000:
        a, b = actors[(i // 2) % 8], actors[(i // 2 * 3 + 1) % 8]
        for kind, actor, other in (("send", a, b), ("deliver", b, a)):
            node = nodes[int(actor[1:].split(".")[0])]
            out.write(json.dumps({"index": i, "hash": i, "time_ns": t, "kind": kind, "actor": actor,
                                  "other": other, "node": node, "type": "Ping",
                                  "message": f"Ping{{n: {i // 2}}}"}, separators=(",", ":")) + "\n")
            i += 1
            t += 1000
PY
"$thespis" view "$work/large.jsonl" -o "$work/large.html"
browse "$work/large.html" --window-size=1400,900 --dump-dom >"$work/large_dom.html"
python3 "$here/check_view_dom.py" large "$work/large.jsonl" "$work/large_dom.html"
# 4. The same run for Perfetto: valid JSON, one "thespis" event per trace event, in order.
"$thespis" view "$work/run.jsonl" --format chrome -o "$work/run.chrome.json"
python3 - "$work/run.jsonl" "$work/run.chrome.json" <<'PY'
import json, sys
trace = [json.loads(line) for line in open(sys.argv[1])]
events = [e for e in json.load(open(sys.argv[2]))["traceEvents"] if e.get("cat") == "thespis"]
assert len(events) == len(trace), f"{len(events)} trace events exported for {len(trace)}"
assert all(e["ph"] == "i" for e in events), "each trace event is an instant event"
times = [e["ts"] for e in events]
assert times == sorted(times), "in the trace's order"
assert [e["args"]["index"] for e in events] == [t["index"] for t in trace], "each event once"
PY
echo "the pages and the screenshot are in $artefacts"
