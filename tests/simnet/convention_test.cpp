// Nodes in a convention: placement by capability, watchers, heartbeats and member loss.
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

struct NeedsGpuOnly : Actor {};
THESPIS_ACTOR(NeedsGpuOnly, requires_capability("Gpu"))

struct NeedsDb : Actor {
  NeedsDb() {
    on<std::string>([this](const std::string&, const ActorAddress& sender) {
      send(sender, std::string("db here"));
    });
  }
};
THESPIS_ACTOR(NeedsDb, requires_capability("Db"))

/// Asks to be told of convention changes; the updates it gets, the trace shows.
struct Watcher : Actor {
  Watcher() { notify_on_system_registration_changes(true); }
};
THESPIS_ACTOR(Watcher)

/// Creates a NeedsDb child on request and forwards the child's answer; its child's exit, the
/// trace shows.
struct DbParent : Actor {
  DbParent() {
    on<std::string>([this](const std::string& text, const ActorAddress& sender) {
      if (text == "make") {
        asker = sender;
        child = create_actor<NeedsDb>();
        send(child, std::string("hello"));
      } else {
        send(asker, text);
      }
    });
  }
  ActorAddress asker;
  ActorAddress child;
};
THESPIS_ACTOR(DbParent)

sim::SimOptions three_nodes() {
  sim::SimOptions options;
  options.log_level = LogLevel::error;
  options.nodes = {{"a", {}, {}}, {"b", {{"Db", true}}, {}}, {"c", {}, {}}};
  options.network.defaults.latency = sim::Latency::fixed_at(2ms);
  return options;
}

/// The convention updates delivered to the watcher so far, as "+4" (system 4 joined) or "-3".
std::vector<std::string> updates(ProtocolTrace& trace, const ActorAddress& watcher) {
  trace.sim().run_for(0s);  // what is due now is delivered now
  std::vector<std::string> seen;
  for (const auto& update : trace.delivered<ActorSystemConventionUpdate>(std::nullopt, watcher)) {
    seen.push_back((update.added ? "+" : "-") + std::to_string(update.admin.system()));
  }
  return seen;
}

/// The parent made its child on node b (system 2), heard from it, and was then told, by
/// `deadline` and once, that it exited.
void expect_child_on_b_exited_once(ProtocolTrace& trace, const ActorAddress& parent,
                                   std::chrono::nanoseconds deadline) {
  trace.expect<std::string>().with("make").to(parent);
  trace.expect<std::string>().with("db here").to(parent);
  trace.expect<ChildActorExited>()
      .with([](const ChildActorExited& e) { return e.child.system() == 2; }, "of a child on b")
      .not_after(deadline)
      .to(parent);
  trace.disallow<ChildActorExited>().to(parent);
}

TEST(Convention, NodesJoinTheFirstNodesConvention) {
  Simulation sim(three_nodes());
  const std::vector<std::string> all{"a", "b", "c"};
  EXPECT_EQ(sim.convention_members("a"), all);
  EXPECT_EQ(sim.convention_members("c"), all);
  sim.run_for(10s);  // heartbeats keep everyone in
  EXPECT_EQ(sim.convention_members("b"), all);
}

TEST(Convention, ActorIsPlacedOnAMemberWithTheCapability) {
  Simulation sim(three_nodes());
  ActorSystem a(sim.system("a"));
  const ActorAddress db = a.create_actor<NeedsDb>();
  EXPECT_EQ(sim.node_of(db), "b");
  EXPECT_EQ(ask_for<std::string>(a, db, std::string("hi")), "db here");
}

TEST(Convention, ActorCreatesItsChildOnAnotherMember) {
  Simulation sim(three_nodes());
  ActorSystem c(sim.system("c"));
  const ActorAddress parent = c.create_actor<DbParent>();
  EXPECT_EQ(sim.node_of(parent), "c");
  EXPECT_EQ(ask_for<std::string>(c, parent, std::string("make")), "db here");
}

TEST(Convention, LocalNodeIsPreferred) {
  Simulation sim(three_nodes());
  ActorSystem b(sim.system("b"));
  EXPECT_EQ(sim.node_of(b.create_actor<NeedsDb>()), "b");
}

