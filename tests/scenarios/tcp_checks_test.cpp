// The app's checks judged on real processes (`--base tcp`): a check that fails there without any
// fault fails the run, one that holds passes it, and an app type that declares no
// THESPIS_INSPECT leaves the checks not judged rather than judged on default state.
#include <string>

#include <gtest/gtest.h>

#include <thespis/scenario/app.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/thespis.hpp>

namespace tcp_checks_test {

namespace scenario = thespis::scenario;
using Outcome = scenario::Verdict::Outcome;

struct Poke {};
THESPIS_MESSAGE(Poke)

/// Counts the pokes it receives.
class PokeCounter : public thespis::Actor {
 public:
  PokeCounter() {
    on<Poke>([this](const Poke&) { ++pokes_; });
  }
  int pokes() const { return pokes_; }

 private:
  int pokes_ = 0;
  THESPIS_INSPECT(pokes_)
};
THESPIS_ACTOR(PokeCounter)

/// The same, without THESPIS_INSPECT.
class SecretCounter : public PokeCounter {
 public:
  bool inspect_state(thespis::Encoder&) const override { return false; }
};
THESPIS_ACTOR(SecretCounter)

scenario::App make_app() {
  scenario::App app;
  app.name = "poke_counting";
  app.description = "actors that count pokes (tests of checks on tcp)";
  app.actor_types = {"PokeCounter", "SecretCounter"};
  app.checks["below_three"] = {"every counter has had fewer than three pokes",
                               [](scenario::CheckContext& c) {
                                 for (const auto* p : c.actors<PokeCounter>()) {
                                   if (p->pokes() >= 3) return false;
                                 }
                                 return true;
                               }};
  app.checks["counter_poked"] = {"the counter named `counter` has been poked",
                                 [](scenario::CheckContext& c) {
                                   const auto* p = c.actor<PokeCounter>("counter");
                                   return p != nullptr && p->pokes() > 0;
                                 }};
  return app;
}
THESPIS_APP(poke_counting, make_app);

scenario::RunResult run_on_tcp(const std::string& type, int pokes) {
  std::string text =
      "name: pokes\napp: poke_counting\nnodes: [{name: n}]\n"
      "actors: [{name: counter, type: " +
      type + ", node: n}]\nphases:\n  - name: poking\n    duration: 300ms\n    steps:";
  text += pokes == 0 ? " []\n" : "\n";
  for (int i = 0; i < pokes; ++i) {
    text += "      - {at: " + std::to_string(50 * i) +
            "ms, send: {to: counter, message: {type: Poke}}}\n";
  }
  text += "expect:\n  - always: below_three\n  - eventually: {check: counter_poked, within: 2s}\n";
  scenario::RunOptions options;
  options.base = "tcp";
  return scenario::run_scenario(scenario::parse_scenario(text, "pokes.yaml"), options);
}

TEST(TcpChecks, ACheckThatFailsOnRealProcessesFailsTheRun) {
  const scenario::RunResult result = run_on_tcp("PokeCounter", 3);
  ASSERT_TRUE(result.error.empty()) << result.error;
  EXPECT_FALSE(result.passed) << result.report();
  ASSERT_EQ(result.verdicts.size(), 2u);
  EXPECT_EQ(result.verdicts[0].outcome, Outcome::failed) << result.report();
  EXPECT_NE(result.verdicts[0].details.find("violated at t="), std::string::npos)
      << result.verdicts[0].details;
  EXPECT_NE(result.verdicts[0].details.find("sampled every 50ms on real processes"),
            std::string::npos)
      << result.verdicts[0].details;
  EXPECT_EQ(result.violated, "always below_three");
  EXPECT_EQ(result.verdicts[1].outcome, Outcome::passed) << result.report();
}

TEST(TcpChecks, ACheckThatHoldsOnRealProcessesPasses) {
  const scenario::RunResult result = run_on_tcp("PokeCounter", 2);
  ASSERT_TRUE(result.error.empty()) << result.error;
  EXPECT_TRUE(result.passed) << result.report();
  EXPECT_EQ(result.verdicts.at(0).outcome, Outcome::passed) << result.report();
  EXPECT_NE(result.verdicts[0].details.find("held at every sample"), std::string::npos)
      << result.verdicts[0].details;
  EXPECT_EQ(result.verdicts.at(1).outcome, Outcome::passed) << result.report();
}

TEST(TcpChecks, AnEventuallyThatNeverHoldsFailsAtItsBound) {
  const scenario::RunResult result = run_on_tcp("PokeCounter", 0);
  ASSERT_TRUE(result.error.empty()) << result.error;
  EXPECT_FALSE(result.passed) << result.report();
  EXPECT_EQ(result.verdicts.at(1).outcome, Outcome::failed) << result.report();
  EXPECT_NE(result.verdicts[1].details.find("did not hold within 2s"), std::string::npos)
      << result.verdicts[1].details;
}

TEST(TcpChecks, AnAppTypeWithoutInspectLeavesTheChecksNotJudged) {
  const scenario::RunResult result = run_on_tcp("SecretCounter", 3);
  ASSERT_TRUE(result.error.empty()) << result.error;
  for (const scenario::Verdict& v : result.verdicts) {
    EXPECT_EQ(v.outcome, Outcome::not_reached) << result.report();
    EXPECT_NE(v.details.find("not judged on tcp"), std::string::npos) << v.details;
    EXPECT_NE(v.details.find("SecretCounter"), std::string::npos) << v.details;
    EXPECT_NE(v.details.find("THESPIS_INSPECT"), std::string::npos) << v.details;
  }
}

}  // namespace tcp_checks_test
