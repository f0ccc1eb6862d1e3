// Simulation: a deterministic world of actors in one thread and virtual time. It owns the
// kernel (actors, mailboxes, timers, the choice source and the trace); ActorSystem handles
// made by system() share it. Nothing in it reads a wall clock, draws unseeded randomness or
// starts a thread: the same options and the same calls give the same trace hash.
//
//   thespis::sim::Simulation sim({.seed = 7});
//   thespis::ActorSystem sys(sim.system());
//   auto hello = sys.create_actor<Hello>();
//   auto reply = sys.ask(hello, "hi", 1s);     // runs the simulation until the answer
//   sim.trace_hash();
//
// Virtual time advances only inside ask(), listen() and the run_* calls. A Simulation handle
// and the systems made from it are used from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <thespis/capabilities.hpp>
#include <thespis/log.hpp>
#include <thespis/sim/choice_source.hpp>
#include <thespis/sim/trace.hpp>
#include <thespis/system_base.hpp>

namespace thespis {
class ActorSystem;
}

namespace thespis::sim {

namespace detail {
class Kernel;
}

/// The seed used when none is given; printed so that a run can be reproduced.
inline constexpr std::uint64_t default_seed = 0x7e5b15;

struct SimOptions {
  /// Seed of the choice source.
  std::uint64_t seed = default_seed;
  /// Replay this tape instead of generating choices from the seed (when non-empty).
  std::vector<std::uint64_t> replay_tape;
  /// Pass every message through the wire codec (encode, decode) on send.
  bool wire_codec = true;
  /// Keep every trace event (with its message) for rendering; the hash is kept regardless.
  bool record_trace = false;
  /// Capabilities of the simulated node.
  Capabilities capabilities;
  /// Diagnostics sink; unset: stderr at `log_level` and above.
  LogSink log_sink;
  LogLevel log_level = LogLevel::info;
  /// Guard against actors that message each other forever without time passing: past this
  /// many events at one instant within one ask/listen/run call, the call throws. 0 disables
  /// the guard.
  std::uint64_t max_events_per_instant = 50'000'000;
};

class Simulation {
 public:
  explicit Simulation(SimOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = default;
  Simulation& operator=(const Simulation&) = default;

  /// A new ActorSystem base bound to this simulation's node (it shares the simulation).
  std::unique_ptr<SystemBase> system();

  std::chrono::nanoseconds now() const;
  /// Runs until no actor has work and no timer is pending, or until `limit` of virtual time
  /// has passed. True if quiescent.
  bool run_until_quiescent(std::chrono::nanoseconds limit = std::chrono::hours(24 * 365));
  /// Runs for `duration` of virtual time (time ends exactly `duration` later).
  void run_for(std::chrono::nanoseconds duration);

  std::uint64_t seed() const;
  std::uint64_t trace_hash() const;
  const Trace& trace() const;
  const ChoiceSource& choices() const;
  /// Messages delivered to actors so far.
  std::uint64_t deliveries() const;
  /// Dead letters that no handler received (and other dropped messages).
  std::uint64_t dropped() const;
  std::uint64_t live_actors() const;

  /// Stops every actor (exit handlers run); idempotent. Also done when the last handle goes.
  void shutdown();

  /// The simulation behind an ActorSystem of the "sim" base; throws Error otherwise.
  static Simulation of(ActorSystem& system);

 private:
  explicit Simulation(std::shared_ptr<detail::Kernel> kernel) : kernel_(std::move(kernel)) {}
  std::shared_ptr<detail::Kernel> kernel_;
};

}  // namespace thespis::sim
