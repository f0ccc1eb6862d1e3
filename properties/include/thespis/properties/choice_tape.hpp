// ChoiceTape: the interleaving and network luck of one property case, as a value RapidCheck can
// shrink. A run generates its choices from `seed`, except those at or past `calm_from` and those
// inside `calm` ranges, which are 0 (the calm choice: the first ready actor, no loss, the
// shortest delay). Shrinking raises the calm part, so a counterexample keeps only the luck it
// needs. The run's actual tape (RunResult::tape) replays it exactly and is what a counterexample
// file carries.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <thespis/scenario/runner.hpp>
#include <thespis/sim/choice_source.hpp>

namespace thespis::properties {

struct ChoiceTape {
  static constexpr std::uint64_t unbounded = std::numeric_limits<std::uint64_t>::max();

  std::uint64_t seed = 0;
  /// Every choice from this one on is calm (`unbounded`: none).
  std::uint64_t calm_from = unbounded;
  /// Calm ranges before calm_from, sorted and disjoint.
  std::vector<sim::ChoiceRange> calm;

  /// Sets the run's seed and calm choices (a tape set in `options` would take precedence, so it
  /// is cleared).
  void apply_to(scenario::RunOptions& options) const;
  /// The calm ranges the choice source takes (calm plus [calm_from, unbounded)).
  std::vector<sim::ChoiceRange> calm_ranges() const;
  bool all_calm() const { return calm_from == 0; }
};

/// `seed 77, calm from choice 512, calm [10, 20)`.
std::string to_string(const ChoiceTape& tape);

/// The simpler tapes to try in place of `tape`, most drastic first: all calm; a calm tail (by
/// powers of four when the tape has none, then toward the start); halves, quarters... of the
/// part before the calm tail made calm, down to chunks of max(8, length / 16) choices.
std::vector<ChoiceTape> simpler_tapes(const ChoiceTape& tape);

}  // namespace thespis::properties
