// CheckResult: the linearizability checker's verdict and, for an illegal history, the evidence.
//
// The evidence for a non-linearizable history is a Violation, found in two steps:
//  * the cut: the earliest time T such that the history as it stood at T is already not
//    linearizable. "As it stood at T" keeps the operations invoked by T; those not yet
//    completed at T become unknown. Such a cut of a linearizable history is always
//    linearizable, so the property is monotone in T and T is found by bisection over the
//    history's event times; at T itself an operation completes (the failing operation): just
//    before it, the history could still be linearized.
//  * the core: the completed operations of the cut whose outputs conflict. Every other
//    completed operation of the cut is relaxed (it may have taken effect within its interval,
//    with any output, or not at all) and the cut stays not linearizable; relaxing any one
//    operation of the core as well makes it linearizable (1-minimal; found by relaxing chunks,
//    then single operations). Relaxing, not deleting: deleting the write that explains a read
//    would make that read look guilty, while relaxing only ever adds possibilities, so every
//    step is sound. The failing operation is always in the core (relaxing it gives the history
//    just before the cut). A core is usually two or three operations: the write that completed
//    and the read that missed it.
// Both are reported with the operations of the cut that overlap the failing operation (the
// concurrent window), which is where a person looks first.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/properties/history.hpp>

namespace thespis::properties {

enum class Verdict {
  linearizable,
  illegal,  ///< not linearizable: see the violation
  unknown,  ///< the step budget ran out before the search finished
};

struct Violation {
  /// Indices (into the checked history) of the partition that is not linearizable.
  std::vector<std::size_t> partition;
  /// The earliest time at which the history is already not linearizable.
  std::chrono::nanoseconds cut{0};
  /// Index of the operation whose completion at `cut` made it so.
  std::size_t failing = 0;
  /// Indices of the cut's operations that overlap the failing one (itself included), by
  /// invocation time.
  std::vector<std::size_t> window;
  /// The core, by invocation time: 1-minimal when `minimal`.
  std::vector<std::size_t> core;
  /// The core's operations.
  History core_operations;
  /// False when the minimisation's budget ran out: the cut may be later than the earliest and
  /// the core larger than 1-minimal (both are still not linearizable).
  bool minimal = true;
};

struct CheckResult {
  Verdict verdict = Verdict::linearizable;
  std::optional<Violation> violation;
  /// Model steps the search took (the budget's unit).
  std::uint64_t steps = 0;
  /// Readable report: the verdict and, when illegal, the cut, the window and the core.
  std::string report;

  bool linearizable() const { return verdict == Verdict::linearizable; }
};

std::string to_string(Verdict verdict);

/// The report of `result` for `history` (the history that was checked).
std::string render(const CheckResult& result, const History& history, const std::string& model);

}  // namespace thespis::properties
