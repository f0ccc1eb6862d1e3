// The network model: profiles, latency, faults on frames, partitions, pause and clocks.
#include <algorithm>
#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "support/protocol_fixture.hpp"
#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorSystem;
using thespis::sim::Simulation;

namespace thespis::testing {
namespace {

/// Receives integers on node b; what arrives, in which order, the trace shows.
struct Collector : Actor {};
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

/// Sends a Big message of 100,000 bytes to the target it is given.
struct BigSender : Actor {
  BigSender() {
    on<ActorAddress>([this](const ActorAddress& to, const ActorAddress&) {
      send(to, Big{std::string(100'000, 'x')});
    });
  }
};
THESPIS_ACTOR(BigSender)

/// Sends itself a Big message of 100,000 bytes, and answers its asker with the size it got.
struct BigSelfSender : Actor {
  BigSelfSender() {
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      send(my_address(), Big{std::string(100'000, 'x')});
    });
    on<Big>([this](const Big& big, const ActorAddress&) {
      send(asker, static_cast<std::int64_t>(big.bytes.size()));
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(BigSelfSender)

sim::SimOptions one_node(sim::NetworkProfile profile) {
  sim::SimOptions options = ProtocolTrace::quiet_options();
  options.capabilities = {{"Collect", true}};
  options.network.profile = profile;
  return options;
}

sim::SimOptions two_nodes(sim::NetworkProfile profile, std::uint64_t seed = 3) {
  sim::SimOptions options;
  options.seed = seed;
  options.log_level = LogLevel::error;
  options.nodes = {{"a", {}, {}}, {"b", {{"Collect", true}}, {}}};
  options.network.profile = profile;
  options.network.defaults.latency = sim::Latency::uniform_in(1ms, 20ms);
  return options;
}

/// Sends 300 numbers from a to b; the numbers delivered to the collector, in arrival order.
std::vector<std::int64_t> send_300(ProtocolTrace& trace) {
  ActorSystem& a = trace.system("a");
  const ActorAddress collector = a.create_actor<Collector>();
  const ActorAddress sender = a.create_actor<Sender>();
  a.tell(sender, collector);
  trace.sim().run_for(2s);
  return trace.delivered<std::int64_t>(std::nullopt, collector);
}

std::vector<std::int64_t> iota_300() {
  std::vector<std::int64_t> all(300);
  for (std::int64_t i = 0; i < 300; ++i) all[static_cast<std::size_t>(i)] = i;
  return all;
}

TEST(Network, TcpKeepsOrderPerPairDespiteRandomLatency) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    ProtocolTrace trace(two_nodes(sim::NetworkProfile::tcp, seed));
    EXPECT_EQ(send_300(trace), iota_300()) << "seed " << seed;
  }
}

TEST(Network, UdpReordersUnderRandomLatency) {
  ProtocolTrace trace(two_nodes(sim::NetworkProfile::udp));
  std::vector<std::int64_t> got = send_300(trace);
  EXPECT_NE(got, iota_300());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, iota_300()) << "reordered, none lost";
}

TEST(Network, UdpDuplicatesAndDrops) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::udp);
  options.network.defaults.duplicate = 0.2;
  options.network.defaults.drop = 0.2;
  ProtocolTrace trace(options);
  Simulation& sim = trace.sim();
  const std::vector<std::int64_t> got = send_300(trace);
  EXPECT_GT(sim.frames_duplicated(), 20u);
  EXPECT_GT(sim.frames_lost(), 20u);
  EXPECT_EQ(got.size(), 300 - sim.frames_lost() + sim.frames_duplicated());
}

TEST(Network, TcpDropResetsTheConnectionAndLosesWhatWasInFlight) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::tcp);
  options.network.defaults.drop = 0.05;
  ProtocolTrace trace(options);
  Simulation& sim = trace.sim();
  const std::vector<std::int64_t> got = send_300(trace);
  EXPECT_GT(sim.frames_lost(), 15u) << "a reset loses more than the dropped frame";
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end())) << "what arrives is still in order";
  EXPECT_LT(got.size(), 300u);
}

TEST(Network, CorruptedFramesAreRejectedAndTheReceiverCarriesOn) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::udp);
  options.network.defaults.corrupt = 0.3;
  ProtocolTrace trace(options);
  Simulation& sim = trace.sim();
  const std::vector<std::int64_t> got = send_300(trace);
  EXPECT_GT(sim.frames_corrupted(), 50u);
  EXPECT_EQ(got.size() + sim.frames_corrupted(), 300u);
}

TEST(Network, PerLinkOptionsOverrideTheDefaults) {
  sim::SimOptions options = two_nodes(sim::NetworkProfile::udp);
  options.network.links[{"a", "b"}] = {.latency = sim::Latency::fixed_at(1ms), .drop = 1.0};
  ProtocolTrace trace(options);
  EXPECT_TRUE(send_300(trace).empty());
  Simulation& sim = trace.sim();
  EXPECT_EQ(sim.frames_lost(), 300u);
}

