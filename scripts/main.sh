#!/usr/bin/env bash
# The main job: set up, build (optimised) and run the bundled examples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target hello greeting echo

for example in hello greeting; do
  echo "== $example (sim)"
  "build/release/examples/$example" sim
done
echo "== echo (two simulated nodes, 1000 pings)"
build/release/examples/echo 1000
