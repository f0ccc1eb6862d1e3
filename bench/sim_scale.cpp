// The sim base at scale: a ring of N actors with T tokens circulating, the cost per delivery as
// the number of actors and of busy actors grows (wire codec off, trace hash on), and what an
// idle simulated actor costs in memory. Prints `name: value unit` lines:
//
//   sim_scale_deliveries_per_s_N_T   deliveries per second of the token phase alone
//   sim_actor_bytes                  resident bytes per idle actor, 100,000 of them
//
// The actor-bytes figure is measured first, in a process that has not yet grown its heap.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "figure_reporter.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;

namespace {

/// Tells a ring member who follows it and where a finished token goes.
struct Link {
  ActorAddress next;
  ActorAddress sink;
};
THESPIS_MESSAGE(Link, next, sink)

/// A token with `hops` deliveries still to make.
struct Token {
  std::int64_t hops = 0;
};
THESPIS_MESSAGE(Token, hops)

class RingMember : public thespis::Actor {
 public:
  RingMember() {
    on<Link>([this](const Link& link) {
      next_ = link.next;
      sink_ = link.sink;
    });
    on<Token>([this](const Token& token) {
      if (token.hops == 0) return send(sink_, true);
      send(next_, Token{token.hops - 1});
    });
  }

 private:
  ActorAddress next_;
  ActorAddress sink_;
};
THESPIS_ACTOR(RingMember)

/// Counts finished tokens; answers whoever asked once `expected` have come in.
class Sink : public thespis::Actor {
 public:
  Sink() {
    on<std::int64_t>([this](std::int64_t expected, const ActorAddress& from) {
      expected_ = expected;
      asker_ = from;
      answer_when_done();
    });
    on<bool>([this](bool) {
      ++finished_;
      answer_when_done();
    });
  }

 private:
  void answer_when_done() {
    if (asker_ && finished_ == expected_) send(asker_, finished_);
  }
  std::int64_t expected_ = -1;
  std::int64_t finished_ = 0;
  ActorAddress asker_;
};
THESPIS_ACTOR(Sink)

thespis::sim::SimOptions options() {
  thespis::sim::SimOptions o;
  o.wire_codec = false;
  o.max_events_per_instant = 0;
  o.log_level = thespis::LogLevel::error;
  return o;
}

/// A simulation holding a ring of `actors` members, linked and idle.
struct Ring {
  explicit Ring(std::int64_t actors) : sim(options()), system(sim.system()) {
    members.reserve(static_cast<std::size_t>(actors));
    for (std::int64_t i = 0; i < actors; ++i) members.push_back(system.create_actor<RingMember>());
    sink = system.create_actor<Sink>();
    for (std::size_t i = 0; i < members.size(); ++i) {
      system.tell(members[i], Link{members[(i + 1) % members.size()], sink});
    }
    sim.run_until_quiescent();
  }
  thespis::sim::Simulation sim;
  thespis::ActorSystem system;
  std::vector<ActorAddress> members;
  ActorAddress sink;
};

long resident_bytes() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * sysconf(_SC_PAGESIZE);
}

void actor_bytes(benchmark::State& state) {
  constexpr std::int64_t actors = 100'000;
  for (auto _ : state) {
    const long before = resident_bytes();
    auto ring = std::make_unique<Ring>(actors);
    const long after = resident_bytes();
    state.counters["sim_actor_bytes"] = static_cast<double>(after - before) / actors;
    state.PauseTiming();
    ring.reset();
    state.ResumeTiming();
  }
}

void scale(benchmark::State& state) {
  const std::int64_t actors = state.range(0);
  const std::int64_t tokens = state.range(1);
  constexpr std::int64_t deliveries_per_run = 2'000'000;
  const std::int64_t hops = deliveries_per_run / tokens;
  std::uint64_t delivered = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto ring = std::make_unique<Ring>(actors);
    // Tokens start evenly spread, so with T tokens about T actors are busy at once.
    for (std::int64_t t = 0; t < tokens; ++t) {
      const auto at = static_cast<std::size_t>(t * actors / tokens);
      ring->system.tell(ring->members[at], Token{hops});
    }
    const std::uint64_t before = ring->sim.deliveries();
    state.ResumeTiming();
    const auto reply = ring->system.ask(ring->sink, tokens, 24h);
    state.PauseTiming();
    if (!reply) state.SkipWithError("the tokens did not all come home");
    delivered += ring->sim.deliveries() - before;
    ring.reset();
    state.ResumeTiming();
  }
  state.counters["sim_scale_deliveries_per_s_" + std::to_string(actors) + "_" +
                 std::to_string(tokens)] =
      benchmark::Counter(static_cast<double>(delivered), benchmark::Counter::kIsRate);
}

BENCHMARK(actor_bytes)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(scale)
    ->ArgsProduct({{100, 100'000}, {10, 10'000}})
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::map<std::string, std::string> units{{"sim_actor_bytes", "bytes"}};
  for (const char* rows : {"100_10", "100_10000", "100000_10", "100000_10000"}) {
    units[std::string("sim_scale_deliveries_per_s_") + rows] = "deliveries/s";
  }
  thespis::bench::FigureReporter reporter(std::move(units));
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
