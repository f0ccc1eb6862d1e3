// Shrinking a failing run into a minimal scenario that still fails the same way.
//
// The failing run (scenario + seed) is rerun while the scenario is simplified one candidate at a
// time; a candidate is kept only if its run still fails the same expectation. In order:
//   1. expectations other than the violated one are dropped;
//   2. random fault generators are replaced by the faults they actually injected, as steps;
//   3. steps are removed (halves, quarters, ... then one by one);
//   4. actors and nodes that nothing refers to are removed;
//   5. phases are shortened, network faults switched off, numbers in messages halved;
//   6. the choice tape of the result is cut short and its choices set to 0 (calm), chunk by
//      chunk.
// The result carries its tape, so `thespis run` replays it exactly.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/sim/explore.hpp>

namespace thespis::scenario {

struct ShrinkOptions {
  std::uint64_t seed = 1;
  /// The strategy the seed failed under (nullptr: random); its choices end up on the tape, so
  /// the shrunk scenario replays without it.
  const sim::Strategy* strategy = nullptr;
  std::size_t max_runs = 3000;                       ///< reruns allowed in total
  std::function<void(const std::string&)> progress;  ///< one line per accepted simplification
  /// Each rerun's RunOptions::max_time (the scenario is refused if it would run past it).
  std::chrono::nanoseconds max_time = default_max_time;
};

struct ShrinkCounts {
  std::size_t steps = 0;
  std::uint64_t faults = 0;  ///< faults applied during the run
  std::uint64_t events = 0;  ///< trace events of the run
  std::size_t choices = 0;   ///< non-zero choices on the tape
};

struct ShrinkResult {
  Scenario minimal;
  std::string expectation;  ///< the violated expectation both runs share
  ShrinkCounts before;
  ShrinkCounts after;
  std::size_t runs = 0;
};

/// Throws Error if the scenario does not fail with the seed.
ShrinkResult shrink(const Scenario& scenario, const ShrinkOptions& options);

}  // namespace thespis::scenario
