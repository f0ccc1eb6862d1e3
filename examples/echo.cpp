// Thespian's distributed echo on two simulated hosts: "server" (capability Server, the
// convention leader) and "client" (capability Client). The client program creates an
// EchoRequestor, which creates an EchoServer that the convention places on the server host,
// sends it the pings and answers "echo_done" when every pong is back.
//
//   echo [PINGS] [SEED]
#include "echo/echo.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

using namespace std::chrono_literals;

namespace {

int run(std::int64_t pings, std::uint64_t seed) {
  thespis::sim::SimOptions options;
  options.seed = seed;
  options.nodes = {{"server", {{"Server", true}}, {}}, {"client", {{"Client", true}}, {}}};
  options.network.defaults.latency = thespis::sim::Latency::uniform_in(1ms, 5ms);
  thespis::sim::Simulation simulation(options);
  thespis::ActorSystem client(simulation.system("client"));

  const thespis::ActorAddress requestor = client.create_actor<echo::EchoRequestor>();
  client.tell(requestor, pings);
  const auto reply = client.ask(requestor, std::string("echo payload"), 10s);
  if (!reply || !reply->is<std::string>() || reply->get<std::string>() != "echo_done") {
    std::cerr << "echo: no echo_done within 10s of virtual time (seed " << seed << ")\n";
    return 1;
  }
  const auto report = client.ask(requestor, echo::EchoStatus{}, 1s);
  const auto& status = report->get<echo::EchoReport>();
  std::cout << reply->get<std::string>() << ": " << status.received << "/" << status.wanted
            << " pongs, server " << status.server << " on node '"
            << simulation.node_of(status.server) << "', virtual time "
            << std::chrono::duration<double, std::milli>(simulation.now()).count() << "ms, seed "
            << seed << ", trace hash " << simulation.trace_hash() << '\n';
  client.shutdown();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::int64_t pings = argc > 1 ? std::atoll(argv[1]) : 1000;
    const std::uint64_t seed =
        argc > 2 ? std::strtoull(argv[2], nullptr, 10) : thespis::sim::default_seed;
    return run(pings, seed);
  } catch (const thespis::Error& e) {
    std::cerr << argv[0] << ": " << e.what() << '\n';
    return 2;
  }
}
