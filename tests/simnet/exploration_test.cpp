// Checks (always, eventually) and exploration strategies: PCT against uniform random on a
// planted ordering bug of depth 2.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

#include <gtest/gtest.h>

#include <thespis/sim/explore.hpp>

#include "support/echo_world.hpp"
#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorSystem;
using thespis::sim::Simulation;

namespace thespis::testing {
namespace {

// --- checks ---------------------------------------------------------------------------------

int ticks = 0;  // what the Ticker has done, for the checks to read

/// Counts to the number it is sent, one self-message per step, 1 ms apart.
struct Ticker : Actor {
  Ticker() {
    on<std::int64_t>([this](std::int64_t left, const ActorAddress&) {
      ++ticks;
      if (left > 1) wakeup_after(1ms, left - 1);
    });
    on<WakeupMessage>([this](const WakeupMessage& w, const ActorAddress&) {
      send(my_address(), w.payload.get<std::int64_t>());
    });
  }
};
THESPIS_ACTOR(Ticker)

sim::SimOptions quiet(std::uint64_t seed = 4) {
  sim::SimOptions options;
  options.seed = seed;
  options.log_level = LogLevel::error;
  return options;
}

TEST(Checks, AlwaysViolationStopsTheRunWithAReport) {
  ticks = 0;
  Simulation sim(quiet());
  ActorSystem system(sim.system());
  sim.always("fewer than 5 ticks", [] { return ticks < 5; });
  system.tell(system.create_actor<Ticker>(), std::int64_t{10});
  try {
    sim.run_until_quiescent();
    FAIL() << "expected CheckFailed";
  } catch (const sim::CheckFailed& e) {
    const sim::CheckFailure& f = e.failure();
    EXPECT_EQ(f.check, "fewer than 5 ticks");
    EXPECT_EQ(f.kind, "always");
    EXPECT_EQ(f.seed, std::optional<std::uint64_t>(4));
    EXPECT_EQ(f.time, 4ms);
    EXPECT_EQ(ticks, 5);
    ASSERT_GE(f.last_events.size(), 2u);
    EXPECT_NE(f.last_events.back().find("violated: fewer than 5 ticks"), std::string::npos);
    EXPECT_TRUE(
        std::any_of(f.last_events.begin(), f.last_events.end(), [](const std::string& line) {
          return line.find("deliver") != std::string::npos &&
                 line.find("payload: 5") == std::string::npos;
        }));
    EXPECT_NE(std::string(e.what()).find("seed: 4"), std::string::npos) << e.what();
  }
  ASSERT_TRUE(sim.failure());
  EXPECT_THROW(sim.run_for(1s), sim::CheckFailed) << "a failed run stays failed";
}

TEST(Checks, EventuallyThatHoldsDoesNotDelayQuiescence) {
  ticks = 0;
  Simulation sim(quiet());
  ActorSystem system(sim.system());
  sim.eventually(
      "three ticks", [] { return ticks >= 3; }, 1h);
  system.tell(system.create_actor<Ticker>(), std::int64_t{3});
  EXPECT_TRUE(sim.run_until_quiescent());
  EXPECT_EQ(sim.now(), 2ms);
}

TEST(Checks, EventuallyThatNeverHoldsFailsAtItsDeadline) {
  ticks = 0;
  Simulation sim(quiet());
  ActorSystem system(sim.system());
  sim.eventually(
      "ten ticks", [] { return ticks >= 10; }, 50ms);
  system.tell(system.create_actor<Ticker>(), std::int64_t{3});
  try {
    sim.run_until_quiescent();
    FAIL() << "expected CheckFailed";
  } catch (const sim::CheckFailed& e) {
    EXPECT_EQ(e.failure().kind, "eventually");
    EXPECT_EQ(e.failure().time, 50ms);
  }
}

// --- the planted bug ------------------------------------------------------------------------

struct Request {
  bool unused = false;
};
THESPIS_MESSAGE(Request, unused)

struct Step {
  std::int64_t left = 0;
};
THESPIS_MESSAGE(Step, left)

struct Result {
  std::string from;
};
THESPIS_MESSAGE(Result, from)

/// Does `steps` units of work (one self-message each) before it answers with a Result.
class Worker : public Actor {
 protected:
  Worker(std::string name, std::int64_t steps, bool acknowledges) {
    on<Request>([=, this](const Request&, const ActorAddress& sender) {
      client = sender;
      if (acknowledges) send(client, std::string("ack"));
      send(my_address(), Step{steps});
    });
    on<Step>([=, this](const Step& step, const ActorAddress&) {
      if (step.left > 0) {
        send(my_address(), Step{step.left - 1});
      } else {
        send(client, Result{name});
      }
    });
  }
  ActorAddress client;
};

struct Primary : Worker {
  Primary() : Worker("primary", 2, true) {}
};
THESPIS_ACTOR(Primary)

struct Backup : Worker {
  Backup() : Worker("backup", 20, false) {}
};
THESPIS_ACTOR(Backup)

/// The bug: once the primary has acknowledged, the client assumes the primary's result comes
/// before the backup's. It only breaks when the backup's result overtakes the primary's after
/// the acknowledgement: an ordering bug of depth 2.
struct Client : Actor {
  Client() {
    on<std::string>([this](const std::string& text, const ActorAddress& sender) {
      if (text == "go") {
        asker = sender;
        send(create_actor<Primary>(), Request{});
        send(create_actor<Backup>(), Request{});
      } else if (text == "ack") {
        acknowledged = true;
      }
    });
    on<Result>([this](const Result& result, const ActorAddress&) {
      if (result.from == "backup" && acknowledged && !primary_done) {
        send(asker, std::string("bug: backup result applied over the acknowledged primary"));
      }
      if (result.from == "primary") primary_done = true;
      if (++results == 2) send(asker, std::string("ok"));
    });
  }
  ActorAddress asker;
  bool acknowledged = false;
  bool primary_done = false;
  int results = 0;
};
THESPIS_ACTOR(Client)

void planted_bug_workload(Simulation& sim) {
  ActorSystem system(sim.system());
  const auto reply = system.ask(system.create_actor<Client>(), std::string("go"), 1s);
  if (!reply || reply->get<std::string>() != "ok") {
    throw Error(reply ? reply->get<std::string>() : "no reply");
  }
}

TEST(Exploration, PctFindsTheDepthTwoBugMoreOftenThanRandom) {
  sim::ExploreOptions options;
  options.runs = 1000;
  options.base = quiet();
  const auto random = sim::explore(*sim::random_strategy(), options, planted_bug_workload);
  const auto pct = sim::explore(*sim::pct_strategy(2, 40), options, planted_bug_workload);
  std::cout << "planted depth-2 bug over 1000 seeds: random found it in " << random.failures.size()
            << " runs, pct in " << pct.failures.size() << " runs\n";
  RecordProperty("random_failures", static_cast<int>(random.failures.size()));
  RecordProperty("pct_failures", static_cast<int>(pct.failures.size()));
  EXPECT_EQ(random.runs, 1000u);
  EXPECT_EQ(pct.runs, 1000u);
  ASSERT_FALSE(pct.failures.empty());
  EXPECT_GT(pct.failures.size(), 2 * random.failures.size() + 5);
  EXPECT_NE(pct.failures.front().what.find("bug: backup result"), std::string::npos);

  // A failing PCT run replays from its tape alone, without PCT and without its seed.
  sim::SimOptions replay = quiet(999);
  replay.replay_tape = pct.failures.front().tape;
  Simulation again(replay);
  EXPECT_THROW(planted_bug_workload(again), Error);
}

TEST(Exploration, StopsAtTheFirstFailureWhenAsked) {
  sim::ExploreOptions options;
  options.runs = 1000;
  options.stop_at_first_failure = true;
  options.base = quiet();
  const auto report = sim::explore(*sim::pct_strategy(2, 40), options, planted_bug_workload);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.runs, report.failures.front().seed);
}

TEST(Exploration, SwarmDrawsADifferentFaultMixPerSeed) {
  // The mix follows the run's first choice (1: a mix follows): a level for drop, duplicate,
  // reorder, corrupt.
  const auto swarm = sim::swarm_strategy();
  std::set<std::vector<std::uint64_t>> mixes;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Simulation sim(swarm->options_for(seed, quiet()));
    const auto& tape = sim.choices().tape();
    ASSERT_GE(tape.size(), 5u);
    EXPECT_EQ(tape.front(), 1u);
    mixes.insert({tape.begin() + 1, tape.begin() + 5});
  }
  EXPECT_GT(mixes.size(), 15u);
  EXPECT_EQ(Simulation(quiet()).choices().tape(), std::vector<std::uint64_t>{0}) << "no mix";
  EXPECT_THROW(sim::strategy_named("chaos-monkey"), Error);
}

