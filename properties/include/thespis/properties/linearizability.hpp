// check_linearizable(): is a history of concurrent operations linearizable with respect to a
// model, i.e. is there one order of its operations, consistent with real time (an operation
// that completed before another was invoked comes first), in which the model accepts every
// operation with the output its client saw? Failed operations are left out; an operation of
// unknown outcome may be placed anywhere after its invocation or left out (it may or may not
// have taken effect). The search is Wing & Gong's with Lowe's memoisation, as in Knossos and
// Porcupine (detail/wing_gong.hpp), per partition when the model partitions (e.g. by key).
//
//   CheckResult result = check_linearizable(register_model(), recorder.history());
//   EXPECT_TRUE(result.linearizable()) << result.report;
//
// The search is exponential in the worst case, so it is bounded by a step budget: past it the
// verdict is `unknown`, never a hang. The budget counts model steps, not wall time, so a verdict
// is the same on every machine. A non-linearizable history comes with a Violation: the earliest
// cut that already fails and a 1-minimal subset of it (check_result.hpp).
#pragma once

#include <cstdint>

#include <thespis/properties/check_result.hpp>
#include <thespis/properties/detail/window.hpp>
#include <thespis/properties/detail/wing_gong.hpp>
#include <thespis/properties/history.hpp>
#include <thespis/properties/model.hpp>

namespace thespis::properties {

struct CheckOptions {
  /// Model steps the search may take over all partitions before answering `unknown`.
  std::uint64_t max_steps = 20'000'000;
  /// Model steps the search for the minimal violation may take (its result is then flagged
  /// as not minimal).
  std::uint64_t max_minimise_steps = 20'000'000;
};

/// Checks `history` against `model`. Throws thespis::Error for a malformed history (an
/// operation that completes before it is invoked).
template <class State>
CheckResult check_linearizable(const Model<State>& model, const History& history,
                               const CheckOptions& options = {}) {
  validate(history);
  CheckResult result;
  std::uint64_t budget = options.max_steps;
  for (const auto& part : detail::partitions_of(model.partition, history)) {
    const History sub = detail::select(history, part);
    const Verdict verdict = detail::Search<State>(model, sub, budget).run();
    if (verdict == Verdict::unknown) result.verdict = Verdict::unknown;
    if (verdict != Verdict::illegal) continue;
    result.verdict = Verdict::illegal;
    std::uint64_t minimise_budget = options.max_minimise_steps;
    result.violation = detail::find_violation(history, part, [&](const History& candidate) {
      return detail::Search<State>(model, candidate, minimise_budget).run();
    });
    break;
  }
  result.steps = options.max_steps - budget;
  result.report = render(result, history, model.name);
  return result;
}

}  // namespace thespis::properties
