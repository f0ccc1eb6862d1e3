// Nodes in a convention: placement by capability, watchers, heartbeats and member loss.
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

/// Records every convention update it sees; answers "updates" with them.
struct Watcher : Actor {
  Watcher() {
    notify_on_system_registration_changes(true);
    on<ActorSystemConventionUpdate>(
        [this](const ActorSystemConventionUpdate& update, const ActorAddress&) {
          seen.push_back((update.added ? "+" : "-") + std::to_string(update.admin.system()));
        });
    on<std::string>([this](const std::string&, const ActorAddress& sender) { send(sender, seen); });
  }
  std::vector<std::string> seen;
};
THESPIS_ACTOR(Watcher)

/// Creates a NeedsDb child on request and forwards the child's answer.
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
    on<ChildActorExited>([this](const ChildActorExited& e, const ActorAddress&) {
      send(asker, "exited " + e.child.to_string());
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

std::vector<std::string> updates(ActorSystem& system, const ActorAddress& watcher) {
  return ask_for<std::vector<std::string>>(system, watcher, std::string("updates"));
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
  Simulation sim(three_nodes());
  ActorSystem a(sim.system("a"));
  const ActorAddress watcher = a.create_actor<Watcher>();
  sim.add_node({"d", {}, {}});
  EXPECT_EQ(updates(a, watcher), std::vector<std::string>{"+4"});

  sim.crash("c");
  sim.run_for(2500ms);
  EXPECT_EQ(updates(a, watcher), std::vector<std::string>{"+4"}) << "3 heartbeats not yet missed";
  sim.run_for(2s);
  EXPECT_EQ(updates(a, watcher), (std::vector<std::string>{"+4", "-3"}));

  sim.restart("c");  // a new incarnation: system id 5
  sim.run_for(3s);
  EXPECT_EQ(updates(a, watcher), (std::vector<std::string>{"+4", "-3", "+5"}));
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
  Simulation sim(three_nodes());
  ActorSystem c(sim.system("c"));
  const ActorAddress parent = c.create_actor<DbParent>();
  ASSERT_EQ(ask_for<std::string>(c, parent, std::string("make")), "db here");
  sim.crash("b");
  const std::string exited = listen_for<std::string>(c, 10s);
  EXPECT_EQ(exited.rfind("exited @2.", 0), 0u) << exited;
  EXPECT_FALSE(c.listen(10s)) << "reported exactly once";
}

TEST(Convention, LeavingNodeIsSeenGoneAtOnceAndItsActorsExitCleanly) {
  Simulation sim(three_nodes());
  ActorSystem a(sim.system("a"));
  const ActorAddress watcher = a.create_actor<Watcher>();
  ActorSystem c(sim.system("c"));
  const ActorAddress parent = c.create_actor<DbParent>();
  ASSERT_EQ(ask_for<std::string>(c, parent, std::string("make")), "db here");
  sim.leave("b");
  sim.run_for(10ms);  // one latency, not three heartbeats
  EXPECT_EQ(updates(a, watcher), std::vector<std::string>{"-2"});
  EXPECT_EQ(sim.convention_members("c"), (std::vector<std::string>{"a", "c"}));
  // The child ran its exit handler and its exit travelled to the parent as a message, once.
  EXPECT_EQ(listen_for<std::string>(c, 1s).rfind("exited @2.", 0), 0u);
  EXPECT_FALSE(c.listen(10s));
  sim.restart("b");
  sim.run_for(3s);
  EXPECT_EQ(updates(a, watcher), (std::vector<std::string>{"-2", "+4"}));
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