/// Fails when the network lost, duplicated or corrupted a frame: on a calm network only a swarm
/// mix makes it fail.
void lossy_echo_workload(Simulation& sim) {
  ActorSystem client(sim.system("client"));
  start_echo<echo::RetryingEchoRequestor>(client, 10);
  (void)client.listen(10s);
  if (sim.frames_lost() + sim.frames_duplicated() + sim.frames_corrupted() > 0) {
    throw Error("the network lost, duplicated or corrupted a frame");
  }
}

TEST(Exploration, SwarmFailuresReplayFromTheirTapeAlone) {
  sim::ExploreOptions options;
  options.runs = 30;
  options.base = echo_options(1, sim::NetworkProfile::udp);
  const auto swarm = sim::swarm_strategy();
  const auto report = sim::explore(*swarm, options, lossy_echo_workload);
  ASSERT_GE(report.failures.size(), 5u);
  for (const sim::ExploreFailure& failure : report.failures) {
    Simulation original(swarm->options_for(failure.seed, options.base));
    EXPECT_THROW(lossy_echo_workload(original), Error);
    // Neither the strategy nor the seed: the tape alone brings the fault mix back.
    sim::SimOptions replay = options.base;
    replay.seed = 999;
    replay.replay_tape = failure.tape;
    Simulation again(replay);
    EXPECT_THROW(lossy_echo_workload(again), Error) << "seed " << failure.seed;
    EXPECT_EQ(again.trace_hash(), original.trace_hash()) << "seed " << failure.seed;
    // The seed without the strategy is another run: a calm network.
    Simulation plain(sim::random_strategy()->options_for(failure.seed, options.base));
    EXPECT_NO_THROW(lossy_echo_workload(plain)) << "seed " << failure.seed;
  }
}

