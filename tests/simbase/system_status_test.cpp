// System status (system_status.hpp) on sim: the report is read from the kernel's records of the
// node at the current virtual time. Reading runs nothing and leaves the trace as it was; the
// trace says what happened, the report what is live now.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/error.hpp>
#include <thespis/system_status.hpp>
#include <thespis/thespis.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorSummary;
using thespis::SystemStatusReport;
using thespis::testing::ProtocolTrace;

namespace system_status_test {

class SysLeaf : public thespis::Actor {};
THESPIS_ACTOR(SysLeaf)

class SysRegistry : public thespis::Actor {};
THESPIS_ACTOR(SysRegistry)

/// Told "family": makes two children and an actor named "registry".
class SysFamily : public thespis::Actor {
 public:
  SysFamily() {
    on<std::string>([this](const std::string&, const ActorAddress&) {
      create_actor<SysLeaf>();
      create_actor<SysLeaf>();
      thespis::CreateOptions named;
      named.global_name = "registry";
      create_actor("SysRegistry", named);
    });
  }
};
THESPIS_ACTOR(SysFamily)

std::vector<std::string> types_in(const SystemStatusReport& report) {
  std::vector<std::string> types;
  for (const ActorSummary& actor : report.actors) types.push_back(actor.type_name);
  return types;
}

}  // namespace system_status_test

using namespace system_status_test;

TEST(SystemStatus, ListsTheNodesLiveActorsByAddressAndReadingRunsNothing) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress family = trace.system().create_actor<SysFamily>();
  trace.inject(std::string("family")).to(family);
  trace.expect<std::string>().with("family").from(me).to(family);

  const std::uint64_t hash = trace.sim().trace_hash();
  const auto now = trace.sim().now();
  const SystemStatusReport report = thespis::system_status(trace.system());
  EXPECT_EQ(trace.sim().trace_hash(), hash) << "reading the status is no event of the run";
  EXPECT_EQ(trace.sim().now(), now);

  EXPECT_EQ(report.base, "sim");
  EXPECT_EQ(report.node, trace.sim().node_names().front());
  EXPECT_TRUE(report.members.empty());
  // Created in this order, so addressed in this order; the endpoint `me` is no actor.
  EXPECT_EQ(types_in(report),
            (std::vector<std::string>{"SysFamily", "SysLeaf", "SysLeaf", "SysRegistry"}));
  ASSERT_EQ(report.actors.size(), 4u);
  EXPECT_EQ(report.actors[0].address, family);
  EXPECT_EQ(report.actors[0].parent, me);
  EXPECT_EQ(report.actors[1].parent, family);
  EXPECT_EQ(report.actors[2].parent, family);
  EXPECT_EQ(report.actors[3].global_name, "registry");
  EXPECT_EQ(report.actors[3].parent, ActorAddress()) << "a named actor belongs to the system";
}

TEST(SystemStatus, AnExitedChildIsNoLongerListed) {
  ProtocolTrace trace;
  const ActorAddress family = trace.system().create_actor<SysFamily>();
  trace.inject(std::string("family")).to(family);
  const ActorAddress child = thespis::system_status(trace.system()).actors.at(1).address;

  trace.inject(thespis::ActorExitRequest{}).to(child);
  trace.expect<thespis::ActorExitRequest>().to(child);
  trace.expect<thespis::ChildActorExited>().from(child).to(family);
  const SystemStatusReport report = thespis::system_status(trace.system());
  EXPECT_EQ(types_in(report), (std::vector<std::string>{"SysFamily", "SysLeaf", "SysRegistry"}));
  for (const ActorSummary& actor : report.actors) EXPECT_NE(actor.address, child);
}

TEST(SystemStatus, AnExitRequestNotYetDeliveredLeavesTheActorListed) {
  ProtocolTrace trace;
  const ActorAddress leaf = trace.system().create_actor<SysLeaf>();
  trace.system().tell(leaf, thespis::ActorExitRequest{});  // sent, not run
  EXPECT_EQ(thespis::system_status(trace.system()).actors.size(), 1u);
  trace.sim().run_until_quiescent();
  EXPECT_TRUE(thespis::system_status(trace.system()).actors.empty());
}

TEST(SystemStatus, ACrashedNodesHandleThrows) {
  thespis::sim::SimOptions options;
  options.log_level = thespis::LogLevel::error;
  options.nodes = {{"a", {}, {}}, {"b", {}, {}}};
  thespis::sim::Simulation sim(std::move(options));
  thespis::ActorSystem b(sim.system("b"));
  sim.crash("b");
  EXPECT_THROW(thespis::system_status(b), thespis::Error);
}
