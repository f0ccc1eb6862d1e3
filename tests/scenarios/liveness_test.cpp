// Liveness that means it: `every X answered_by Y` and `every CHECK leads_to CHECK`, `sometimes`
// checks and the coverage exploration reports, vacuous failures, checks that find the scenario's
// actors by name, and the failure signature that shrinking keeps.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include <thespis/actor_system.hpp>
#include <thespis/error.hpp>
#include <thespis/scenario/app.hpp>
#include <thespis/scenario/explore_pool.hpp>
#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/shrink.hpp>

#include "lock/lock.hpp"

namespace thespis::scenario {
namespace {

// The lock service (examples/lock): alice asks first and gets the lock at 2ms; bob asks at 3ms
// and waits; then they take turns. `crash` (a node, at 50ms) and `expect` complete the file.
std::string lock_world(const std::string& server_type, const std::string& crash,
                       const std::string& expect) {
  return "app: lock\n"
         "nodes: [{name: server}, {name: a}, {name: b}]\n"
         "network: {profile: tcp, latency: 2ms}\n"
         "actors:\n"
         "  - {name: lock, type: " +
         server_type +
         ", node: server}\n"
         "  - {name: alice, type: LockClient, node: a}\n"
         "  - {name: bob, type: LockClient, node: b}\n"
         "duration: 1s\n"
         "steps:\n"
         "  - {at: 0ms, send: {to: alice, message: {type: StartLocking, server: lock}}}\n"
         "  - {at: 1ms, send: {to: bob, message: {type: StartLocking, server: lock}}}\n" +
         (crash.empty() ? "" : "  - {at: 50ms, crash: " + crash + "}\n") + "expect:\n" + expect;
}

const std::string answered =
    "  - eventually: {every: AcquireLock, answered_by: LockGranted, within: 3s}\n";

RunResult run_text(const std::string& text) { return run_scenario(parse_scenario(text, "t.yaml")); }

TEST(AnsweredBy, NamesTheFirstRequestLeftUnanswered) {
  // The holder crashes: the server without leases never answers bob.
  const RunResult result = run_text(lock_world("LockServerNoExpiry", "a", answered));
  ASSERT_FALSE(result.passed);
  EXPECT_EQ(result.violated, "eventually every AcquireLock answered_by LockGranted");
  EXPECT_EQ(result.time, std::chrono::milliseconds(3003));  // bob's request at 3ms, plus 3s
  const std::string& details = result.verdicts.at(0).details;
  EXPECT_NE(details.find("first unanswered: AcquireLock delivered at t=3ms"), std::string::npos)
      << details;
  EXPECT_NE(details.find("to lock from bob; no LockGranted reached bob within 3s"),
            std::string::npos)
      << details;
  ASSERT_TRUE(result.signature);
  EXPECT_EQ(result.signature->culprit, "deliver AcquireLock to LockServerNoExpiry from LockClient");
  EXPECT_EQ(result.signature->fault, "crash (LockClient)");
  EXPECT_EQ(result.vacuous, "");
  EXPECT_NE(result.story.find("from bob; last fault: crash a"), std::string::npos) << result.story;
  // With leases the lock comes back to bob a second after alice got it.
  EXPECT_TRUE(run_text(lock_world("LockServer", "a", answered)).passed);
}

TEST(AnsweredBy, ARequestWhoseSenderIsGoneNeedsNoAnswer) {
  // bob crashes while he waits. The server without leases grants him the lock anyway and then
  // never again answers alice; bob's own request needs no answer, nobody is left to get it.
  const RunResult result = run_text(lock_world("LockServerNoExpiry", "b", answered));
  ASSERT_FALSE(result.passed);
  const std::string& details = result.verdicts.at(0).details;
  EXPECT_NE(details.find("to lock from alice"), std::string::npos) << details;
  EXPECT_GT(result.time, std::chrono::milliseconds(3003)) << "not bob's request of 3ms";
  // With leases, bob's grant runs out and alice gets the lock back: nothing is left unanswered.
  EXPECT_TRUE(run_text(lock_world("LockServer", "b", answered)).passed);
}

TEST(LeadsTo, EveryTimeTheTriggerHoldsTheResponseFollows) {
  const std::string expect =
      "  - eventually: {every: someone_waits, leads_to: no_waiters, within: 2s}\n";
  const RunResult result = run_text(lock_world("LockServerNoExpiry", "a", expect));
  ASSERT_FALSE(result.passed);
  EXPECT_EQ(result.violated, "eventually every someone_waits leads_to no_waiters");
  EXPECT_EQ(result.time, std::chrono::milliseconds(2003));  // bob waits from 3ms
  ASSERT_TRUE(result.signature);
  EXPECT_EQ(result.signature->culprit, "looked at LockServerNoExpiry");
  EXPECT_EQ(result.vacuous, "");
  EXPECT_TRUE(run_text(lock_world("LockServer", "a", expect)).passed);
  EXPECT_TRUE(run_text(lock_world("LockServerNoExpiry", "", expect)).passed);
}

TEST(Vacuous, AnEventuallyOverAnEmptyWorldIsReportedVacuous) {
  const Scenario empty = parse_scenario(
      "app: lock\nnodes: [{name: server}]\nduration: 1s\n"
      "expect:\n  - eventually: {check: everyone_served, within: 2s}\n",
      "empty.yaml");
  const RunResult result = run_scenario(empty);
  ASSERT_FALSE(result.passed);
  EXPECT_EQ(result.vacuous, "no message was delivered in the run");
  EXPECT_NE(result.report().find("vacuous: no message was delivered in the run"), std::string::npos)
      << result.report();
  ShrinkOptions options;
  try {
    shrink(empty, options);
    ADD_FAILURE() << "a vacuous failure is no bug to shrink";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("vacuously"), std::string::npos) << e.what();
  }
}

TEST(Vacuous, ALivenessCheckWhoseActorsAreGoneIsReportedVacuous) {
  // The server's host crashes while bob waits: at the deadline no_waiters finds no server.
  const RunResult result = run_text(
      lock_world("LockServerNoExpiry", "server",
                 "  - eventually: {every: someone_waits, leads_to: no_waiters, within: 2s}\n"));
  ASSERT_FALSE(result.passed);
  EXPECT_EQ(result.vacuous, "the check looked at no live actor");
  EXPECT_NE(result.verdicts.at(0).details.find("(vacuous: the check looked at no live actor)"),
            std::string::npos)
      << result.verdicts.at(0).details;
}

TEST(Signature, TheFaultIsNamedByTheActorsItHit) {
  // Both lose liveness after a crash, but of different things: not the same failure.
  const RunResult client = run_text(lock_world("LockServerNoExpiry", "a", answered));
  const RunResult server = run_text(lock_world("LockServerNoExpiry", "server", answered));
  ASSERT_TRUE(client.signature && server.signature);
  EXPECT_EQ(server.signature->fault, "crash (LockServerNoExpiry)");
  EXPECT_NE(*client.signature, *server.signature);
  EXPECT_EQ(client.signature->expectation, server.signature->expectation);
}

TEST(Sometimes, AnUnreachedCheckFailsARunButNotAnExploredSeed) {
  // bob never asks: the lock is never handed from one client to another.
  std::string text = lock_world("LockServer", "", "  - sometimes: handed_over\n");
  text.erase(text.find("  - {at: 1ms"), text.find("expect:") - text.find("  - {at: 1ms"));
  const Scenario alone = parse_scenario(text, "alone.yaml");
  const RunResult run = run_scenario(alone);
  EXPECT_FALSE(run.passed);
  EXPECT_EQ(run.violated, "sometimes handed_over");
  EXPECT_FALSE(run.signature) << "missing coverage has no failure signature";
  EXPECT_TRUE(run.sometimes_reached.empty());
  const auto strategy = sim::random_strategy();
  const SeedOutcome outcome = run_seed(alone, 1, *strategy);
  EXPECT_TRUE(outcome.passed);
  ExploreSummary summary;
  summary.expect_coverage_of(alone);
  summary.add(outcome);
  EXPECT_EQ(summary.unreached(), std::vector<std::string>{"handed_over"});
  EXPECT_NE(summary.report().find("0/1  handed_over   NEVER REACHED"), std::string::npos)
      << summary.report();
  EXPECT_THROW(shrink(alone, ShrinkOptions{}), Error);
  // With bob, the lock is handed over: reached.
  const RunResult both = run_text(lock_world("LockServer", "", "  - sometimes: handed_over\n"));
  EXPECT_TRUE(both.passed) << both.report();
  EXPECT_EQ(both.sometimes_reached, std::vector<std::string>{"handed_over"});
}

TEST(Sometimes, ExploreCountsTheSeedsThatReachEachCheck) {
  const Scenario s = load_scenario(std::string(THESPIS_BUNDLED_DIR) + "/lock_crash.yaml");
  ProcessPoolOptions options;
  options.jobs = 2;
  const PoolResult result = explore_in_processes(s, *sim::random_strategy(), {1, 12}, options);
  ASSERT_TRUE(result.complete()) << result.stopped;
  EXPECT_EQ(result.summary.sometimes.at("handed_over"), 12u);
  EXPECT_TRUE(result.summary.unreached().empty());
  EXPECT_NE(result.summary.to_json().find("\"sometimes\":{\"handed_over\":12}"), std::string::npos)
      << result.summary.to_json();
}

TEST(CheckContext, FindsTheScenarioActorsByName) {
  sim::SimOptions options;
  for (const char* node : {"server", "a"}) options.nodes.push_back(sim::NodeOptions{node, {}, {}});
  sim::Simulation sim(options);
  ActorSystem server(sim.system("server"));
  ActorSystem a(sim.system("a"));
  std::map<std::string, ActorAddress> created;
  const CheckContext context(sim, {"lock", "alice", "bob"}, created);
  EXPECT_EQ(context.address("alice"), std::nullopt) << "not created yet";
  EXPECT_EQ(context.actor<lock::LockClient>("alice"), nullptr);
  EXPECT_THROW(context.address("nobody"), Error);
  created["lock"] = server.create_actor<lock::LockServer>();
  created["alice"] = a.create_actor<lock::LockClient>();
  EXPECT_NE(context.actor<lock::LockClient>("alice"), nullptr);
  EXPECT_NE(context.actor<lock::LockServer>("lock"), nullptr);
  EXPECT_EQ(context.actor<lock::LockServer>("alice"), nullptr) << "alice is no server";
  EXPECT_EQ(context.name_of(created["alice"]), "alice");
  sim.crash("a");
  EXPECT_EQ(context.actor<lock::LockClient>("alice"), nullptr) << "gone with its node";
  EXPECT_NE(context.actor<lock::LockServer>("lock"), nullptr);
}

TEST(CheckContext, ACheckNamingAnActorTheScenarioLacksIsAnError) {
  // handed_over looks for the server named `lock`; here it is called `keeper`.
  std::string text = lock_world("LockServer", "", "  - sometimes: handed_over\n");
  for (auto at = text.find("lock,"); at != std::string::npos; at = text.find("lock,"))
    text.replace(at, 4, "keeper");
  for (auto at = text.find("server: lock"); at != std::string::npos; at = text.find("server: lock"))
    text.replace(at + 8, 4, "keeper");
  const RunResult result = run_text(text);
  EXPECT_NE(result.error.find("the scenario has no actor named 'lock'"), std::string::npos)
      << text << result.report();
}

TEST(LeadsToForms, ReadBackAndRefuseWhatTheyCannotMean) {
  const std::string text = lock_world(
      "LockServer", "",
      answered + "  - eventually: {every: someone_waits, leads_to: no_waiters, within: 2s}\n" +
          "  - sometimes: handed_over\n");
  const Scenario s = parse_scenario(text, "forms.yaml");
  ASSERT_EQ(s.expectations.size(), 3u);
  EXPECT_EQ(s.expectations[0].kind, Expectation::Kind::answered);
  EXPECT_EQ(s.expectations[1].kind, Expectation::Kind::leads_to);
  EXPECT_EQ(s.expectations[2].kind, Expectation::Kind::sometimes);
  EXPECT_EQ(to_yaml(parse_scenario(to_yaml(s), "again.yaml")), to_yaml(s));
  const auto error_of = [](const std::string& expect) {
    try {
      parse_scenario(lock_world("LockServer", "", expect), "bad.yaml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("  - eventually: {every: Nope, answered_by: LockGranted, within: 1s}\n")
                .find("expect[0].eventually.every: unknown message type 'Nope'"),
            std::string::npos);
  EXPECT_NE(error_of("  - eventually: {every: someone_waits, leads_to: nope, within: 1s}\n")
                .find("expect[0].eventually.leads_to: app lock has no check 'nope'"),
            std::string::npos);
  EXPECT_NE(error_of("  - eventually: {every: AcquireLock, within: 1s}\n")
                .find("'every' needs 'answered_by: MESSAGE TYPE'"),
            std::string::npos);
  EXPECT_NE(error_of("  - sometimes: nope\n").find("expect[0].sometimes: app lock has no check"),
            std::string::npos);
}

}  // namespace
}  // namespace thespis::scenario
