// The runner's reports and its handling of restarted nodes: expectations reach actors from a
// node that crashed and came back, the report speaks the scenario's names and the app's words,
// and a scenario built in code can be written out to be reproduced.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <thespis/scenario/program_name.hpp>
#include <thespis/scenario/runner.hpp>

namespace thespis::scenario {
namespace {

std::string bundled(const std::string& name) {
  return std::string(THESPIS_BUNDLED_DIR) + "/" + name;
}

/// A store on `primary` that counts three increments from a writer on `client`; then `node`
/// crashes at 500ms and restarts at 600ms (unless `restart` is false), and at 700ms the client
/// node sends the store a Get.
Scenario crash_and_restart(const std::string& node, bool restart = true) {
  const std::string restart_step =
      restart ? "      - {at: 600ms, restart: " + node + "}\n" : std::string();
  const std::string sender = restart ? "client" : "primary";
  return parse_scenario(R"(
app: kvstore
nodes: [{name: primary}, {name: client}]
actors:
  - {name: store, type: KvPrimary, node: primary}
  - {name: writer, type: KvClient, node: client}
phases:
  - name: load
    duration: 300ms
    steps:
      - {at: 0ms, send: {to: writer, message: {type: Workload, primary: store, key: x, count: 3}}}
  - name: faults
    duration: 1s
    steps:
      - {at: 500ms, crash: )" +
                            node + "}\n" + restart_step +
                            "      - {at: 700ms, send: {to: store, from: " + sender +
                            R"(, message: {type: Get, key: x}}}
expect:
  - reply:
      to: store
      from: client
      message: {type: Get, key: x}
      equals: {type: KvValue, key: x, value: 3}
      within: 1s
)",
                        "restart.yaml");
}

TEST(Runner, ReplyIsAskedFromANodeThatCrashedAndRestarted) {
  const RunResult r = run_scenario(crash_and_restart("client"));
  EXPECT_EQ(r.error, "") << "the client node's system must be made again after its restart";
  EXPECT_TRUE(r.passed) << r.report();
}

TEST(Runner, ReplyFromAnActorWhoseNodeRestartedEmptyFailsSayingWhy) {
  const RunResult r = run_scenario(crash_and_restart("primary"));
  EXPECT_EQ(r.error, "");
  ASSERT_FALSE(r.passed);
  ASSERT_EQ(r.verdicts.size(), 1u);
  EXPECT_EQ(r.verdicts[0].outcome, Verdict::Outcome::failed);
  EXPECT_NE(r.verdicts[0].details.find("no reply within 1s"), std::string::npos)
      << r.verdicts[0].details;
  EXPECT_NE(r.verdicts[0].details.find("store is gone: its node 'primary' went down"),
            std::string::npos)
      << r.verdicts[0].details;
}

TEST(Runner, ReplyFromANodeThatStaysDownFailsRatherThanBreakingTheRun) {
  const RunResult r = run_scenario(crash_and_restart("client", false));
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.verdicts.size(), 1u);
  EXPECT_EQ(r.verdicts[0].outcome, Verdict::Outcome::failed);
  EXPECT_NE(r.verdicts[0].details.find("node 'client' is down, so nothing asks store"),
            std::string::npos)
      << r.verdicts[0].details;
}

TEST(Runner, ReportNamesTheScenarioActorsAndDescribesTheFailedCheck) {
  const RunResult r = run_scenario(load_scenario(bundled("kv_retries_bug.yaml")));
  ASSERT_FALSE(r.passed);
  const std::string report = r.report();
  const std::string store = r.actor_addresses.at("store");
  EXPECT_NE(report.find("FAIL  always no_double_apply: violated at"), std::string::npos);
  EXPECT_NE(report.find("\n        no request is applied twice by a primary\n"), std::string::npos)
      << "the app's description of the failed check:\n"
      << report;
  EXPECT_EQ(report.find("all_acknowledged\n        every client"), std::string::npos)
      << "a check that did not fail is not described";
  const std::string events = report.substr(report.find("last events:"));
  EXPECT_NE(events.find(" store[primary] "), std::string::npos) << events;
  EXPECT_EQ(events.find(store + "["), std::string::npos) << "addresses are named:\n" << events;
  EXPECT_NE(report.find("actors: replica=" + r.actor_addresses.at("replica")), std::string::npos)
      << "the legend maps names back to the trace's addresses";
}

