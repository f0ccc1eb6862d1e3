// The scenario's faults applied for real on tcp: each node a network namespace of its own, a
// partition dropped by nftables, isolate a link taken down, pause SIGSTOP, crash SIGKILL. A poke
// relayed from node a to a counter on node b arrives only once the fault is undone, which the
// time the check first held shows; on 127.0.0.1 with the fault skipped it would arrive at once.
// On udp the same runner cuts datagrams too: a partition loses the nudge (counted), a pause
// holds it.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <thespis/hostlab/leftovers.hpp>
#include <thespis/scenario/app.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/thespis.hpp>

namespace tcp_faults_test {

namespace scenario = thespis::scenario;
using Outcome = scenario::Verdict::Outcome;

struct Nudge {};
THESPIS_MESSAGE(Nudge)
struct Aim {
  thespis::ActorAddress target;
};
THESPIS_MESSAGE(Aim, target)

/// Counts the nudges it receives.
class NudgeCounter : public thespis::Actor {
 public:
  NudgeCounter() {
    on<Nudge>([this](const Nudge&) { ++nudges_; });
  }
  int nudges() const { return nudges_; }

 private:
  int nudges_ = 0;
  THESPIS_INSPECT(nudges_)
};
THESPIS_ACTOR(NudgeCounter)

/// Passes every nudge on to its target.
class NudgeRelay : public thespis::Actor {
 public:
  NudgeRelay() {
    on<Aim>([this](const Aim& aim) { target_ = aim.target; });
    on<Nudge>([this](const Nudge& n) { send(target_, n); });
  }

 private:
  thespis::ActorAddress target_;
  THESPIS_INSPECT()
};
THESPIS_ACTOR(NudgeRelay)

scenario::App make_app() {
  scenario::App app;
  app.name = "nudge_relay";
  app.description = "a relay on one node, a counter on another (tests of faults on tcp)";
  app.actor_types = {"NudgeCounter", "NudgeRelay"};
  app.checks["nudged"] = {"the counter has been nudged", [](scenario::CheckContext& c) {
                            const auto* n = c.actor<NudgeCounter>("counter");
                            return n != nullptr && n->nudges() > 0;
                          }};
  app.checks["twice_nudged"] = {"the counter has been nudged twice", [](scenario::CheckContext& c) {
                                  const auto* n = c.actor<NudgeCounter>("counter");
                                  return n != nullptr && n->nudges() >= 2;
                                }};
  app.checks["counter_alive"] = {"the counter runs", [](scenario::CheckContext& c) {
                                   return c.actor<NudgeCounter>("counter") != nullptr;
                                 }};
  return app;
}
THESPIS_APP(nudge_relay, make_app);

/// Three nodes, the relay on a, the counter on b, nothing on c; at 100 ms a nudge goes through the
/// relay; `fault` at 50 ms and `undo` (if any) at 600 ms; on real processes of `base`.
scenario::RunResult run_with(const std::string& fault, const std::string& undo,
                             const std::string& expectation, const std::string& base = "tcp") {
  std::string text =
      "name: nudges\napp: nudge_relay\nnodes: [{name: a}, {name: b}, {name: c}]\n"
      "actors: [{name: relay, type: NudgeRelay, node: a}, {name: counter, type: NudgeCounter, "
      "node: b}]\n"
      "phases:\n"
      "  - name: aim\n    duration: 200ms\n    steps:\n"
      "      - {at: 0ms, send: {to: relay, message: {type: Aim, target: counter}}}\n"
      "      - {at: 10ms, send: {to: relay, message: {type: Nudge}}}\n"
      "  - name: fault\n    duration: 1200ms\n    steps:\n"
      "      - {at: 50ms, " +
      fault + "}\n      - {at: 100ms, send: {to: relay, message: {type: Nudge}}}\n";
  if (!undo.empty()) text += "      - {at: 600ms, " + undo + "}\n";
  text += "expect:\n  - " + expectation + "\n";
  scenario::RunOptions options;
  options.base = base;
  return scenario::run_scenario(scenario::parse_scenario(text, "nudges.yaml"), options);
}

/// The time of the first sample at which the counter had two nudges ("held at t=X").
std::optional<double> second_nudge_ms(const scenario::RunResult& result) {
  const std::string& details = result.verdicts.at(0).details;
  const auto at = details.find("held at t=");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(details.substr(at + 10));
}

class TcpFaults : public testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = thespis::hostlab::unavailable_reason()) GTEST_SKIP() << *reason;
  }
};

// The counter counts the nudge of the aim phase (200 ms) and the one sent during the fault.
constexpr const char* two_nudges = "eventually: {check: twice_nudged, within: 3s}";

