// FaultModel: the faults in force in a simulated world, as plain data a stateful property's
// model contains (or derives from). The fault commands (stateful.hpp) read it for their
// preconditions — no restart of a node that is up, no heal without a cut, no pause of a spare
// node — and update it with apply(), the very function SimWorld uses to track what it injected,
// so the model and the world cannot disagree on what a fault does (a partition replaces every
// cut, a crash ends a pause...).
//
// Two kinds of protected nodes: `spare` nodes are never crashed nor paused (the test's clients
// live there, and SimWorld asks from them), `no_crash` nodes may be paused but never crashed
// (their actors hold state a restart would lose: a primary without storage).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <thespis/sim/fault.hpp>

namespace thespis::properties {

/// What the fault commands draw: clock skews and the virtual time AdvanceTime lets pass.
struct FaultCommandBounds {
  std::chrono::nanoseconds max_clock_offset{std::chrono::milliseconds(500)};
  std::int64_t max_drift_ppm = 1000;
  std::chrono::nanoseconds min_advance{std::chrono::milliseconds(1)};
  std::chrono::nanoseconds max_advance{std::chrono::milliseconds(500)};
  friend bool operator==(const FaultCommandBounds&, const FaultCommandBounds&) = default;
};

/// A node's clock as a ClockSkew fault left it.
struct ClockState {
  std::chrono::nanoseconds offset{0};
  std::int64_t drift_ppm = 0;
  friend bool operator==(const ClockState&, const ClockState&) = default;
};

struct FaultModel {
  // --- the world (set by the test) ----------------------------------------------------------
  std::vector<std::string> nodes;     ///< every node, in the simulation's order
  std::vector<std::string> spare;     ///< never crashed nor paused
  std::vector<std::string> no_crash;  ///< never crashed (may be paused)
  FaultCommandBounds bounds;

  // --- in force (updated by apply) ----------------------------------------------------------
  /// The groups of the partition in force (the nodes not named form one more group).
  std::vector<std::vector<std::string>> partition;
  std::set<std::string> isolated;
  std::set<std::pair<std::string, std::string>> one_way;  ///< (from, to) links cut
  std::set<std::string> crashed;
  std::set<std::string> paused;
  std::map<std::string, ClockState> skewed;  ///< nodes whose clock is off

  /// Records that `fault` was applied. Kill changes nothing here (actors are not modelled).
  void apply(const sim::Fault& fault);

  /// Some link is cut (a partition, an isolation or a one-way cut).
  bool cut() const { return !partition.empty() || !isolated.empty() || !one_way.empty(); }
  /// No fault in force: no cut, every node up, running and on time.
  bool calm() const { return !cut() && crashed.empty() && paused.empty() && skewed.empty(); }
  bool known(const std::string& node) const;
  bool up(const std::string& node) const { return crashed.count(node) == 0; }
  bool may_crash(const std::string& node) const;
  bool may_pause(const std::string& node) const;

  /// Nodes a Crash may hit now: up, neither spare nor no_crash.
  std::vector<std::string> crashable() const;
  /// Nodes a Pause may hit now: up, running, not spare.
  std::vector<std::string> pausable() const;
  /// Nodes not isolated yet.
  std::vector<std::string> isolatable() const;

  friend bool operator==(const FaultModel&, const FaultModel&) = default;
};

/// One line: `calm`, or e.g. `partition [a] | rest; crashed b; paused c; skewed a by -20ms`.
std::string to_string(const FaultModel& model);

}  // namespace thespis::properties
