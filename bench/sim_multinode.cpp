// The simulation with its network on: 5 nodes, 50 actors passing tokens around a ring that
// crosses nodes at every hop, udp with a 1-5 ms latency model and 1% drop, codec and trace
// hashing on (sim_multinode_deliveries); and whole runs of the distributed echo example, 1000
// pings on two nodes, one fresh simulation per seed (sim_seeds_per_second).
#include <chrono>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "echo/echo.hpp"
#include "figure_reporter.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;

namespace {

constexpr int nodes = 5;
constexpr int actors_per_node = 10;

struct Ring {
  std::vector<ActorAddress> members;
};
THESPIS_MESSAGE(Ring, members)

struct Token {
  std::int64_t hops = 0;
};
THESPIS_MESSAGE(Token, hops)

/// Passes every token to the next member of the ring (on the next node).
class RingMember : public thespis::Actor {
 public:
  RingMember() {
    on<Ring>([this](const Ring& ring, const ActorAddress&) {
      for (std::size_t i = 0; i < ring.members.size(); ++i) {
        if (ring.members[i] == my_address()) next_ = ring.members[(i + 1) % ring.members.size()];
      }
    });
    on<Token>([this](const Token& token, const ActorAddress&) {
      if (token.hops > 0) send(next_, Token{token.hops - 1});
    });
  }

 private:
  ActorAddress next_;
};
THESPIS_ACTOR(RingMember)

void multinode(benchmark::State& state) {
  std::uint64_t deliveries = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    state.PauseTiming();
    thespis::sim::SimOptions options;
    options.seed = seed++;
    options.log_level = thespis::LogLevel::error;
    for (int n = 0; n < nodes; ++n) {
      const std::string name = "n" + std::to_string(n);
      options.nodes.push_back({name, {{name, true}}, {}});
    }
    options.network.profile = thespis::sim::NetworkProfile::udp;
    options.network.defaults.latency = thespis::sim::Latency::uniform_in(1ms, 5ms);
    options.network.defaults.drop = 0.01;
    thespis::sim::Simulation sim(options);
    thespis::ActorSystem system(sim.system("n0"));
    Ring ring;
    for (int i = 0; i < nodes * actors_per_node; ++i) {
      thespis::CreateOptions where;
      where.requirements = {thespis::requires_capability("n" + std::to_string(i % nodes))};
      ring.members.push_back(system.create_actor<RingMember>(where));
    }
    for (const ActorAddress& member : ring.members) system.tell(member, ring);
    for (int t = 0; t < 2000; ++t) {
      system.tell(ring.members[static_cast<std::size_t>(t) % ring.members.size()], Token{400});
    }
    const std::uint64_t before = sim.deliveries();
    state.ResumeTiming();
    sim.run_until_quiescent();
    deliveries += sim.deliveries() - before;
  }
  state.counters["sim_multinode_deliveries"] =
      benchmark::Counter(static_cast<double>(deliveries), benchmark::Counter::kIsRate);
}
BENCHMARK(multinode)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void echo_seeds(benchmark::State& state) {
  std::uint64_t seed = 1;
  std::uint64_t runs = 0;
  for (auto _ : state) {
    thespis::sim::SimOptions options;
    options.seed = seed++;
    options.log_level = thespis::LogLevel::error;
    options.nodes = {{"server", {{"Server", true}}, {}}, {"client", {{"Client", true}}, {}}};
    options.network.defaults.latency = thespis::sim::Latency::uniform_in(1ms, 5ms);
    thespis::sim::Simulation sim(options);
    thespis::ActorSystem client(sim.system("client"));
    const ActorAddress requestor = client.create_actor<echo::EchoRequestor>();
    client.tell(requestor, std::int64_t{1000});
    const auto done = client.ask(requestor, std::string("payload"), 10s);
    if (!done || done->get<std::string>() != "echo_done") state.SkipWithError("echo failed");
    ++runs;
  }
  state.counters["sim_seeds_per_second"] =
      benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
}
BENCHMARK(echo_seeds)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(
      {{"sim_multinode_deliveries", "deliveries/s"}, {"sim_seeds_per_second", "seeds/s"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