scenario::RunResult run_twice(const std::string& fault, const std::string& undo,
                              const std::string& base = "tcp") {
  scenario::RunResult result = run_with(fault, undo, two_nudges, base);
  return result;
}

void expect_held_after_the_undo(const std::string& fault, const std::string& undo,
                                const std::string& base = "tcp") {
  // The nudge is sent at 200 + 100 ms and the fault undone at 200 + 600 ms.
  scenario::RunResult result = run_twice(fault, undo, base);
  ASSERT_TRUE(result.error.empty()) << result.error;
  ASSERT_TRUE(result.passed) << result.report();
  const auto held = second_nudge_ms(result);
  ASSERT_TRUE(held) << result.report();
  EXPECT_GE(*held, 800.0) << fault << ": the nudge crossed before the fault was undone\n"
                          << result.report();
}

TEST_F(TcpFaults, APartitionHoldsTheNudgeUntilTheHeal) {
  expect_held_after_the_undo("partition: [[a], [b]]", "heal: true");
}

TEST_F(TcpFaults, IsolateHoldsTheNudgeUntilTheHeal) {
  expect_held_after_the_undo("isolate: b", "heal: true");
}

TEST_F(TcpFaults, PauseHoldsTheNudgeUntilResume) {
  expect_held_after_the_undo("pause: b", "resume: b");
}

TEST_F(TcpFaults, WithoutAFaultTheNudgeCrossesAtOnce) {
  // The same run with a fault that the nudge does not cross: the measure above can fail.
  scenario::RunResult result = run_twice("isolate: c", "heal: true");
  ASSERT_TRUE(result.passed) << result.report();
  const auto held = second_nudge_ms(result);
  ASSERT_TRUE(held) << result.report();
  EXPECT_LT(*held, 700.0) << result.report();
}

TEST_F(TcpFaults, ATcpRunCountsNoLoss) {
  const scenario::RunResult result = run_with("isolate: c", "heal: true", two_nudges);
  ASSERT_TRUE(result.passed) << result.report();
  EXPECT_FALSE(result.lost_messages) << result.report();
  for (const std::string& note : result.approximations) {
    EXPECT_EQ(note.find("transport:"), std::string::npos) << note;
  }
}

// On udp the same cut loses the nudge for good (nothing retransmits a datagram), and the run
// says how many messages the admins counted lost.
TEST_F(TcpFaults, OnUdpAPartitionLosesTheNudgeAndTheRunSaysSo) {
  const scenario::RunResult result =
      run_with("partition: [[a], [b]]", "heal: true", two_nudges, "udp");
  ASSERT_TRUE(result.error.empty()) << result.error;
  EXPECT_EQ(result.base, "udp");
  EXPECT_FALSE(result.passed) << result.report();
  EXPECT_EQ(result.verdicts.at(0).outcome, Outcome::failed) << result.report();
  ASSERT_TRUE(result.lost_messages) << result.report();
  EXPECT_GE(*result.lost_messages, 1) << "the lost nudge was not counted\n" << result.report();
  const std::string report = result.report();
  EXPECT_NE(report.find("note  transport: udp datagrams may be lost"), std::string::npos) << report;
  EXPECT_NE(
      report.find("the admins counted " + std::to_string(*result.lost_messages) + " lost messages"),
      std::string::npos)
      << report;
  EXPECT_NE(report.find("(on udp: real time and real processes"), std::string::npos) << report;
}

// A stopped process reads nothing, but the kernel keeps the datagram in its socket's buffer.
TEST_F(TcpFaults, OnUdpPauseHoldsTheNudgeUntilResume) {
  expect_held_after_the_undo("pause: b", "resume: b", "udp");
}

TEST_F(TcpFaults, OnUdpTheNudgeCrossesWithoutAFault) {
  // The measure above can pass: with a fault that the nudge does not cross, it arrives.
  const scenario::RunResult result = run_with("isolate: c", "heal: true", two_nudges, "udp");
  ASSERT_TRUE(result.passed) << result.report();
  const auto held = second_nudge_ms(result);
  ASSERT_TRUE(held) << result.report();
  EXPECT_LT(*held, 700.0) << result.report();
}

TEST_F(TcpFaults, ACrashKillsTheNodesProcessesAndRestartBringsItBackEmpty) {
  scenario::RunResult result = run_with("crash: b", "restart: b", "always: counter_alive");
  ASSERT_TRUE(result.error.empty()) << result.error;
  EXPECT_FALSE(result.passed) << result.report();
  EXPECT_EQ(result.violated, "always counter_alive") << result.report();
  for (const std::string& note : result.approximations) {
    EXPECT_EQ(note.find("crash: no real counterpart"), std::string::npos) << note;
  }
}

}  // namespace tcp_faults_test
