// The network model: profiles, latency, faults on frames, partitions, pause and clocks.
#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorSystem;
using thespis::sim::Simulation;

namespace thespis::testing {
namespace {

/// Collects the integers it receives; answers "seq" with them, in arrival order.
struct Collector : Actor {
  Collector() {
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) { got.push_back(n); });
    on<std::string>([this](const std::string&, const ActorAddress& sender) { send(sender, got); });
  }
  std::vector<std::int64_t> got;
};
THESPIS_ACTOR(Collector, requires_capability("Collect"))

/// Sends 0..n-1 to the address it is given, one message each.
struct Sender : Actor {
  Sender() {
    on<ActorAddress>([this](const ActorAddress& to, const ActorAddress&) {
      for (std::int64_t i = 0; i < 300; ++i) send(to, i);
    });
  }
};
THESPIS_ACTOR(Sender)

/// Answers "now" with its node's clock, and "wake" with the clock when a 1 s wakeup fires.
struct Clock : Actor {
  Clock() {
    on<std::string>([this](const std::string& text, const ActorAddress& sender) {
      if (text == "now") send(sender, now().count());
      if (text == "wake") {
        asker = sender;
        wakeup_after(1s);
      }
    });
    on<WakeupMessage>(
        [this](const WakeupMessage&, const ActorAddress&) { send(asker, now().count()); });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(Clock)

struct Big {
  std::string bytes;
};
THESPIS_MESSAGE(Big, bytes)

/// Sends a Big message of the size it is told to a target, and reports the poison it gets.
struct BigSender : Actor {
  BigSender() {
    on<ActorAddress>([this](const ActorAddress& to, const ActorAddress& sender) {
      asker = sender;
      send(to, Big{std::string(100'000, 'x')});
    });
    on<PoisonMessage>(
        [this](const PoisonMessage& p, const ActorAddress&) { send(asker, p.details); });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(BigSender)

sim::SimOptions two_nodes(sim::NetworkProfile profile, std::uint64_t seed = 3) {
  sim::SimOptions options;
  options.seed = seed;
  options.log_level = LogLevel::error;
  options.nodes = {{"a", {}, {}}, {"b", {{"Collect", true}}, {}}};
  options.network.profile = profile;
  options.network.defaults.latency = sim::Latency::uniform_in(1ms, 20ms);
  return options;
}

std::vector<std::int64_t> send_300(Simulation& sim) {
  ActorSystem a(sim.system("a"));
  const ActorAddress collector = a.create_actor<Collector>();
  const ActorAddress sender = a.create_actor<Sender>();
  a.tell(sender, collector);
  sim.run_for(2s);
  ActorSystem b(sim.system("b"));  // asked on its own node, so the answer is not lost too
  return ask_for<std::vector<std::int64_t>>(b, collector, std::string("seq"));
}

std::vector<std::int64_t> iota_300() {
  std::vector<std::int64_t> all(300);
  for (std::int64_t i = 0; i < 300; ++i) all[static_cast<std::size_t>(i)] = i;
  return all;
}

TEST(Network, TcpKeepsOrderPerPairDespiteRandomLatency) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    Simulation sim(two_nodes(sim::NetworkProfile::tcp, seed));
    EXPECT_EQ(send_300(sim), iota_300()) << "seed " << seed;
  }
}

TEST(Network, UdpReordersUnderRandomLatency) {
  Simulation sim(two_nodes(sim::NetworkProfile::udp));
  std::vector<std::int64_t> got = send_300(sim);
  EXPECT_NE(got, iota_300());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, iota_300()) << "reordered, none lost";
}

TEST(Network, UdpDuplicatesAndDrops) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::udp);
  options.network.defaults.duplicate = 0.2;
  options.network.defaults.drop = 0.2;
  Simulation sim(options);
  const std::vector<std::int64_t> got = send_300(sim);
  EXPECT_GT(sim.frames_duplicated(), 20u);
  EXPECT_GT(sim.frames_lost(), 20u);
  EXPECT_EQ(got.size(), 300 - sim.frames_lost() + sim.frames_duplicated());
}

TEST(Network, TcpDropResetsTheConnectionAndLosesWhatWasInFlight) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::tcp);
  options.network.defaults.drop = 0.05;
  Simulation sim(options);
  const std::vector<std::int64_t> got = send_300(sim);
  EXPECT_GT(sim.frames_lost(), 15u) << "a reset loses more than the dropped frame";
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end())) << "what arrives is still in order";
  EXPECT_LT(got.size(), 300u);
}

