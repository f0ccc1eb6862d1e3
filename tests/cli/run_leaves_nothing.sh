#!/usr/bin/env bash
# run_leaves_nothing.sh THESPIS BUNDLED: `thespis run --base tcp|udp` leaves no process behind
# when a node cannot stop cleanly. While the echo scenario runs, one node's admin is stopped
# (SIGSTOP): it answers nothing, so its shutdown at the end of the run fails. That node's admin,
# spawner and actor processes must still be gone when the run returns (the shutdown kills a
# stuck admin, the runner what is left), and the run's notes must say so. Runs without root (as
# nobody when root): every node on 127.0.0.1, where no network namespace ends the processes for
# it.
# Every process the command starts carries a mark in its environment: the test fails if one
# survives the command, and kills what is left on exit.
set -uo pipefail
thespis=$1 bundled=$2
dir=$(mktemp -d)
chmod 755 "$dir"  # nobody runs the scenario from here
mark="THESPIS_RUN_LEAVES_NOTHING=$$-$RANDOM"

source "$(dirname "${BASH_SOURCE[0]}")/marked_processes.sh"
# Field N of /proc/PID/stat counted after the command name, which may hold anything (1: the
# state, 2: the parent); empty once the process is gone.
stat_field() { awk -v n="$2" '{ sub(/.*\) /, ""); print $n }' "/proc/$1/stat" 2>/dev/null; }
parent_of() { stat_field "$1" 2; }

as_nobody=()
if [ "$(id -u)" -eq 0 ]; then
  as_nobody=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
fi
# Long enough to stop an admin while the scenario runs, also on a loaded machine.
sed 's/^duration: 2s$/duration: 6s/' "$bundled/echo.yaml" >"$dir/echo.yaml"
grep -qx 'duration: 6s' "$dir/echo.yaml" || fail "echo.yaml has no 'duration: 2s' line to lengthen"

# The admins of the run: marked processes whose parent is not marked (daemons), other than the
# command itself; each ready once it has a spawner with an actor process. One pass over the
# marked processes: a slow search could find the admins only after the run's phases ended.
admins_with_actors() {
  local command=$1 pid spawner admin
  local -A parent=() ready=()
  for pid in $(marked_pids); do parent[$pid]=$(parent_of "$pid"); done
  for pid in "${!parent[@]}"; do  # pid as an actor process
    spawner=${parent[$pid]}
    [[ -n $spawner && -n ${parent[$spawner]:-} ]] || continue
    admin=${parent[$spawner]}
    [[ $admin != "$command" && -n ${parent[$admin]:-} ]] || continue
    [[ -z ${parent[${parent[$admin]}]:-} ]] && ready[$admin]=1
  done
  if ((${#ready[@]} > 0)); then printf '%s\n' "${!ready[@]}"; fi
}

for base in tcp udp; do
  (cd "$dir" && exec env "$mark" "${as_nobody[@]}" "$thespis" run --base "$base" "$dir/echo.yaml") \
    >"$dir/out" 2>&1 &
  command=$!
  deadline=$((SECONDS + 60))
  until [ "$(admins_with_actors "$command" | wc -l)" -ge 2 ]; do
    kill -0 "$command" 2>/dev/null || fail "$base: the run ended before its two nodes had actors"
    [ "$SECONDS" -lt "$deadline" ] || fail "$base: no two admins with actors within 60 s"
    sleep 0.05
  done
  stopped=$(admins_with_actors "$command" | head -1)
  [ -n "$stopped" ] || fail "$base: the admins went before one could be stopped"
  kill -STOP "$stopped"
  # Stopped while the run still has it: else the run's end proves nothing.
  deadline=$((SECONDS + 5))
  until [ "$(stat_field "$stopped" 1)" = T ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$base: admin $stopped did not stop (it ended first?)"
    sleep 0.05
  done
  kill -0 "$command" 2>/dev/null || fail "$base: the run ended before its admin was stopped"
  # Bounded: the stopped admin's shutdown gives up within 20 s, the kill takes at most 15 s more.
  deadline=$((SECONDS + 90))
  while kill -0 "$command" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$base: the run did not end within 90 s of the stop"
    sleep 0.1
  done
  wait "$command"
  code=$?
  cat "$dir/out"
  [ "$code" -le 1 ] || fail "$base: the run exited $code (0 or 1 expected)"
  # Nothing may be left once the command has returned: no grace.
  left=$(marked_pids | xargs)
  [ -z "$left" ] || fail "$base: the run left processes running: $left (admin $stopped was stopped)"
  # Killed by the runner, or by the system's shutdown, which ends an admin it finds stuck.
  grep -qE "^  note  stop: node '(server|client)' did not stop cleanly within .*(: killed [1-9][0-9]* processes|; it was killed, and its actor processes with it\))$" \
    "$dir/out" || fail "$base: the run does not say it killed what was left of a node"
done
echo "ok"