TEST(Runner, ReportReplacesWholeAddressesOnly) {
  RunResult r;
  r.file = "x.yaml";
  r.seed = 4;
  r.actor_addresses = {{"alice", "@1.2"}, {"bob", "@2.3"}};
  r.last_events = {"1ms #1 send @1.2[a] <-> @2.3 Hello{to: @1.23, back: @2.3}"};
  const std::string report = r.report();
  EXPECT_NE(report.find("1ms #1 send alice[a] <-> bob Hello{to: @1.23, back: bob}"),
            std::string::npos)
      << report;
}

TEST(Runner, ReproduceLinesNameTheRunningProgramAndWriteTracesHere) {
  RunResult r;
  r.file = "some/checkout/kv.yaml";
  r.seed = 7;
  set_program_name("/opt/my app/bin/my_thespis");
  const std::string report = r.report();
  set_program_name("thespis");
  EXPECT_NE(report.find("    /opt/my app/bin/my_thespis run some/checkout/kv.yaml --seed 7\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("--trace kv.seed-7.trace.jsonl"), std::string::npos)
      << "the trace goes to the working directory, not beside the scenario:\n"
      << report;
  EXPECT_NE(report.find("replay kv.seed-7.trace.tape"), std::string::npos) << report;
  EXPECT_EQ(trace_file_name(r), "kv.seed-7.trace.jsonl");
}

TEST(Runner, ProgramNamesAreRunnableFromAnotherFolder) {
  EXPECT_EQ(runnable_name("thespis"), "thespis") << "found on the PATH: as typed";
  const std::string relative = runnable_name("./build/../bin/thespis");
  EXPECT_TRUE(std::filesystem::path(relative).is_absolute()) << relative;
  EXPECT_EQ(relative, (std::filesystem::current_path() / "bin/thespis").string());
}

class FailingScenarioDir : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("thespis_runner_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(FailingScenarioDir, AFailingScenarioBuiltInCodeIsWrittenOnlyWhenAsked) {
  Scenario s = load_scenario(bundled("kv_retries_bug.yaml"));
  s.file.clear();  // as if built in code
  RunOptions options;
  options.seed = 3;
  const RunResult unwritten = run_scenario(s, options);
  ASSERT_FALSE(unwritten.passed);
  EXPECT_EQ(unwritten.file, "");
  EXPECT_NE(unwritten.report().find("RunOptions::failing_scenario_dir"), std::string::npos);

  options.failing_scenario_dir = dir_.string();
  const RunResult written = run_scenario(s, options);
  const std::filesystem::path file = dir_ / "kv-retries-bug.failing.yaml";
  ASSERT_EQ(written.file, file.string());
  EXPECT_NE(written.report().find("thespis run " + file.string() + " --seed 3"), std::string::npos)
      << written.report();
  // The file replays the failure on its own: it carries the seed the run used.
  const RunResult again = run_scenario(load_scenario(file.string()));
  EXPECT_EQ(again.trace_hash, written.trace_hash);
  EXPECT_EQ(again.violated, written.violated);
}

TEST_F(FailingScenarioDir, APassingScenarioBuiltInCodeIsNotWritten) {
  Scenario s = load_scenario(bundled("kv_retries.yaml"));
  s.file.clear();
  RunOptions options;
  options.failing_scenario_dir = dir_.string();
  EXPECT_TRUE(run_scenario(s, options).passed);
  EXPECT_FALSE(std::filesystem::exists(dir_));
}

TEST_F(FailingScenarioDir, AReplayedTapeIsWrittenWithItsTape) {
  Scenario s = load_scenario(bundled("kv_retries_bug.yaml"));
  s.file.clear();
  const RunResult first = run_scenario(s);
  ASSERT_FALSE(first.passed);
  RunOptions options;
  options.tape = first.tape;
  options.failing_scenario_dir = dir_.string();
  const RunResult replayed = run_scenario(s, options);
  ASSERT_FALSE(replayed.seed) << "a replayed tape has no seed";
  const Scenario loaded = load_scenario(replayed.file);
  EXPECT_FALSE(loaded.tape.empty());
  EXPECT_EQ(run_scenario(loaded).trace_hash, first.trace_hash);
}

}  // namespace
}  // namespace thespis::scenario
