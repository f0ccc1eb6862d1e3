// Shrinking a failing run into a minimal scenario that still fails the same way.
//
// The failing run (scenario + seed) is rerun while the scenario is simplified one candidate at a
// time. A candidate is kept only if its run fails with the same FailureSignature (the same
// expectation, about the same actor and message types, after the same kind of fault on the same
// kind of actor) and not vacuously: an `eventually` over a world emptied of its actors fails
// too, but says nothing about the bug. In order:
//   1. expectations other than the violated one are dropped;
//   2. random fault generators are replaced by the faults they actually injected, as steps;
//   3. steps are removed (halves, quarters, ... then one by one);
//   4. actors and nodes that nothing refers to are removed;
//   5. steps are moved earlier and phases shortened, to readable durations (0, 1ms, 2ms, 5ms,
//      10ms, ...); network faults switched off, numbers in messages halved;
//   6. times that are left (faults drawn at random happened at 67625151ns) are rounded to the
//      coarsest unit that keeps the failure, and empty phases of 0ms removed;
//   7. the choice tape of the result is cut short and its choices set to 0 (calm), chunk by
//      chunk.
// A candidate that writes the same YAML as the current scenario is neither run nor reported.
// The result carries its tape and the seed the tape was made with, so `thespis run` replays it
// exactly.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <thespis/scenario/failure_signature.hpp>
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
  std::string expectation;     ///< the violated expectation both runs share
  FailureSignature signature;  ///< how both runs fail
  /// The failure told with the scenario's names (RunResult::story), before and after: the
  /// signature is kept, but the actors or nodes it happens to may differ.
  std::string story_before;
  std::string story_after;
  ShrinkCounts before;
  ShrinkCounts after;
  std::size_t runs = 0;
  std::size_t vacuous_refused = 0;  ///< candidates that failed vacuously, and were not kept

  bool story_changed() const { return story_before != story_after; }
};

/// Throws Error if the scenario does not fail with the seed, fails only a `sometimes` check,
/// or fails vacuously (there is no bug to keep).
ShrinkResult shrink(const Scenario& scenario, const ShrinkOptions& options);

}  // namespace thespis::scenario