TEST(Network, CorruptedFramesAreRejectedAndTheReceiverCarriesOn) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::udp);
  options.network.defaults.corrupt = 0.3;
  Simulation sim(options);
  const std::vector<std::int64_t> got = send_300(sim);
  EXPECT_GT(sim.frames_corrupted(), 50u);
  EXPECT_EQ(got.size() + sim.frames_corrupted(), 300u);
}

TEST(Network, PerLinkOptionsOverrideTheDefaults) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::udp);
  options.network.links[{"a", "b"}] = {.latency = sim::Latency::fixed_at(1ms), .drop = 1.0};
  Simulation sim(options);
  EXPECT_TRUE(send_300(sim).empty());
  EXPECT_EQ(sim.frames_lost(), 300u);
}

TEST(Network, OversizedUdpFrameIsRefusedAtTheSender) {
  Simulation sim(two_nodes(sim::NetworkProfile::udp));
  ActorSystem a(sim.system("a"));
  const ActorAddress collector = a.create_actor<Collector>();
  const ActorAddress big_sender = a.create_actor<BigSender>();
  const std::string details = ask_for<std::string>(a, big_sender, collector);
  EXPECT_NE(details.find("over the datagram limit of 65507"), std::string::npos) << details;
  EXPECT_THROW(a.tell(collector, Big{std::string(100'000, 'x')}), TransportError);
}

TEST(Network, OneWayPartitionBlocksOneDirectionOnly) {
  Simulation sim(two_nodes(sim::NetworkProfile::tcp));
  ActorSystem a(sim.system("a"));
  const ActorAddress collector = a.create_actor<Collector>();  // on b
  sim.inject(sim::fault::OneWay{"a", "b"});
  a.tell(collector, std::int64_t{1});
  EXPECT_FALSE(a.ask(collector, std::string("seq"), 1s)) << "a -> b is cut";
  ActorSystem b(sim.system("b"));
  EXPECT_TRUE(ask_for<std::vector<std::int64_t>>(b, collector, std::string("seq")).empty());
  sim.heal();
  a.tell(collector, std::int64_t{2});
  EXPECT_EQ(ask_for<std::vector<std::int64_t>>(a, collector, std::string("seq")),
            std::vector<std::int64_t>{2});
}

TEST(Network, PausedNodeHoldsItsWorkUntilResumed) {
  Simulation sim(two_nodes(sim::NetworkProfile::tcp));
  ActorSystem a(sim.system("a"));
  const ActorAddress collector = a.create_actor<Collector>();
  sim.inject(sim::fault::Pause{"b"});
  EXPECT_FALSE(a.ask(collector, std::string("seq"), 2s));
  sim.schedule(sim.now() + 1s, sim::fault::Resume{"b"});
  const auto reply = a.listen(2s);  // the held request is answered after the resume
  ASSERT_TRUE(reply);
  EXPECT_GE(sim.now(), 3s);
}

TEST(Network, ClockSkewShowsInNowAndWakeups) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::tcp);
  options.network.defaults.latency = sim::Latency::fixed_at(0ms);
  Simulation sim(options);
  ActorSystem a(sim.system("a"));
  const ActorAddress clock = a.create_actor<Clock>();
  sim.inject(sim::fault::ClockSkew{"a", 5s, 100'000});  // 5 s ahead, 10% fast
  sim.run_for(10s);
  const auto ns = [](std::chrono::nanoseconds d) { return d.count(); };
  EXPECT_EQ(ask_for<std::int64_t>(a, clock, std::string("now")), ns(5s + 11s));
  // A 1 s wakeup on a clock 10% fast takes 1/1.1 s of virtual time.
  const std::int64_t woke = ask_for<std::int64_t>(a, clock, std::string("wake"));
  EXPECT_NEAR(static_cast<double>(woke), static_cast<double>(ns(5s + 12s)), 1e3);
}

TEST(Network, ScheduledFaultsAppearInTheTrace) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::tcp);
  options.record_trace = true;
  Simulation sim(options);
  sim.schedule(1s, sim::fault::Partition{{{"a"}, {"b"}}});
  sim.schedule(2s, sim::fault::Heal{});
  sim.schedule(3s, sim::fault::Crash{"b"});
  sim.run_until_quiescent();
  std::vector<std::string> faults;
  for (const auto& event : sim.trace().events()) {
    if (event.kind == sim::TraceKind::fault) faults.push_back(event.text);
  }
  EXPECT_EQ(faults, (std::vector<std::string>{"partition [a] [b]", "heal", "crash b"}));
  EXPECT_EQ(sim.now(), 3s);
}

}  // namespace
}  // namespace thespis::testing
