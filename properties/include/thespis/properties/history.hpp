// History: what clients saw of a concurrent object, one Operation per request, as the input of
// the linearizability checker. Plain values: a test or the client actors build it (usually with
// a HistoryRecorder), the checker only reads it. Times are virtual nanoseconds on `sim` (an
// actor's now()); any clock works as long as one clock stamps the whole history.
//
// Inputs and outputs are thespis::Message values, so any registered message type (or a built-in
// such as std::int64_t or bool) describes an operation and a model is written once for every
// history, without templates on the history side.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <thespis/message.hpp>

namespace thespis::properties {

/// Who issued an operation: operations of one client never overlap in a well-formed history.
using ClientId = std::uint32_t;

/// How an operation ended, as far as its client knows.
enum class Outcome {
  ok,    ///< completed with `output` at `completed`
  fail,  ///< definitely did not take effect (the checker drops it)
  /// May or may not have taken effect, at any time after `invoked` (e.g. a timeout); if
  /// `completed` is set, no later than `completed`.
  unknown,
};

/// The completion time of an operation that never completed ("infinitely late").
inline constexpr std::chrono::nanoseconds never = std::chrono::nanoseconds::max();

/// One request of one client: invoked, then (maybe) completed.
struct Operation {
  ClientId client = 0;
  std::chrono::nanoseconds invoked{0};
  /// When the client learnt the outcome; for an unknown outcome `never` (the usual case) or the
  /// latest time it can have taken effect.
  std::chrono::nanoseconds completed = never;
  Message input;
  /// Meaningful only when `outcome` is ok.
  Message output;
  Outcome outcome = Outcome::unknown;
};

using History = std::vector<Operation>;

/// `12.500000ms`: the trace's rendering of a virtual time.
std::string format_time(std::chrono::nanoseconds time);

/// One readable line: `client 2 [1.000000ms, 3.000000ms] RegisterRead{} -> 5`.
std::string describe(const Operation& operation);

/// Throws thespis::Error naming the first operation that completes before it is invoked.
void validate(const History& history);

}  // namespace thespis::properties
