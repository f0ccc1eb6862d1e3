#!/usr/bin/env bash
# What run, shrink and replay print for people and for scripts: --quiet prints only failures,
# colour only on a terminal and never with NO_COLOR, --json on every command, traces in
# --trace-dir, and reproduce lines that name the program as it was run (here a link named
# my_thespis, as a user's own binary would be).
set -euo pipefail
thespis=$1 bundled=$(realpath "$2") work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
ok=$bundled/kv_retries.yaml bug=$bundled/kv_retries_bug.yaml
esc=$'\e'

echo "== --quiet prints failures only"
out=$("$thespis" run --quiet "$ok" "$bundled/echo.yaml")
[ -z "$out" ] || fail "--quiet printed for passing runs: $out"
code=0
out=$("$thespis" run --quiet "$ok" "$bug") || code=$?
[ "$code" -eq 1 ] || fail "exit code $code"
grep -q "^FAIL .*kv_retries_bug.yaml" <<<"$out" || fail "the failure is not printed"
if grep -q "PASS\|kv_retries.yaml " <<<"$out"; then fail "a passing run is printed: $out"; fi
out=$("$thespis" explore --quiet "$ok" --seeds 20 --jobs 2 2>&1)
[ -z "$out" ] || fail "explore --quiet printed with no failure: $out"

echo "== colour on a terminal only"
"$thespis" run "$bug" >"$work/piped.txt" || true
if grep -q "$esc" "$work/piped.txt"; then fail "escape codes in a pipe"; fi
script -qec "'$thespis' run '$bug'" /dev/null </dev/null >"$work/tty.txt" || true
grep -q "$esc\[1;31mFAIL$esc\[0m" "$work/tty.txt" || fail "no colour on a terminal"
NO_COLOR=1 script -qec "'$thespis' run '$bug'" /dev/null </dev/null >"$work/nocolor.txt" || true
grep -q "^FAIL " "$work/nocolor.txt" || fail "NO_COLOR: no output"
if grep -q "$esc" "$work/nocolor.txt"; then fail "escape codes with NO_COLOR"; fi

echo "== the report speaks the scenario's names and the app's words"
grep -q "^        no request is applied twice by a primary" "$work/piped.txt" ||
  fail "no check description"
grep -q " store\[primary\] <-> writer " "$work/piped.txt" || fail "actors not named"

echo "== reproduce lines name the running program; traces go where asked"
ln -s "$(realpath "$thespis")" "$work/my_thespis"
(cd "$work" && ./my_thespis run "$bug" --trace-dir traces --json run.json >run.txt) || true
grep -q "^    $work/my_thespis run $bug --seed 1$" "$work/run.txt" || fail "program not named"
grep -q -- "--trace kv_retries_bug.seed-1.trace.jsonl" "$work/run.txt" ||
  fail "the suggested trace is not in the working directory"
test -s "$work/traces/kv_retries_bug.seed-1.trace.jsonl" || fail "--trace-dir: no trace"
test -s "$work/traces/kv_retries_bug.seed-1.trace.tape" || fail "--trace-dir: no record"

echo "== --json on run, replay and shrink"
# has FILE TEXT: the (one-line) JSON in FILE contains TEXT.
has() { grep -qF -- "$2" "$1" || fail "$1 lacks $2: $(cat "$1")"; }
has "$work/run.json" '"failed":1,'
has "$work/run.json" '"violated":"always no_double_apply"'
has "$work/run.json" '"description":"no request is applied twice by a primary"'
has "$work/run.json" '"actors":{"replica":"@'
"$thespis" replay --quiet "$work/traces/kv_retries_bug.seed-1.trace.tape" --json "$work/replay.json" \
  >"$work/replay.txt" && fail "a replay of a failing run exited 0"
# The recorded failure happens again (exit code 1), so even --quiet says so.
grep -q "confirmed" "$work/replay.txt" || fail "replay --quiet hid a failing replay"
has "$work/replay.json" '"matches":true,'
has "$work/replay.json" '"run":{"passed":false,'
"$thespis" shrink "$bug" --seed 1 -o "$work/min.yaml" --json "$work/shrink.json" --max-runs 50 \
  >/dev/null 2>&1
has "$work/shrink.json" '"fails":"always no_double_apply"'
has "$work/shrink.json" "\"output\":\"$work/min.yaml\""
echo "ok"
