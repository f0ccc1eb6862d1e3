// Helpers for tests on the simulated base.
#pragma once

#include <chrono>
#include <cstdint>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

namespace thespis::testing {

/// Options for a sim system that logs only warnings and errors.
inline SystemOptions sim_options(std::uint64_t seed = sim::default_seed, bool codec = true) {
  SystemOptions options;
  options.seed = seed;
  options.wire_codec = codec;
  options.log_level = LogLevel::error;
  return options;
}

/// Asks and expects an answer of type T.
template <class T>
T ask_for(ActorSystem& system, const ActorAddress& to, Message message,
          std::chrono::nanoseconds timeout = std::chrono::seconds(5)) {
  const std::optional<Message> reply = system.ask(to, std::move(message), timeout);
  if (!reply) throw Error("no reply");
  return reply->get<T>();
}

/// Listens and expects a message of type T.
template <class T>
T listen_for(ActorSystem& system, std::chrono::nanoseconds timeout = std::chrono::seconds(5)) {
  const std::optional<Message> message = system.listen(timeout);
  if (!message) throw Error("nothing arrived");
  return message->get<T>();
}

/// Runs the simulation behind `system` until no actor has work left and no timer is pending.
inline void settle(ActorSystem& system) { sim::Simulation::of(system).run_until_quiescent(); }

}  // namespace thespis::testing