TEST(Network, OversizedUdpFrameIsRefusedAtTheSender) {
  ProtocolTrace trace(two_nodes(sim::NetworkProfile::udp));
  ActorSystem& a = trace.system("a");
  const ActorAddress collector = a.create_actor<Collector>();
  const ActorAddress big_sender = a.create_actor<BigSender>();
  trace.inject(collector).to(big_sender);
  trace.expect<ActorAddress>().with(collector).to(big_sender);
  trace.expect<PoisonMessage>()
      .with(
          [](const PoisonMessage& p) {
            return p.original.is<Big>() &&
                   p.details.find("over the datagram limit of 65507") != std::string::npos;
          },
          "for the Big message, naming the datagram limit")
      .to(big_sender);
  trace.disallow<Big>().to(collector);
  EXPECT_THROW(a.tell(collector, Big{std::string(100'000, 'x')}), TransportError);
}

TEST(Network, UdpRefusesAnOversizedMessageBetweenActorsOfOneNode) {
  // On the real udp base each actor is a process: two actors of one host talk in datagrams.
  ProtocolTrace trace(one_node(sim::NetworkProfile::udp));
  ActorSystem& system = trace.system();
  const ActorAddress collector = system.create_actor<Collector>();
  const ActorAddress big_sender = system.create_actor<BigSender>();
  trace.inject(collector).to(big_sender);
  trace.expect<ActorAddress>().with(collector).to(big_sender);
  trace.expect<PoisonMessage>()
      .with(
          [](const PoisonMessage& p) {
            return p.original.is<Big>() &&
                   p.details.find("over the datagram limit of 65507") != std::string::npos &&
                   p.details.find("encodes to 1000") != std::string::npos;
          },
          "for the Big message, naming its size and the datagram limit")
      .from(collector)
      .to(big_sender);
  trace.disallow<Big>().to(collector);
  const auto refusals =
      std::count_if(trace.events().begin(), trace.events().end(), [&](const sim::TraceEvent& e) {
        return e.kind == sim::TraceKind::drop && e.actor == collector && e.other == big_sender;
      });
  EXPECT_EQ(refusals, 1) << "the refusal is a drop event of the trace";
  EXPECT_THROW(system.tell(collector, Big{std::string(100'000, 'x')}), TransportError);
  EXPECT_THROW((void)system.ask(collector, Big{std::string(100'000, 'x')}, 1s), TransportError);
  EXPECT_EQ(trace.sim().frames_lost(), 0u) << "a refusal is not a loss";
}

TEST(Network, UdpLetsAnActorSendItselfAnOversizedMessage) {
  // A self-send never leaves its process, so no datagram limits it.
  ProtocolTrace trace(one_node(sim::NetworkProfile::udp));
  const ActorAddress self_sender = trace.system().create_actor<BigSelfSender>();
  trace.inject(std::string("go")).to(self_sender);
  trace.expect<Big>().from(self_sender).to(self_sender);
  EXPECT_EQ(trace.system().listen(0s)->get<std::int64_t>(), 100'000);
}

TEST(Network, TcpCarriesAnOversizedMessageBetweenActorsOfOneNode) {
  ProtocolTrace trace(one_node(sim::NetworkProfile::tcp));
  const ActorAddress collector = trace.system().create_actor<Collector>();
  const ActorAddress big_sender = trace.system().create_actor<BigSender>();
  trace.inject(collector).to(big_sender);
  trace.expect<ActorAddress>().with(collector).to(big_sender);
  trace.expect<Big>()
      .with([](const Big& big) { return big.bytes.size() == 100'000; }, "intact")
      .from(big_sender)
      .to(collector);
  trace.system().tell(collector, Big{std::string(100'000, 'y')});
  trace.sim().run_until_quiescent();
  trace.expect<Big>().to(collector);
}

TEST(Network, OneWayPartitionBlocksOneDirectionOnly) {
  ProtocolTrace trace(two_nodes(sim::NetworkProfile::tcp));
  Simulation& sim = trace.sim();
  ActorSystem& a = trace.system("a");
  const ActorAddress collector = a.create_actor<Collector>();  // on b
  sim.inject(sim::fault::OneWay{"a", "b"});
  a.tell(collector, std::int64_t{1});
  sim.run_for(1s);
  trace.disallow<std::int64_t>().to(collector);  // a -> b is cut
  // b -> a still carries messages.
  sim.send(collector, a.address(), std::int64_t{3});
  sim.run_for(1s);
  trace.expect<std::int64_t>().with(3).from(collector).to(a.address());
  EXPECT_EQ(a.listen(0s)->get<std::int64_t>(), 3);
  sim.heal();
  a.tell(collector, std::int64_t{2});
  sim.run_for(1s);
  trace.rewind();
  trace.expect<std::int64_t>().with(2).to(collector);  // and 1 never arrives
  trace.disallow<std::int64_t>().to(collector);
}

TEST(Network, PausedNodeHoldsItsWorkUntilResumed) {
  ProtocolTrace trace(two_nodes(sim::NetworkProfile::tcp));
  Simulation& sim = trace.sim();
  ActorSystem& a = trace.system("a");
  const ActorAddress collector = a.create_actor<Collector>();
  sim.inject(sim::fault::Pause{"b"});
  a.tell(collector, std::int64_t{1});
  sim.run_for(2s);
  trace.disallow<std::int64_t>().to(collector);
  sim.schedule(sim.now() + 1s, sim::fault::Resume{"b"});
  sim.run_for(2s);  // the held message is handled after the resume
  trace.expect<std::int64_t>().with(1).not_before(3s).to(collector);
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
