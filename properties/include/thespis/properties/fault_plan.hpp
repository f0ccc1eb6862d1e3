// FaultPlan: the faults one property case injects, as plain data a generator draws and shrinks.
// Each planned fault starts at a time within a phase and, unless it is permanent (kill), is undone
// after its duration (heal, restart, resume, the clock set right). to_steps() turns a plan into
// the scenario's timed fault steps, so a counterexample is an ordinary YAML scenario.
//
// Kinds are listed from the mildest to the harshest: a generator's shrinker moves a fault toward
// the front of the list its bounds allow.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <thespis/scenario/scenario.hpp>

namespace thespis::properties {

enum class FaultKind : std::uint8_t {
  pause,       ///< the node stops running actors and timers; frames to it wait
  one_way,     ///< frames from one node to another are lost
  clock_skew,  ///< the node's clock is set off and drifts
  partition,   ///< the nodes split in two groups
  isolate,     ///< one node can reach nobody
  crash,       ///< the node dies with its actors' state and restarts empty
  kill,        ///< one actor's process dies (permanent)
};

/// `pause`, `one_way`, ...: the names FaultBounds::kinds and the reports use.
std::string to_string(FaultKind kind);

/// Every kind, mildest first.
std::vector<FaultKind> all_fault_kinds();
/// The kinds after which the app's actors are all still there: no crash, no kill.
std::vector<FaultKind> survivable_fault_kinds();

struct PlannedFault {
  FaultKind kind = FaultKind::pause;
  std::chrono::nanoseconds at{0};        ///< from the start of the phase
  std::chrono::nanoseconds duration{0};  ///< until it is undone (kill: ignored)
  /// pause, clock_skew, isolate, crash: the node; one_way: from, to; partition: one group (the
  /// other nodes form the other).
  std::vector<std::string> nodes;
  std::string actor;                         ///< kill: the scenario's name of the actor
  std::chrono::nanoseconds clock_offset{0};  ///< clock_skew
  std::int64_t drift_ppm = 0;                ///< clock_skew
};

/// One line: `partition [a] | rest at 120ms for 300ms`.
std::string to_string(const PlannedFault& fault);

struct FaultPlan {
  std::vector<PlannedFault> faults;  ///< in the order they start
};

/// One line per fault, or `no faults`.
std::string to_string(const FaultPlan& plan);

/// What a fault plan may contain. Empty `nodes` or `actors` in a scenario template mean: every
/// node, every actor of the scenario.
struct FaultBounds {
  std::vector<std::string> nodes;   ///< the nodes faults may hit
  std::vector<std::string> actors;  ///< the actors `kill` may hit
  std::vector<FaultKind> kinds = survivable_fault_kinds();
  std::size_t max_faults = 3;
  /// Faults start in [0, horizon) from the start of their phase; 0 in a template: the phase's
  /// duration.
  std::chrono::nanoseconds horizon{0};
  std::chrono::nanoseconds min_spacing{0};  ///< between the starts of two faults
  std::chrono::nanoseconds min_duration{std::chrono::milliseconds(1)};
  std::chrono::nanoseconds max_duration{std::chrono::milliseconds(500)};
  std::chrono::nanoseconds max_clock_offset{std::chrono::milliseconds(500)};
  std::int64_t max_drift_ppm = 1000;
};

/// Throws thespis::Error when the bounds cannot generate anything sensible: no kinds, a kind
/// that needs nodes or actors that are missing, durations or offsets out of order.
void validate(const FaultBounds& bounds);

/// The plan as a property sees it: sorted by start, spaced by `min_spacing`, inside the
/// horizon, and with no fault on a node that an earlier fault still holds down (crash) or
/// paused, nor a kill of an actor already killed. Generators return normalised plans.
FaultPlan normalise(FaultPlan plan, const FaultBounds& bounds);

/// The scenario steps that apply the plan, in time order: each fault where it starts and what
/// undoes it where it ends. A heal removes every cut in force, so the cuts that still last are
/// put back at the same instant.
std::vector<scenario::Step> to_steps(const FaultPlan& plan);

}  // namespace thespis::properties
