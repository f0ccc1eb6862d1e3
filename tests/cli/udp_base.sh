#!/usr/bin/env bash
# udp_base.sh THESPIS BUNDLED: the command line on the udp base.
#  * `thespis run --base udp` passes a bundled scenario that passes on tcp (the correct kv store
#    across a real partition) and reports what the admins counted lost;
#  * `thespis run --base sim,udp` fails the planted kv bug on the same check on both sides, and
#    says the simulation used the udp network profile, whatever the scenario names;
#  * `thespis node --base udp` listens on udp's default port 1029, and `thespis status --base udp`
#    / `shutdown --base udp` find it there and show its transport and lost count (as root in a
#    network namespace of its own, so that port 1029 is free whatever else runs);
#  * without root (as nobody) `thespis run --base udp` runs every node on 127.0.0.1 and says so.
# Every process a command starts carries a mark in its environment: the test fails if one
# survives its command, and kills what is left on exit.
set -uo pipefail
thespis=$1 bundled=$2
dir=$(mktemp -d)
chmod 755 "$dir"  # nobody runs a scenario from here
mark="THESPIS_UDP_BASE_TEST=$$-$RANDOM"

source "$(dirname "${BASH_SOURCE[0]}")/marked_processes.sh"
# Runs a command with the mark, bounded in time.
marked() { timeout 90 env "$mark" "$@"; }
# Once a command has returned, none of the processes it started may run (bounded poll: a
# process the kernel is still tearing down may show for a moment; under AddressSanitizer on a
# loaded machine, unmapping a killed process's shadow memory has taken over 5 s).
expect_no_survivors() {
  local deadline=$((SECONDS + 20))
  while [ -n "$(marked_pids)" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$1 left processes running: $(marked_pids | xargs)"
    sleep 0.1
  done
}

# --- a scenario that passes on tcp passes on udp ----------------------------------------------
out=$(marked "$thespis" run --base udp "$bundled/kv_partition.yaml" --json "$dir/ok.json" 2>&1)
code=$?
printf '%s\n' "$out"
expect_no_survivors "run --base udp"
[ "$code" -eq 0 ] || fail "the correct store exited $code on udp, expected 0"
grep -qE '^PASS .*kv_partition.yaml \(kv-partition\)  on udp, ' <<<"$out" || fail "no udp heading"
grep -qE '^  pass  always no_double_apply: held at every sample' <<<"$out" ||
  fail "no_double_apply not judged by sampling"
grep -qE '^  note  network: .*the network is real udp$' <<<"$out" || fail "no network note"
grep -qE '^  note  transport: udp .*may be lost.*the admins counted [0-9]+ lost messages$' <<<"$out" ||
  fail "the report does not count what the transport lost"
grep -q '"base":"udp"' "$dir/ok.json" || fail "--json lacks the udp run"
grep -qE '"lost_messages":[0-9]+' "$dir/ok.json" || fail "--json lacks lost_messages"

# --- the planted bug fails the same check on sim and on udp -----------------------------------
out=$(marked "$thespis" run --base sim,udp "$bundled/kv_partition_bug.yaml" 2>&1)
code=$?
printf '%s\n' "$out"
expect_no_survivors "run --base sim,udp"
[ "$code" -eq 1 ] || fail "the planted bug exited $code, expected 1"
grep -qE '^FAIL .*kv_partition_bug.yaml \(kv-partition-bug\)  sim: FAIL, udp: FAIL' <<<"$out" ||
  fail "no heading with both verdicts"
grep -qxF "  sim profile: udp (the udp base's; the scenario names tcp)" <<<"$out" ||
  fail "no line naming the profile"
grep -qE '^  expectation +sim   udp$' <<<"$out" || fail "no table header"
grep -qE '^  always no_double_apply +FAIL  FAIL$' <<<"$out" || fail "no row for no_double_apply"
grep -qE '^  udp   always no_double_apply: violated at t=.*sampled every 50ms on real processes' <<<"$out" ||
  fail "the udp verdict does not say where it was violated and that it was sampled"
grep -qE '^  note  udp: transport: .*the admins counted [0-9]+ lost messages$' <<<"$out" ||
  fail "no lost count"

# Named no profile: the simulation runs it under udp's.
grep -v '^  profile: tcp$' "$bundled/kv_partition_bug.yaml" >"$dir/no_profile.yaml"
out=$(marked "$thespis" run --base sim,udp "$dir/no_profile.yaml" 2>&1)
code=$?
printf '%s\n' "$out"
expect_no_survivors "run --base sim,udp"
[ "$code" -eq 1 ] || fail "the planted bug without a profile exited $code, expected 1"
grep -qxF "  sim profile: udp (the udp base's; the scenario names none)" <<<"$out" ||
  fail "the simulation did not take udp's profile"
grep -qE '^  always no_double_apply +FAIL  FAIL$' <<<"$out" || fail "no_double_apply not failed on both"

# --- node --base udp, status and shutdown on udp's default port --------------------------------
node_script='
  thespis=$0 dir=$1 port_args=${2:-}
  ip link set lo up 2>/dev/null
  "$thespis" node --base udp $port_args >"$dir/node.out" 2>&1 &
  node=$!
  deadline=$((SECONDS + 20))
  until "$thespis" status --base udp $port_args --timeout 0.5 >"$dir/status.out" 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { kill -KILL "$node"; exit 3; }
    sleep 0.1
  done
  "$thespis" shutdown --base udp $port_args >"$dir/shutdown.out" 2>&1 || { kill -KILL "$node"; exit 4; }
  wait "$node"
'
if [ "$(id -u)" -eq 0 ]; then
  port=1029 port_args=""
  marked unshare --net -- bash -c "$node_script" "$thespis" "$dir"
else
  # Without root no namespace of our own: a free port, named explicitly.
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  port_args="--port $port"
  marked bash -c "$node_script" "$thespis" "$dir" "$port_args"
fi
code=$?
cat "$dir/node.out" "$dir/status.out" "$dir/shutdown.out" 2>/dev/null
expect_no_survivors "node --base udp"
[ "$code" -eq 0 ] || fail "node, status or shutdown failed (code $code)"
grep -qxF "thespis node: udp admin on 127.0.0.1:$port" "$dir/node.out" || fail "no node banner"
grep -qE "^admin 127\.0\.0\.1:$port pid [0-9]+ build [0-9a-f]+, transport udp, .* connections refused, lost 0$" \
  "$dir/status.out" || fail "status does not show the udp transport and its lost count"
grep -qxF "admin 127.0.0.1:$port shut down" "$dir/shutdown.out" || fail "shutdown did not say so"

# --- without root: every node on 127.0.0.1, said in the report ---------------------------------
as_nobody=()
if [ "$(id -u)" -eq 0 ]; then
  as_nobody=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
fi
out=$(cd "$dir" && marked "${as_nobody[@]}" "$thespis" run --base udp "$bundled/echo.yaml" 2>&1)
code=$?
printf '%s\n' "$out"
expect_no_survivors "run --base udp without root"
[ "$code" -eq 0 ] || fail "echo without root exited $code, expected 0"
grep -qE '^PASS .*echo.yaml \(echo\)  on udp, ' <<<"$out" || fail "no udp heading without root"
grep -qE '^  note  hosts: every node on 127\.0\.0\.1, network namespaces need root .*skipped$' <<<"$out" ||
  fail "the fallback to 127.0.0.1 is not said"
echo "ok"
