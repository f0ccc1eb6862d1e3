// The distributed echo example on two simulated nodes, under calm and hostile networks.
#include <chrono>

#include <gtest/gtest.h>

#include "support/echo_world.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorSystem;
using thespis::sim::Simulation;

namespace thespis::testing {
namespace {

TEST(Echo, ThousandPingsCompleteOnTwoNodes) {
  for (std::uint64_t seed : {1, 2, 3}) {
    Simulation sim(echo_options(seed));
    ActorSystem client(sim.system("client"));
    const ActorAddress requestor = client.create_actor<echo::EchoRequestor>();
    EXPECT_EQ(sim.node_of(requestor), "client");
    client.tell(requestor, std::int64_t{1000});
    const auto done = client.ask(requestor, std::string("payload"), 10s);
    ASSERT_TRUE(done) << "seed " << seed;
    EXPECT_EQ(done->get<std::string>(), "echo_done");
    const echo::EchoReport report = echo_report(client, requestor);
    EXPECT_EQ(report.received, 1000u);
    EXPECT_EQ(sim.node_of(report.server), "server");
    // 1000 pings out and back with 1-5 ms each way: at least 2 ms, at most 10 ms + scheduling.
    EXPECT_GE(sim.now(), 2ms);
    EXPECT_LE(sim.now(), 11ms);
    EXPECT_EQ(sim.frames_lost(), 0u);
  }
}

TEST(Echo, RetryingRequestorCompletesUnderUdpWithTenPercentDrop) {
  sim::SimOptions options = echo_options(11, sim::NetworkProfile::udp);
  options.network.defaults.drop = 0.10;
  Simulation sim(options);
  ActorSystem client(sim.system("client"));
  const ActorAddress requestor = start_echo<echo::RetryingEchoRequestor>(client, 1000);
  const auto done = client.listen(30s);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->get<std::string>(), "echo_done");
  const echo::EchoReport report = echo_report(client, requestor);
  EXPECT_EQ(report.received, 1000u);
  EXPECT_GT(report.resent, 0u);
  // About 19% of the round trips lose a frame; the first round alone loses well over 100.
  EXPECT_GT(sim.frames_lost(), 100u);
}

TEST(Echo, PlainRequestorLosesPongsUnderUdpDrop) {
  // The control for the test above: without retries the same network never completes.
  sim::SimOptions options = echo_options(11, sim::NetworkProfile::udp);
  options.network.defaults.drop = 0.10;
  Simulation sim(options);
  ActorSystem client(sim.system("client"));
  const ActorAddress requestor = start_echo<echo::EchoRequestor>(client, 1000);
  EXPECT_FALSE(client.listen(10s));
  EXPECT_LT(echo_report(client, requestor).received, 1000u);
}

TEST(Echo, PartitionTimesPingsOutAndHealLetsThemThrough) {
  Simulation sim(echo_options(5));
  ActorSystem client(sim.system("client"));
  // Place the server first (the payload with no pings yet), then cut the client off.
  const ActorAddress requestor = start_echo<echo::RetryingEchoRequestor>(client, 0);
  sim.run_for(100ms);
  ASSERT_EQ(sim.node_of(echo_report(client, requestor).server), "server");
  sim.partition({{"client"}, {"server"}});
  client.tell(requestor, std::int64_t{200});
  EXPECT_FALSE(client.listen(1s)) << "nothing may cross the partition";
  const echo::EchoReport cut = echo_report(client, requestor);
  EXPECT_EQ(cut.received, 0u);
  EXPECT_GE(cut.resent, 200u * 5) << "each 100 ms retry round re-sends every ping";
  sim.heal();
  const auto done = client.listen(5s);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->get<std::string>(), "echo_done");
  EXPECT_EQ(echo_report(client, requestor).received, 200u);
}

TEST(Echo, CrashingTheServerNodeReportsChildActorExitedExactlyOnce) {
  sim::SimOptions options = echo_options(8);
  Simulation sim(options);
  ActorSystem client(sim.system("client"));
  const ActorAddress requestor = start_echo<echo::RetryingEchoRequestor>(client, 10);
  ASSERT_TRUE(client.listen(1s));
  const ActorAddress server = echo_report(client, requestor).server;
  ASSERT_EQ(sim.node_of(server), "server");

  sim.crash("server");
  EXPECT_FALSE(sim.node_up("server"));
  // Detection takes missed_heartbeats (3) intervals of 1 s.
  sim.run_for(2s);
  EXPECT_EQ(echo_report(client, requestor).server_exits, 0u) << "not noticed yet";
  sim.run_for(3s);
  EXPECT_EQ(echo_report(client, requestor).server_exits, 1u);
  EXPECT_EQ(sim.convention_members("client"), std::vector<std::string>{"client"});

  // The node comes back empty and rejoins; the old server stays dead and is not reported again.
  sim.restart("server");
  sim.run_for(5s);
  EXPECT_EQ(sim.convention_members("client"), (std::vector<std::string>{"server", "client"}));
  EXPECT_EQ(echo_report(client, requestor).server_exits, 1u);
}

TEST(Echo, ARestartedNodeIsANewIncarnationThatOldHandlesDoNotReach) {
  Simulation sim(echo_options(8));
  ActorSystem before(sim.system("server"));
  EXPECT_TRUE(sim.incarnation_running(before.address()));
  sim.crash("server");
  EXPECT_FALSE(sim.incarnation_running(before.address()));
  sim.restart("server");
  EXPECT_TRUE(sim.node_up("server"));
  EXPECT_FALSE(sim.incarnation_running(before.address())) << "the old incarnation stays dead";
  ActorSystem after(sim.system("server"));
  EXPECT_TRUE(sim.incarnation_running(after.address()));
  EXPECT_NE(after.address().system(), before.address().system());
}

TEST(Echo, KillingTheServerActorReportsItOnce) {
  Simulation sim(echo_options(9));
  ActorSystem client(sim.system("client"));
  const ActorAddress requestor = start_echo<echo::EchoRequestor>(client, 10);
  ASSERT_TRUE(client.listen(1s));
  sim.kill(echo_report(client, requestor).server);
  sim.run_for(100ms);
  EXPECT_EQ(echo_report(client, requestor).server_exits, 1u);
  sim.run_for(10s);
  EXPECT_EQ(echo_report(client, requestor).server_exits, 1u);
}

}  // namespace
}  // namespace thespis::testing
