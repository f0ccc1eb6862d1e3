#!/usr/bin/env bash
# Every test: set up, then build and run the suite twice, optimised with warnings as errors
# and under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/check-determinism.sh
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

for preset in ci asan; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
