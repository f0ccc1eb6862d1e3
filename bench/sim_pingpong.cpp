// Ping-pong between two actors on the sim base: the kernel's cost per delivery, with the wire
// codec off and on (trace hashing is always on). Prints `name: value unit` lines.
#include <string>

#include <benchmark/benchmark.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "figure_reporter.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;

namespace {

struct Serve {
  ActorAddress partner;
  std::int64_t rounds = 0;
};
THESPIS_MESSAGE(Serve, partner, rounds)

class Ponger : public thespis::Actor {
 public:
  Ponger() {
    on<std::int64_t>([this](std::int64_t n, const ActorAddress& from) { send(from, n); });
  }
};
THESPIS_ACTOR(Ponger)

class Pinger : public thespis::Actor {
 public:
  Pinger() {
    on<Serve>([this](const Serve& s, const ActorAddress& from) {
      asker_ = from;
      send(s.partner, s.rounds);
    });
    on<std::int64_t>([this](std::int64_t n, const ActorAddress& from) {
      if (n > 1) {
        send(from, n - 1);
      } else {
        send(asker_, "done");
      }
    });
  }

 private:
  ActorAddress asker_;
};
THESPIS_ACTOR(Pinger)

void pingpong(benchmark::State& state, bool codec) {
  constexpr std::int64_t rounds = 200'000;
  thespis::sim::SimOptions options;
  options.wire_codec = codec;
  options.max_events_per_instant = 0;
  options.log_level = thespis::LogLevel::error;
  thespis::sim::Simulation sim(options);
  thespis::ActorSystem system(sim.system());
  const ActorAddress pinger = system.create_actor<Pinger>();
  const ActorAddress ponger = system.create_actor<Ponger>();
  std::uint64_t deliveries = 0;
  for (auto _ : state) {
    const std::uint64_t before = sim.deliveries();
    const auto reply = system.ask(pinger, Serve{ponger, rounds}, 1h);
    if (!reply) state.SkipWithError("no reply");
    deliveries += sim.deliveries() - before;
  }
  state.counters[std::string("sim_pingpong_") + (codec ? "codec_on" : "codec_off")] =
      benchmark::Counter(static_cast<double>(deliveries), benchmark::Counter::kIsRate);
  state.counters["trace_hash"] = static_cast<double>(sim.trace_hash() & 0xffff);
}

BENCHMARK_CAPTURE(pingpong, codec_off, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(pingpong, codec_on, true)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(
      {{"sim_pingpong_codec_off", "deliveries/s"}, {"sim_pingpong_codec_on", "deliveries/s"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
