// Checks over a running simulation and the report a violated one produces.
//
//   sim.always("one leader", [&] { return leaders() <= 1; });
//   sim.eventually("all replies", [&] { return replies == 1000; }, 5s);
//   sim.leads_to("granted", "AcquireLease", "LeaseGranted", 9s);     // every request answered
//   sim.leads_to("recovers", [&] { return degraded(); }, [&] { return healthy(); }, 2s);
//   sim.sometimes("handed over", [&] { return handovers() > 0; });  // coverage, never fails
//
// `always` is evaluated after every event; `eventually` must hold at some event within `within`
// of being declared; `leads_to` opens an obligation at each request delivered (or each time the
// trigger holds) that must be discharged within `within`. A violation stops the run: the running
// call (ask, listen, run_*) throws CheckFailed, whose report names the check, the seed, the
// virtual time, the event number, the last events that led to it, what the violation is about
// and how to replay the run.
//
// A liveness failure can be vacuous: a check that looked at no live actor when it was judged, or
// a run in which no message was delivered, fails without saying anything about the system (an
// `eventually` over an empty world). CheckFailure::vacuous says so, so that a shrinker never
// mistakes such a run for the bug it is shrinking.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/error.hpp>
#include <thespis/sim/trace.hpp>

namespace thespis::sim {

/// An event a violation is about, with the types of the actors it involves.
struct Culprit {
  TraceEvent event;
  std::string actor_type;  ///< of event.actor; "" for an endpoint (outside the actors)
  std::string other_type;  ///< of event.other; "" for an endpoint or no address
};

struct CheckFailure {
  std::string check;
  std::string kind;  ///< "always", "eventually" or "leads_to"
  std::optional<std::uint64_t> seed;
  std::chrono::nanoseconds time{0};
  std::uint64_t event = 0;  ///< index of the trace event after which it was found violated
  std::uint64_t trace_hash = 0;
  std::uint64_t choices = 0;             ///< length of the choice tape so far
  std::vector<std::string> last_events;  ///< oldest first
  /// always: the last event that changed the world before the check was found false (a
  /// delivery, an exit, a fault...); leads_to over messages: the delivery of the first request
  /// left unanswered. None for the others.
  std::optional<Culprit> culprit;
  /// eventually and leads_to over predicates: the types of the live actors the check looked at
  /// when it was judged false, sorted.
  std::vector<std::string> subjects;
  /// Why the failure is vacuous (the check looked at no live actor; no message was ever
  /// delivered), or empty when it is not.
  std::string vacuous;
  /// The last fault applied before the violation that broke something (sim::to_string of it;
  /// restarts, heals and resumes are not counted), or empty.
  std::string last_fault;
  /// For people: what was left unanswered, and since when.
  std::string details;

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
