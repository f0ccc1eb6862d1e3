#!/usr/bin/env bash
# Rejects what would make a simulated run depend on anything but its seed or tape: wall clocks,
# unseeded randomness, threads, the environment, and unordered containers (whose iteration
# order could leak into a schedule) in core/ and simbase/ sources. A line may opt out with a
# trailing `// determinism: <reason>` comment, which a reviewer then reads.
set -uo pipefail
cd "$(dirname "$0")/.."

patterns=(
  'system_clock|steady_clock|high_resolution_clock|gettimeofday|clock_gettime|\btime\(nullptr\)'
  'random_device|\brand\(|\bsrand\(|\brandom\(\)\s*%|mt19937'
  'std::thread|std::jthread|std::async|pthread_create'
  '\bgetenv\('
  'unordered_(map|set|multimap|multiset)'
)
status=0
for pattern in "${patterns[@]}"; do
  hits=$(grep -rnE --include='*.hpp' --include='*.cpp' "$pattern" core simbase | grep -v '// determinism:')
  if [ -n "$hits" ]; then
    echo "check-determinism: forbidden in core/ or simbase/ (pattern: $pattern):"
    echo "$hits"
    status=1
  fi
done
[ $status -eq 0 ] && echo "check-determinism: ok"
exit $status
