#!/usr/bin/env bash
# Ctrl-C keeps explore's work: SIGINT to a running explore stops its workers, prints the
# summary of the seeds that ran (and writes --json), exits with 130 and leaves no process
# behind. Once on a terminal (script(1) gives it one), where the progress line shows the rate
# and the time left and the summary is coloured, and once piped, where stderr gets nothing but
# the line that says what was not run. The range is far too large to finish: the explore is
# still running when the signal comes. Every wait is bounded.
set -euo pipefail
thespis=$1 scenario=$2 work=$(mktemp -d)
seeds=1000000000
started=()
cleanup() {
  for p in "${started[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }

# Polls CONDITION for at most 30 s (explore is a separate process: there is nothing to wait on).
wait_for() {
  for _ in $(seq 600); do "$@" && return 0; sleep 0.05; done
  fail "timed out waiting for: $*"
}

# interrupt PID: sends SIGINT once PID has its two workers; checks they are gone afterwards.
workers_of() { pgrep -P "$1" || true; }
two_workers() { [ "$(workers_of "$1" | wc -l)" -eq 2 ]; }
check_gone() {
  for w in $1; do
    if kill -0 "$w" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$w/status" 2>/dev/null; then
      fail "worker $w outlived explore"
    fi
  done
}
runs_in() { grep -oE ": [0-9]+ runs \(random, seeds 1\.\.$seeds\)" "$1" | grep -oE '[0-9]+' | head -1; }

echo "== piped"
"$thespis" explore "$scenario" --seeds $seeds --jobs 2 --json "$work/piped.json" \
  >"$work/piped.out" 2>"$work/piped.err" &
pid=$!
started+=("$pid")
wait_for two_workers "$pid"
workers=$(workers_of "$pid")
kill -INT "$pid"
code=0
wait "$pid" || code=$?
cat "$work/piped.out" "$work/piped.err"
[ "$code" -eq 130 ] || fail "exit code $code, expected 130"
runs=$(runs_in "$work/piped.out")
[ -n "$runs" ] || fail "no partial summary"
grep -q "  interrupted: $runs of $seeds seeds ran" "$work/piped.out" || fail "no interrupted line"
grep -q "\"runs\":$runs," "$work/piped.json" || fail "the JSON has not the same runs"
grep -q '"interrupted":true' "$work/piped.json" || fail "the JSON does not say interrupted"
[ "$(wc -l <"$work/piped.err")" -eq 1 ] || fail "stderr is not a terminal: no progress line"
grep -q "thespis: explore interrupted; $((seeds - runs)) of $seeds seeds were not run" \
  "$work/piped.err" || fail "stderr does not say what was not run"
if grep -q $'\e' "$work/piped.out" "$work/piped.err"; then fail "escape codes in a pipe"; fi
check_gone "$workers"

echo "== on a terminal"
script -qfec "exec '$thespis' explore '$scenario' --seeds $seeds --jobs 2 --json '$work/tty.json'" \
  "$work/tty.txt" </dev/null >/dev/null &
spid=$!
started+=("$spid")
# Wait until the progress line shows finished seeds, a rate and an ETA.
progress() { grep -qE "explore: [1-9][0-9]*/$seeds seeds \([0-9]+%\), [0-9]+ failed, [0-9]+ seeds/s, ETA [0-9]" "$work/tty.txt"; }
wait_for progress
pid=$(pgrep -P "$spid")  # script's child, which exec'd explore
started+=("$pid")
workers=$(workers_of "$pid")
kill -INT "$pid"
code=0
wait "$spid" || code=$?
tr '\r' '\n' <"$work/tty.txt" | tail -n 8 | cat -v
[ "$code" -eq 130 ] || fail "exit code $code, expected 130"
runs=$(runs_in "$work/tty.txt")
[ -n "$runs" ] && [ "$runs" -gt 0 ] || fail "the summary does not keep the seeds that ran"
grep -q "\"runs\":$runs," "$work/tty.json" || fail "the JSON has not the same runs"
grep -q $'\e\[1;31m[0-9]* failed' "$work/tty.txt" || fail "no colour on a terminal"
check_gone "$workers"
echo "ok"
