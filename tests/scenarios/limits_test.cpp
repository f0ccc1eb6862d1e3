// The limits on scenario input (thespis/scenario/limits.hpp): load limits set small to show
// where each is checked, numbers at their bounds, and the limit on simulated time.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include <thespis/error.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/scenario.hpp>

namespace thespis::scenario {
namespace {

using namespace std::chrono_literals;

const std::string world = R"(app: kvstore
nodes:
  - {name: primary}
  - {name: client}
actors:
  - {name: store, type: KvPrimary, node: primary}
  - {name: writer, type: KvClient, node: client}
)";

/// The message of the ScenarioError that parsing `text` throws, or "" if it parses.
std::string error_of(const std::string& text, const LoadLimits& limits = {}) {
  try {
    parse_scenario(text, "x.yaml", limits);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::string max_time_error(const Scenario& s, std::chrono::nanoseconds max_time) {
  try {
    check_max_time(s, max_time);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(Limits, AliasesWithinTheLimitsExpandAsWritten) {
  const Scenario s = parse_scenario(world + R"(duration: 1s
steps:
  - &crash {at: 10ms, crash: primary}
  - *crash
)",
                                    "x.yaml");
  ASSERT_EQ(s.phases.at(0).steps.size(), 2u);
  EXPECT_EQ(s.phases[0].steps[1].at, 10ms);
}

TEST(Limits, NodeLimitCountsKeysAndAliasesAndNamesTheField) {
  const std::string text = world + "duration: 1s\n";
  // 29 nodes: the root, 4 keys and their values (app, nodes, actors, duration), 7 in the list
  // of nodes (2 mappings of 1 key and value each), 15 in the list of actors.
  EXPECT_EQ(error_of(text, {.max_nodes = 29}), "");
  EXPECT_EQ(error_of(text, {.max_nodes = 28}),
            "x.yaml:8:11: duration: the file has more than 28 YAML nodes, the most a scenario "
            "may have");
  EXPECT_EQ(error_of("a: &a [1, 2, 3]\nb: [*a, *a]\n", {.max_nodes = 12}),
            "x.yaml:2:9: b[1]: this alias expands the file past 12 YAML nodes, the most a "
            "scenario may have");
}

TEST(Limits, TextLimitCountsWhatAnAliasRepeats) {
  EXPECT_EQ(
      error_of("a: &a '" + std::string(40, 'y') + "'\nb: [*a, *a]\n", {.max_text_bytes = 100}),
      "x.yaml:2:9: b[1]: this alias expands the file past 100 bytes of text, the most a "
      "scenario may have");
}

TEST(Limits, DepthLimitCountsWhatAnAliasNests) {
  EXPECT_EQ(error_of("a: &a [[1]]\nb: [*a]\n", {.max_depth = 3}),
            "x.yaml:2:5: b[0]: nested more than 3 levels deep (aliases expanded), the most a "
            "scenario may have");
}

TEST(Limits, FileSizeIsCheckedFirst) {
  EXPECT_EQ(error_of(world, {.max_file_bytes = 100}),
            "x.yaml: is " + std::to_string(world.size()) +
                " bytes, more than a scenario file may have (100 bytes)");
}

TEST(Limits, KeyGivenTwiceIsNamedWithItsPath) {
  EXPECT_EQ(error_of(world + "network: {drop: 1%, drop: 2%}\nduration: 1s\n"),
            "x.yaml:8:21: network.drop: given twice");
}

TEST(Limits, DurationsAtTheirBounds) {
  const auto skew = [](const std::string& offset) {
    return error_of(world + "duration: 1s\nsteps:\n  - {skew: {node: primary, offset: " + offset +
                    "}}\n");
  };
  EXPECT_EQ(skew("100000h"), "");
  EXPECT_EQ(skew("-100000h"), "");
  EXPECT_EQ(skew("360000000000000000ns"), "");
  EXPECT_EQ(skew("100001h"),
            "x.yaml:10:36: steps[0].skew.offset: 100001h is too large (the most is 100000h)");
  EXPECT_EQ(skew("-100001h"),
            "x.yaml:10:36: steps[0].skew.offset: -100001h is too far below zero (the least is "
            "-100000h)");
  EXPECT_EQ(skew("-99999999999999999999h"),
            "x.yaml:10:36: steps[0].skew.offset: -99999999999999999999h is too far below zero "
            "(the least is -100000h)");
  EXPECT_EQ(skew("1e400s"),
            "x.yaml:10:36: steps[0].skew.offset: 1e400s is too large (the most is 100000h)");
  EXPECT_EQ(skew("1e-400s"), "") << "too small to be any time: 0";
  EXPECT_EQ(skew("nanms"),
            "x.yaml:10:36: steps[0].skew.offset: expected a duration with a unit (ns, us, ms, s, "
            "min, h), e.g. 5ms, got 'nanms'");
}

TEST(Limits, PhasesMayAddUpToTheLongestDuration) {
  std::string text = world + "phases:\n";
  for (int i = 0; i < 3; ++i) text += "  - {duration: 50000h}\n";
  EXPECT_EQ(error_of(text),
            "x.yaml:11:16: phases[2].duration: the phases add up to more than 100000h, the "
            "longest a scenario may run");
}

TEST(Limits, MaxTimeFromText) {
  EXPECT_EQ(max_time_from_text("90min"), 90min);
  EXPECT_EQ(max_time_from_text("100000h"), longest_duration);
  const auto error = [](const std::string& text) {
    try {
      max_time_from_text(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error("0s"), "--max-time must be more than 0, got 0s");
  EXPECT_EQ(error("-1h"), "--max-time must be more than 0, got -1h");
  EXPECT_EQ(error("2"),
            "--max-time expects a duration with a unit (ns, us, ms, s, min, h), e.g. 2h, got '2'");
  EXPECT_EQ(error("100001h"), "--max-time 100001h is too large (the most is 100000h)");
}

TEST(Limits, MaxTimeNamesTheExpectationThatWouldPassIt) {
  const Scenario s = parse_scenario(world + R"(duration: 30min
expect:
  - eventually: {check: all_acknowledged, within: 40min}
  - quiescent_by: 50min
)",
                                    "x.yaml");
  EXPECT_EQ(max_time_error(s, 50min), "");
  EXPECT_EQ(max_time_error(s, 49min),
            "x.yaml:11:5: expect[1].quiescent_by: the run would reach 50min of virtual time, "
            "past the maximum of 49min (raise it with --max-time)");
  EXPECT_EQ(max_time_error(s, 39min),
            "x.yaml:10:5: expect[0].eventually.within: the run would reach 40min of virtual "
            "time, past the maximum of 39min (raise it with --max-time)");
  EXPECT_EQ(max_time_error(s, 29min),
            "x.yaml:8:11: duration: the run would reach 30min of virtual time, past the maximum "
            "of 29min (raise it with --max-time)");
}

TEST(Limits, RunScenarioRefusesARunPastMaxTimeAndNeverPassesIt) {
  // echo.yaml: 2s of phases, then a reply within 1s (the eventually check's 1s is inside them).
  const Scenario s = load_scenario(std::string(THESPIS_BUNDLED_DIR) + "/echo.yaml");
  RunOptions options;
  options.max_time = 2999ms;
  EXPECT_THROW(run_scenario(s, options), ScenarioError);
  options.max_time = 3s;
  const RunResult result = run_scenario(s, options);
  EXPECT_TRUE(result.passed) << result.report();
  EXPECT_LE(result.time, 3s);
  options.max_time = 0s;
  EXPECT_THROW(run_scenario(s, options), Error);
}

}  // namespace
}  // namespace thespis::scenario
