// System status (core/include/thespis/system_status.hpp) on every base: system_status(system)
// lists the same actors with the same types, parents and names whether the system is a node of
// the simulation or an admin with one process per actor, and forgets an actor once it exits.
// Conventions: each member's report names the others the way its base names nodes (sim: node
// names; tcp: the admins' host:port) and lists the actors placed on it.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/system_status.hpp>
#include <thespis/thespis.hpp>

#include "conformance/conformance_fixture.hpp"
#include "support/processes.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

class SystemStatusLeaf : public Actor {};
THESPIS_ACTOR(SystemStatusLeaf)

class SystemStatusRegistry : public Actor {};
THESPIS_ACTOR(SystemStatusRegistry)

/// Makes two children and a named actor when it starts; answers "made" with their addresses
/// (children first).
class SystemStatusParent : public Actor {
 public:
  SystemStatusParent() {
    made_.push_back(create_actor<SystemStatusLeaf>());
    made_.push_back(create_actor<SystemStatusLeaf>());
    CreateOptions named;
    named.global_name = "system-status-registry";
    made_.push_back(create_actor("SystemStatusRegistry", named));
    on<std::string>([this](const std::string&, const ActorAddress& from) { send(from, made_); });
  }

 private:
  std::vector<ActorAddress> made_;
};
THESPIS_ACTOR(SystemStatusParent)

class SystemStatusConformance : public Conformance {
 protected:
  /// Reads the status until `done(report)` holds or 30 s of real time pass; returns the last
  /// report. On sim, reading runs nothing: the simulation runs 100 ms of virtual time between
  /// readings (on the real bases, an exit reaches the admin a little after the actor ends).
  template <class Done>
  SystemStatusReport status_once(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    SystemStatusReport report = system_status(system());
    while (!done(report) && std::chrono::steady_clock::now() < deadline) {
      if (simulated()) sim::Simulation::of(system()).run_for(100ms);
      report = system_status(system());
    }
    return report;
  }
};

INSTANTIATE_TEST_SUITE_P(Bases, SystemStatusConformance, configurations, configuration_name);

std::vector<ActorAddress> addresses_in(const SystemStatusReport& report) {
  std::vector<ActorAddress> addresses;
  for (const ActorSummary& actor : report.actors) addresses.push_back(actor.address);
  return addresses;
}

TEST_P(SystemStatusConformance, ListsTheLiveActorsWithTypesParentsAndNames) {
  const ActorAddress parent = system().create_actor<SystemStatusParent>();
  const auto made = ask<std::vector<ActorAddress>>(parent, std::string("made"), 10s);
  ASSERT_EQ(made.size(), 3u);
  const ActorAddress first = made[0];
  const ActorAddress second = made[1];
  const ActorAddress registry = made[2];

  const SystemStatusReport report = system_status(system());
  EXPECT_EQ(report.base, simulated() ? "sim" : GetParam());
  EXPECT_FALSE(report.node.empty());
  EXPECT_TRUE(report.members.empty()) << "no convention";
  std::vector<ActorSummary> expected = {
      {.address = parent,
       .type_name = "SystemStatusParent",
       .global_name = "",
       .parent = system().address()},
      {.address = first, .type_name = "SystemStatusLeaf", .global_name = "", .parent = parent},
      {.address = second, .type_name = "SystemStatusLeaf", .global_name = "", .parent = parent},
      // A named actor belongs to the system, not to the actor that created it.
      {.address = registry,
       .type_name = "SystemStatusRegistry",
       .global_name = "system-status-registry",
       .parent = ActorAddress()},
  };
  std::sort(expected.begin(), expected.end(),
            [](const ActorSummary& a, const ActorSummary& b) { return a.address < b.address; });
  EXPECT_EQ(report.actors, expected) << "exactly these, by address; no endpoint";

  system().tell(first, ActorExitRequest{});
  const SystemStatusReport after =
      status_once([&](const SystemStatusReport& r) { return r.actors.size() != expected.size(); });
  expected.erase(std::find_if(expected.begin(), expected.end(),
                              [&](const ActorSummary& a) { return a.address == first; }));
  EXPECT_EQ(after.actors, expected) << "the exited child is no longer listed";
  EXPECT_EQ(addresses_in(system_status(system())), addresses_in(after)) << "and stays so";
}

