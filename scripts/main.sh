#!/usr/bin/env bash
# The main job: set up, build (optimised), run the bundled scenarios and the examples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target thespis hello greeting echo

thespis=build/release/thespis
shopt -s nullglob
meant_to_pass=()
meant_to_fail=()
for file in scenarios/bundled/*.yaml; do
  if [[ $file == *_bug.yaml ]]; then meant_to_fail+=("$file"); else meant_to_pass+=("$file"); fi
done

echo "== bundled scenarios that must pass"
"$thespis" run "${meant_to_pass[@]}"

echo "== bundled scenarios with a planted bug (each must fail, naming the violated check)"
for file in "${meant_to_fail[@]}"; do
  status=0
  "$thespis" run "$file" || status=$?
  if [[ $status -ne 1 ]]; then
    echo "main: $file was meant to fail (exit code 1), got $status" >&2
    exit 1
  fi
done

echo "== the key-value store's planted bug on both bases (real processes; as root, each node a"
echo "   network namespace, the scenario's one-way partition an nftables rule)"
status=0
"$thespis" run --base sim,tcp scenarios/bundled/kv_partition_bug.yaml || status=$?
[[ $status -eq 1 ]] || { echo "main: kv_partition_bug must fail (exit code 1), got $status" >&2; exit 1; }

echo "== explore, then shrink, the election bug"
"$thespis" explore scenarios/bundled/election_random_faults_bug.yaml --seeds 2000 --jobs 2 \
  --save-failures build/release/thespis-failures || true
"$thespis" shrink scenarios/bundled/election_random_faults_bug.yaml --seed 3 -o build/release/election_min.yaml 2>/dev/null
status=0
"$thespis" run --quiet build/release/election_min.yaml || status=$?
[[ $status -eq 1 ]] || { echo "main: the shrunk scenario must fail again" >&2; exit 1; }

for example in hello greeting; do
  echo "== $example (sim)"
  "build/release/examples/$example" sim
done
echo "== echo (two simulated nodes, 1000 pings)"
build/release/examples/echo 1000

# Two admins on free ports of 127.0.0.1: the server program starts the leader's admin (it
# stays as a daemon), the client program joins its convention and runs the pings.
free_port() {
  local port
  for port in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  return 1
}
server_port=$(free_port 41900)
client_port=$(free_port $((server_port + 1)))
echo "== echo over tcp (server admin on $server_port, client admin on $client_port)"
build/release/examples/echo server "$server_port"
status=0
build/release/examples/echo client "$client_port" "$server_port" 1000 || status=$?
"$thespis" shutdown --port "$server_port"
exit "$status"
