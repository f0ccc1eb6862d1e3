#!/usr/bin/env bash
# Fails (and removes them) if hostlab objects remain whose owner has ended: network namespaces
# `thespis-<pid>-*` (after killing what runs in them), links `thbr<n>` / `thv<n>...` (bridges
# and veths, owner in their alias), nftables tables `thespis_<pid>_*`. Runs alone (RUN_SERIAL)
# after every test that makes hosts, so what a test left is found; objects whose owner still
# runs belong to another program on this machine (a second test run, a `thespis run --base
# tcp`) and are left alone. A test process that outlived its test is a stray, which
# Net.NoProcessSurvivesTheNetworkTests reports.
set -uo pipefail
if [[ $(id -u) -ne 0 ]] || ! command -v ip >/dev/null; then
  echo "not root or no ip: no hostlab could have run"
  exit 0
fi
owner_runs() { [[ -n $1 && -d /proc/$1 ]]; }
left=()
for ns in $(ip netns list | awk '{print $1}' | grep '^thespis-'); do
  owner=$(sed -E 's/^thespis-([0-9]+)-.*/\1/' <<<"$ns")
  owner_runs "$owner" && continue
  left+=("netns $ns")
  pids=$(ip netns pids "$ns" 2>/dev/null)
  [[ -n $pids ]] && kill -9 $pids 2>/dev/null
  ip netns del "$ns"
done
for link in $(ls /sys/class/net | grep -E '^(thbr|thv)[0-9]'); do
  alias=$(cat "/sys/class/net/$link/ifalias" 2>/dev/null)
  owner=$(sed -nE 's/^thespis-hostlab-pid-([0-9]+)-.*/\1/p' <<<"$alias")
  owner_runs "$owner" && continue
  left+=("link $link ($alias)")
  ip link del dev "$link" 2>/dev/null
done
if command -v nft >/dev/null; then
  while read -r _ family table; do
    owner=$(sed -E 's/^thespis_([0-9]+)_.*/\1/' <<<"$table")
    owner_runs "$owner" && continue
    left+=("nft table $family $table")
    nft delete table "$family" "$table"
  done < <(nft list tables | grep ' thespis_')
fi
if (( ${#left[@]} > 0 )); then
  printf 'left behind: %s\n' "${left[@]}"
  exit 1
fi
echo "no hostlab namespace, link or nftables table left behind by a program that has ended"