TEST_P(SystemStatusConformance, AnAskingProgramsEndpointsAreNotActors) {
  Endpoint other = system().private_endpoint();
  const ActorAddress leaf = system().create_actor<SystemStatusLeaf>();
  const SystemStatusReport report = system_status(system());
  ASSERT_EQ(report.actors.size(), 1u);
  EXPECT_EQ(report.actors[0].address, leaf);
  EXPECT_NE(report.actors[0].address, other.address());
}

// --- conventions ------------------------------------------------------------------------------

class SystemStatusGpuWork : public Actor {};
THESPIS_ACTOR(SystemStatusGpuWork, requires_capability("Gpu"))

TEST(SystemStatusConvention, SimMembersAreTheOtherNodesNames) {
  sim::SimOptions options;
  options.log_level = LogLevel::error;
  options.nodes = {{"a", {}, {}}, {"b", {{"Gpu", true}}, {}}, {"c", {}, {}}};
  sim::Simulation sim(std::move(options));
  ActorSystem a(sim.system("a"));
  ActorSystem b(sim.system("b"));
  sim.run_for(1s);  // the members hear from each other

  const SystemStatusReport of_a = system_status(a);
  EXPECT_EQ(of_a.node, "a");
  EXPECT_EQ(of_a.members, (std::vector<std::string>{"b", "c"}));
  // Created from a, placed on b (the only node with a Gpu): b's actor, a's endpoint its parent.
  const ActorAddress work = a.create_actor<SystemStatusGpuWork>();
  EXPECT_TRUE(system_status(a).actors.empty());
  const SystemStatusReport of_b = system_status(b);
  ASSERT_EQ(of_b.actors.size(), 1u);
  EXPECT_EQ(of_b.actors[0].address, work);
  EXPECT_EQ(of_b.actors[0].parent, a.address());

  sim.crash("c");
  sim.run_for(30s);  // heartbeats missed
  EXPECT_EQ(system_status(a).members, std::vector<std::string>{"b"});
}

TEST(SystemStatusConvention, TcpMembersAreTheOtherAdminsHostAndPort) {
  const std::uint16_t leader_port = net::free_local_port();
  const std::uint16_t member_port = net::free_local_port();
  SystemOptions leader_options;
  leader_options.admin_port = leader_port;
  leader_options.log_level = LogLevel::error;
  leader_options.heartbeat_interval = 100ms;
  ActorSystem leader("tcp", leader_options);
  SystemOptions member_options = leader_options;
  member_options.admin_port = member_port;
  member_options.capabilities = {{"Gpu", true}};
  member_options.convention_leader = "127.0.0.1:" + std::to_string(leader_port);
  ActorSystem member("tcp", member_options);
  const std::string leader_name = "127.0.0.1:" + std::to_string(leader_port);
  const std::string member_name = "127.0.0.1:" + std::to_string(member_port);

  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (system_status(leader).members.empty() && std::chrono::steady_clock::now() < deadline) {
  }
  const SystemStatusReport of_leader = system_status(leader);
  EXPECT_EQ(of_leader.node, leader_name);
  EXPECT_EQ(of_leader.members, std::vector<std::string>{member_name});
  EXPECT_EQ(system_status(member).members, std::vector<std::string>{leader_name});
  // Created from the leader, placed on the member (the only one with a Gpu).
  const ActorAddress work = leader.create_actor<SystemStatusGpuWork>();
  EXPECT_TRUE(system_status(leader).actors.empty());
  const SystemStatusReport of_member = system_status(member);
  ASSERT_EQ(of_member.actors.size(), 1u);
  EXPECT_EQ(of_member.actors[0].address, work);
  EXPECT_EQ(of_member.actors[0].parent, leader.address());

  const auto pids = testing::processes_of(member_port);
  const auto leader_pids = testing::processes_of(leader_port);
  member.shutdown();
  leader.shutdown();
  for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid)) << "process " << pid;
  for (const auto& pid : leader_pids) EXPECT_TRUE(testing::ended(pid)) << "process " << pid;
}

}  // namespace
}  // namespace thespis::conformance
