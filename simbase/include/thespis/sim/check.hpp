// Checks over a running simulation and the report a violated one produces.
//
//   sim.always("one leader", [&] { return leaders() <= 1; });
//   sim.eventually("all replies", [&] { return replies == 1000; }, 5s);
//
// `always` is evaluated after every event; `eventually` must hold at some event within `within`
// of being declared. A violation stops the run: the running call (ask, listen, run_*) throws
// CheckFailed, whose report names the check, the seed, the virtual time, the event number and
// the last events that led to it, and how to replay the run.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/error.hpp>

namespace thespis::sim {

struct CheckFailure {
  std::string check;
  std::string kind;  ///< "always" or "eventually"
  std::optional<std::uint64_t> seed;
  std::chrono::nanoseconds time{0};
  std::uint64_t event = 0;  ///< index of the trace event after which it was found violated
  std::uint64_t trace_hash = 0;
  std::uint64_t choices = 0;             ///< length of the choice tape so far
  std::vector<std::string> last_events;  ///< oldest first

  /// A multi-line report.
  std::string to_string() const;
};

class CheckFailed : public Error {
 public:
  explicit CheckFailed(CheckFailure failure);
  const CheckFailure& failure() const { return failure_; }

 private:
  CheckFailure failure_;
};

}  // namespace thespis::sim
