#!/usr/bin/env bash
# Fails (and kills them) if processes of the given executables still run: admins, spawners or
# actor processes that a test left behind. Zombies have ended and do not count.
set -uo pipefail
strays=()
for proc in /proc/[0-9]*; do
  pid=${proc#/proc/}
  [[ $pid == "$$" ]] && continue
  exe=$(readlink "$proc/exe" 2>/dev/null) || continue
  state=$(awk '{print $3}' "$proc/stat" 2>/dev/null) || continue
  [[ $state == Z ]] && continue
  for binary in "$@"; do
    if [[ $exe == "$(readlink -f "$binary")" ]]; then strays+=("$pid"); fi
  done
done
if (( ${#strays[@]} > 0 )); then
  echo "processes left behind: ${strays[*]}"
  ps -o pid,ppid,stat,args -p "${strays[@]}" || true
  kill -9 "${strays[@]}" 2>/dev/null
  exit 1
fi
echo "no process left behind"
