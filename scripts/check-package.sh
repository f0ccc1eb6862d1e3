#!/usr/bin/env bash
# The installable package, as a user meets it: installs a build folder's thespis into a prefix
# and as a Debian package (CPack, then apt), and builds and runs the consumer project of
# tests/package against each: its own static library of actors and an app (linked whole), an
# actor on sim and on tcp, its own command line running its own scenario, and its property
# tests (a property that passes; one that fails and whose counterexample replays).
#
# Usage: scripts/check-package.sh BUILD_DIR   (a configured and built folder, e.g. build/ci)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:?usage: check-package.sh BUILD_DIR}")
source=$PWD/tests/package
# Inside the build folder, at a fixed place, so that the compiler cache recognises the
# consumer's files from one clone to the next.
work=$build/package-check
rm -rf "$work"
mkdir -p "$work"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
installed_deb=0
cleanup() {
  if ((installed_deb)); then "${sudo_cmd[@]}" apt-get remove -y -qq thespis >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/secret"
chmod 600 "$work/secret"

# consumer NAME [cmake args...]: builds the consumer and runs what a user would.
consumer() {
  local name=$1
  shift
  echo "== package: consumer against $name"
  cmake -S "$source" -B "$work/$name" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@" \
    >/dev/null
  cmake --build "$work/$name"
  timeout 60 "$work/$name/tally_demo" sim
  timeout 60 "$work/$name/tally_demo" tcp "$work/secret"
  timeout 60 "$work/$name/tally_cli" run "$source/tally.yaml"
  timeout 120 "$work/$name/tally_properties"
  # The counterexample it wrote fails again through its own `run` (exit code 1: a check failed).
  local status=0
  timeout 60 "$work/$name/tally_properties" run \
    "$work/$name/counterexamples/Tally.any-first-amount.yaml" >/dev/null || status=$?
  [ "$status" -eq 1 ] || { echo "the counterexample did not fail under run ($status)"; exit 1; }
}

echo "== package: install into a prefix"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
consumer prefix -DCMAKE_PREFIX_PATH="$work/prefix"

echo "== package: the Debian package"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" >/dev/null)
deb=$(ls "$work"/thespis_*.deb)
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Depends\):/  \1:/p'
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get install -y -qq "$deb" >/dev/null
installed_deb=1
consumer deb
timeout 60 thespis run /usr/share/thespis/scenarios/kv_retries.yaml
echo "== package: passed (prefix and .deb)"
