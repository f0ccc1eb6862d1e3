#!/usr/bin/env bash
# Installs what thespis needs on Debian 12 (apt), only what is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git clang-format ccache python3 dpkg-dev
  clang libclang-rt-14-dev libsodium-dev
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
  libboost-dev libcli11-dev libyaml-cpp-dev libfmt-dev libmsgpack-cxx-dev
  iproute2 nftables  # hostlab: network namespaces and their faults (tests, run --base tcp)
  chromium           # headless: the test that opens thespis view's page (tests/cli/view_in_chromium.sh)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
