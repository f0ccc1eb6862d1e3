// Thespian's distributed echo: a "server" system (capability Server, the convention leader) and
// a "client" system (capability Client). The client program creates an EchoRequestor, which
// creates an EchoServer that the convention places on the server system, sends it the pings and
// answers "echo_done" when every pong is back.
//
//   echo [PINGS] [SEED]                     both systems simulated, in this process
//   echo server [HOST:]PORT                 starts the server's admin (tcp) and returns
//   echo client [HOST:]PORT [LEADER_HOST:]LEADER_PORT [PINGS]
//                                           runs the client on its own admin, joined to the
//                                           server's convention, then shuts its system down
// HOST is the address the admin binds and other hosts reach it at (default 127.0.0.1).
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

/// "HOST:PORT" or "PORT" (on 127.0.0.1).
struct HostPort {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string to_string() const { return host + ":" + std::to_string(port); }
};

HostPort host_port(const std::string& text) {
  HostPort at;
  const auto colon = text.rfind(':');
  if (colon != std::string::npos) at.host = text.substr(0, colon);
  at.port = static_cast<std::uint16_t>(std::atoi(text.c_str() + (colon + 1)));
  return at;
}

}  // namespace

int serve(const HostPort& at) {
  thespis::SystemOptions options;
  options.bind_host = at.host;
  options.admin_port = at.port;
  options.capabilities = {{"Server", true}};
  thespis::ActorSystem server("tcp", options);
  // No shutdown: the admin is a daemon and serves the convention after this program ends.
  std::cout << "echo server: admin on " << at.to_string() << " with capability Server\n";
  return 0;
}

int client(const HostPort& at, const HostPort& leader, std::int64_t pings) {
  thespis::SystemOptions options;
  options.bind_host = at.host;
  options.admin_port = at.port;
  options.capabilities = {{"Client", true}};
  options.convention_leader = leader.to_string();
  thespis::ActorSystem system("tcp", options);
  const thespis::ActorAddress requestor = system.create_actor<echo::EchoRequestor>();
  system.tell(requestor, pings);
  const auto started = std::chrono::steady_clock::now();
  const auto reply = system.ask(requestor, std::string("echo payload"), 10s);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!reply || !reply->is<std::string>()) {
    std::cerr << "echo client: no echo_done within 10s\n";
    system.shutdown();
    return 1;
  }
  const auto report = system.ask(requestor, echo::EchoStatus{}, 1s);
  std::cout << reply->get<std::string>() << ": " << report->get<echo::EchoReport>().received << "/"
            << pings << " pongs from " << report->get<echo::EchoReport>().server << " in " << ms
            << "ms over tcp\n";
  system.shutdown();
  return 0;
}

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "server" && argc == 3) return serve(host_port(argv[2]));
    if (mode == "client" && argc >= 4) {
      return client(host_port(argv[2]), host_port(argv[3]), argc > 4 ? std::atoll(argv[4]) : 1000);
    }
    const std::int64_t pings = argc > 1 ? std::atoll(argv[1]) : 1000;
    const std::uint64_t seed =
        argc > 2 ? std::strtoull(argv[2], nullptr, 10) : thespis::sim::default_seed;
    return run(pings, seed);
  } catch (const thespis::Error& e) {
    std::cerr << argv[0] << ": " << e.what() << '\n';
    return 2;
  }
}
