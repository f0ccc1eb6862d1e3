// Two simulated hosts running the distributed echo example: "server" (capability Server, the
// leader) and "client" (capability Client).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "echo/echo.hpp"

namespace thespis::testing {

inline sim::SimOptions echo_options(std::uint64_t seed,
                                    sim::NetworkProfile profile = sim::NetworkProfile::tcp) {
  using namespace std::chrono_literals;
  sim::SimOptions options;
  options.seed = seed;
  options.log_level = LogLevel::error;
  options.nodes = {{"server", {{"Server", true}}, {}}, {"client", {{"Client", true}}, {}}};
  options.network.profile = profile;
  options.network.defaults.latency = sim::Latency::uniform_in(1ms, 5ms);
  return options;
}

/// The requestor's report, asked from the client host.
inline echo::EchoReport echo_report(ActorSystem& client, const ActorAddress& requestor) {
  const auto reply = client.ask(requestor, echo::EchoStatus{}, std::chrono::seconds(1));
  if (!reply) throw Error("the requestor did not report");
  return reply->get<echo::EchoReport>();
}

/// Starts `pings` pings from a requestor of type R on the client; returns its address. The
/// "echo_done" reply is left for listen().
template <class R>
ActorAddress start_echo(ActorSystem& client, std::int64_t pings) {
  const ActorAddress requestor = client.create_actor<R>();
  client.tell(requestor, pings);
  client.tell(requestor, std::string("payload"));
  return requestor;
}

}  // namespace thespis::testing