TEST(Convention, CapabilityNoNodeHasGivesNoCompatibleSystem) {
  Simulation sim(three_nodes());
  ActorSystem a(sim.system("a"));
  try {
    a.create_actor<NeedsGpuOnly>();
    FAIL() << "expected NoCompatibleSystemForActor";
  } catch (const NoCompatibleSystemForActor& e) {
    EXPECT_EQ(e.actor_type(), "NeedsGpuOnly");
    EXPECT_NE(std::string(e.what()).find("Gpu"), std::string::npos);
  }
}

TEST(Convention, WatchersSeeJoinLossAndRejoin) {
  ProtocolTrace trace(three_nodes());
  Simulation& sim = trace.sim();
  const ActorAddress watcher = trace.system("a").create_actor<Watcher>();
  sim.add_node({"d", {}, {}});
  EXPECT_EQ(updates(trace, watcher), std::vector<std::string>{"+4"});

  sim.crash("c");
  sim.run_for(2500ms);
  EXPECT_EQ(updates(trace, watcher), std::vector<std::string>{"+4"})
      << "3 heartbeats not yet missed";
  sim.run_for(2s);
  EXPECT_EQ(updates(trace, watcher), (std::vector<std::string>{"+4", "-3"}));

  sim.restart("c");  // a new incarnation: system id 5
  sim.run_for(3s);
  EXPECT_EQ(updates(trace, watcher), (std::vector<std::string>{"+4", "-3", "+5"}));
  EXPECT_EQ(sim.convention_members("a"), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(Convention, PartitionGivesEachSideItsOwnViewUntilHealed) {
  sim::SimOptions options = three_nodes();
  options.convention.missed_heartbeats = 2;
  Simulation sim(options);
  sim.partition({{"a", "b"}, {"c"}});
  sim.run_for(4s);
  EXPECT_EQ(sim.convention_members("a"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(sim.convention_members("c"), std::vector<std::string>{"c"});
  sim.heal();
  sim.run_for(5s);  // heartbeats find the way back, and carry the member lists
  EXPECT_EQ(sim.convention_members("c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(sim.convention_members("b"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Convention, RemoteChildLostWithItsNodeIsReportedToTheParent) {
  ProtocolTrace trace(three_nodes());
  ActorSystem& c = trace.system("c");
  const ActorAddress parent = c.create_actor<DbParent>();
  ASSERT_EQ(ask_for<std::string>(c, parent, std::string("make")), "db here");
  Simulation& sim = trace.sim();
  sim.crash("b");
  const auto crashed_at = sim.now();
  sim.run_for(20s);
  expect_child_on_b_exited_once(trace, parent, crashed_at + 10s);
}

TEST(Convention, LeavingNodeIsSeenGoneAtOnceAndItsActorsExitCleanly) {
  ProtocolTrace trace(three_nodes());
  Simulation& sim = trace.sim();
  const ActorAddress watcher = trace.system("a").create_actor<Watcher>();
  ActorSystem& c = trace.system("c");
  const ActorAddress parent = c.create_actor<DbParent>();
  ASSERT_EQ(ask_for<std::string>(c, parent, std::string("make")), "db here");
  sim.leave("b");
  const auto left_at = sim.now();
  sim.run_for(10ms);  // one latency, not three heartbeats
  EXPECT_EQ(updates(trace, watcher), std::vector<std::string>{"-2"});
  EXPECT_EQ(sim.convention_members("c"), (std::vector<std::string>{"a", "c"}));
  // The child ran its exit handler and its exit travelled to the parent as a message, once.
  sim.run_for(11s);
  expect_child_on_b_exited_once(trace, parent, left_at + 10ms + 1s);
  sim.restart("b");
  sim.run_for(3s);
  EXPECT_EQ(updates(trace, watcher), (std::vector<std::string>{"-2", "+4"}));
}

TEST(Convention, HandleOfACrashedNodeRefusesCalls) {
  Simulation sim(three_nodes());
  ActorSystem b(sim.system("b"));
  sim.crash("b");
  EXPECT_THROW(b.tell(ActorAddress(1, 1), std::string("x")), Error);
}

TEST(Convention, WaitingForeverWithOnlyHeartbeatsLeftReturns) {
  Simulation sim(three_nodes());
  ActorSystem a(sim.system("a"));
  EXPECT_FALSE(a.listen(std::chrono::nanoseconds::max()));
  EXPECT_TRUE(sim.run_until_quiescent());
}

TEST(Convention, UnknownNodeIsNamed) {
  Simulation sim(three_nodes());
  try {
    sim.crash("zz");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown node 'zz'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace thespis::testing
