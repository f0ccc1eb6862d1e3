// The options of a simulation: its seed or replayed tape, its nodes, network, convention,
// faults, scheduling strategy and diagnostics. Plain values, copied into the kernel when a
// Simulation is made; nothing here refers to a running simulation, so the kernel and the
// exploration strategies include this header rather than the Simulation facade.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <thespis/capabilities.hpp>
#include <thespis/log.hpp>
#include <thespis/sim/choice_source.hpp>
#include <thespis/sim/fault.hpp>
#include <thespis/sim/network.hpp>

namespace thespis::sim {

/// The seed used when none is given; printed so that a run can be reproduced.
inline constexpr std::uint64_t default_seed = 0x7e5b15;

struct NodeOptions {
  std::string name;
  Capabilities capabilities;
  /// The convention leader this node joins; empty: the first node. A node that names itself
  /// leads a convention of its own.
  std::string leader;
};

/// Priority-based scheduling (PCT) instead of uniform choice among ready actors.
struct PctOptions {
  int depth = 0;               ///< 0: off; d >= 1 uses d - 1 priority change points
  std::uint64_t steps = 1000;  ///< estimated scheduling steps of a run
};

struct SimOptions {
  /// Seed of the choice source.
  std::uint64_t seed = default_seed;
  /// Choices that are 0 (calm) although generated from the seed (see ChoiceSource).
  std::vector<ChoiceRange> calm_choices;
  /// Replay this tape instead of generating choices from the seed (when non-empty).
  std::vector<std::uint64_t> replay_tape;
  /// Pass every message through the wire codec (encode, decode) on send.
  bool wire_codec = true;
  /// Keep every trace event (with its message) for rendering; the hash is kept regardless.
  bool record_trace = false;
  /// The nodes, in order; the first leads the convention unless a node says otherwise. Empty: one
  /// node named "main" with `capabilities`.
  std::vector<NodeOptions> nodes;
  /// Capabilities of the single node when `nodes` is empty.
  Capabilities capabilities;
  NetworkOptions network;
  ConventionOptions convention;
  /// Each wakeup fires up to this much later than asked (a drawn choice; 0: exact).
  std::chrono::nanoseconds timer_jitter{0};
  RandomFaults random_faults;
  /// Draw this run's mix of network and random faults from the choice tape before it starts;
  /// see swarm_strategy(). The run's first choice records whether it did (1) or not (0), so a
  /// replayed tape draws the mix exactly when its run did, whatever this says.
  bool swarm = false;
  PctOptions pct;
  /// How many of the latest trace events a failed check reports.
  std::size_t report_events = 24;
  /// Keep the latest `report_events` events even without checks (trace().tail()), for
  /// reports of failures found outside the simulation (a scenario's reply expectation...).
  bool keep_recent_events = false;
  /// Diagnostics sink; unset: stderr at `log_level` and above.
  LogSink log_sink;
  LogLevel log_level = LogLevel::info;
  /// Guard against actors that message each other forever without time passing: past this
  /// many events at one instant within one ask/listen/run call, the call throws. 0 disables
  /// the guard.
  std::uint64_t max_events_per_instant = 50'000'000;
};

}  // namespace thespis::sim
