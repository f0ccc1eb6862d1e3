#!/usr/bin/env bash
# Every test: set up, then build and run the suite optimised with warnings as errors (the C++
# blocks of the docs compiled with it), the installed package as a user meets it (an install
# prefix and the Debian package, each with a consumer project), the suite under
# AddressSanitizer + UndefinedBehaviorSanitizer, the network bases under ThreadSanitizer, and
# each libFuzzer target for a while.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/check-determinism.sh
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

# The compiler cache is shared by clones in other folders (CI clones afresh each time). The tsan
# preset passes -Wno-tsan: GCC 12 warns that Asio's fences are not instrumented; TSan sees the
# same ordering through the mutexes Asio takes around them.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

for preset in ci asan tsan; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
  # The package as a user meets it, from the optimised build: install prefix and .deb.
  if [ "$preset" = ci ]; then scripts/check-package.sh build/ci; fi
done

# Each libFuzzer target for 20 s (ASan + UBSan); a finding fails the run and is kept in
# tests/data/fuzz/<target>/crashes/ to replay as a regression case.
scripts/fuzz.sh 20
