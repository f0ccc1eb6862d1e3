#!/usr/bin/env bash
# Fails (and removes them) if hostlab objects remain: network namespaces `thespis-*` (after
# killing what runs in them), links `thbr<n>` / `thv<n>...` (bridges and veths), nftables tables
# `thespis_*`. Runs alone (RUN_SERIAL) after every test that makes hosts, so anything found is a
# leak, not another test's Lab.
set -uo pipefail
if [[ $(id -u) -ne 0 ]] || ! command -v ip >/dev/null; then
  echo "not root or no ip: no hostlab could have run"
  exit 0
fi
left=()
for ns in $(ip netns list | awk '{print $1}' | grep '^thespis-'); do
  left+=("netns $ns")
  pids=$(ip netns pids "$ns" 2>/dev/null)
  [[ -n $pids ]] && kill -9 $pids 2>/dev/null
  ip netns del "$ns"
done
for link in $(ls /sys/class/net | grep -E '^(thbr|thv)[0-9]'); do
  left+=("link $link ($(cat "/sys/class/net/$link/ifalias" 2>/dev/null))")
  ip link del dev "$link" 2>/dev/null
done
if command -v nft >/dev/null; then
  while read -r _ family table; do
    left+=("nft table $family $table")
    nft delete table "$family" "$table"
  done < <(nft list tables | grep ' thespis_')
fi
if (( ${#left[@]} > 0 )); then
  printf 'left behind: %s\n' "${left[@]}"
  exit 1
fi
echo "no hostlab namespace, link or nftables table left behind"