TEST(Exploration, StrategiesAreMadeAgainFromTheirSpec) {
  for (const sim::StrategySpec& spec :
       {sim::StrategySpec{.name = "random"}, sim::StrategySpec{.name = "swarm"},
        sim::StrategySpec{.name = "pct", .pct_depth = 3, .pct_steps = 57}}) {
    const auto strategy = sim::make_strategy(spec);
    EXPECT_EQ(strategy->spec(), spec);
    EXPECT_EQ(strategy->name(), spec.name);
  }
  const sim::SimOptions pct =
      sim::make_strategy({.name = "pct", .pct_depth = 3, .pct_steps = 57})->options_for(5, quiet());
  EXPECT_EQ(pct.pct.depth, 3);
  EXPECT_EQ(pct.pct.steps, 57u);
  EXPECT_THROW(sim::make_strategy({.name = "pct", .pct_depth = 0}), Error);
  EXPECT_THROW(sim::make_strategy({.name = "pct", .pct_steps = 0}), Error);
}

TEST(Exploration, SchedulingStepsCountOnlyRealChoices) {
  // One actor alone is never a choice; the planted bug's client and workers are.
  ticks = 0;
  Simulation alone(quiet());
  ActorSystem system(alone.system());
  system.tell(system.create_actor<Ticker>(), std::int64_t{5});
  alone.run_until_quiescent();
  EXPECT_GT(alone.deliveries(), 5u);
  EXPECT_EQ(alone.scheduling_steps(), 0u);
  Simulation busy(quiet());
  try {
    planted_bug_workload(busy);
  } catch (const Error&) {
    // A seed may hit the planted bug; the steps are counted either way.
  }
  EXPECT_GT(busy.scheduling_steps(), 5u);
  EXPECT_LT(busy.scheduling_steps(), busy.deliveries());
}

}  // namespace
}  // namespace thespis::testing
