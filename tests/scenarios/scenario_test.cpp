// Scenarios end to end: reading and writing, determinism, the bundled verdicts, exploration
// and shrinking.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thespis/error.hpp>
#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/run_record.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/shrink.hpp>

namespace thespis::scenario {
namespace {

std::string bundled(const std::string& name) {
  return std::string(THESPIS_BUNDLED_DIR) + "/" + name;
}

TEST(Scenario, WrittenYamlReadsBackToTheSameScenario) {
  for (const auto& entry : std::filesystem::directory_iterator(THESPIS_BUNDLED_DIR)) {
    const Scenario original = load_scenario(entry.path().string());
    const std::string text = to_yaml(original);
    const Scenario again = parse_scenario(text, "again.yaml");
    EXPECT_EQ(to_yaml(again), text) << entry.path();
    EXPECT_EQ(again.step_count(), original.step_count());
    EXPECT_EQ(again.fault_count(), original.fault_count());
    EXPECT_EQ(run_scenario(again).trace_hash, run_scenario(original).trace_hash) << entry.path();
  }
}

TEST(Scenario, AMessageBuiltInCodeIsWrittenWithItsType) {
  // A scenario built in code names a message's type in MessageSpec::type alone; the loader keeps
  // `type` among the fields as well. Both must write a file that reads back.
  const Scenario original = load_scenario(bundled("election_clock_jump.yaml"));
  Scenario in_code = original;
  for (Phase& phase : in_code.phases) {
    for (Step& step : phase.steps) {
      std::erase_if(step.message.fields.fields, [](const auto& f) { return f.first == "type"; });
    }
  }
  const Scenario again = parse_scenario(to_yaml(in_code), "in-code.yaml");
  EXPECT_EQ(to_yaml(again), to_yaml(original));
  EXPECT_EQ(run_scenario(again).trace_hash, run_scenario(original).trace_hash);
}

TEST(Scenario, SameFileTwiceGivesTheSameTraceHash) {
  const Scenario s = load_scenario(bundled("kv_retries.yaml"));
  const RunResult first = run_scenario(s);
  const RunResult second = run_scenario(s);
  EXPECT_EQ(first.trace_hash, second.trace_hash);
  EXPECT_EQ(first.tape, second.tape);
  RunOptions other;
  other.seed = 2;
  EXPECT_NE(run_scenario(s, other).trace_hash, first.trace_hash);
}

TEST(Scenario, BundledScenariosPassOrFailAsMeant) {
  for (const auto& entry : std::filesystem::directory_iterator(THESPIS_BUNDLED_DIR)) {
    const std::string name = entry.path().filename().string();
    const RunResult result = run_scenario(load_scenario(entry.path().string()));
    if (name.find("_bug") == std::string::npos) {
      EXPECT_TRUE(result.passed) << name << "\n" << result.report();
    } else {
      ASSERT_FALSE(result.passed) << name;
      ASSERT_TRUE(result.violated) << name << ": " << result.error;
      EXPECT_TRUE(*result.violated == "always no_double_apply" ||
                  *result.violated == "always single_leader" ||
                  *result.violated == "always books_balance" ||
                  *result.violated == "always reads_fresh" ||
                  *result.violated == "eventually every AcquireLock answered_by LockGranted")
          << name << ": " << *result.violated;
      EXPECT_NE(result.report().find("violated: " + *result.violated), std::string::npos);
      EXPECT_NE(result.report().find("thespis run"), std::string::npos) << "reproduce commands";
    }
  }
}

TEST(Scenario, RecordedTapeReplaysTheRun) {
  RunOptions recorded;
  recorded.record_trace = true;
  const Scenario s = load_scenario(bundled("election_random_faults_bug.yaml"));
  const RunResult first = run_scenario(s, recorded);
  RunOptions replay;
  replay.tape = first.tape;
  const RunResult again = run_scenario(s, replay);
  EXPECT_EQ(again.trace_hash, first.trace_hash);
  EXPECT_FALSE(again.seed.has_value());
  EXPECT_FALSE(first.trace_jsonl.empty());
  EXPECT_FALSE(first.applied_faults.empty());
}

TEST(Scenario, RunRecordReplaysAndConfirmsItsHash) {
  const std::string scenario = bundled("kv_retries_bug.yaml");
  const RunResult result = run_scenario(load_scenario(scenario));
  const std::string path = ::testing::TempDir() + "/kv.tape";
  write_run_record(result, path);
  const Replay replay = replay_record(path);
  EXPECT_TRUE(replay.matches);
  EXPECT_FALSE(replay.ok()) << "the recorded run fails";
  EXPECT_EQ(replay.record.hash, result.trace_hash);
  EXPECT_EQ(replay.rerun.violated, result.violated);
}

TEST(Explore, FindsTheElectionBugWithinTwoThousandSeeds) {
  const Scenario s = load_scenario(bundled("election_random_faults_bug.yaml"));
  const auto strategy = sim::random_strategy();
  std::uint64_t seed = 1;
  for (; seed <= 2000; ++seed) {
    if (!run_seed(s, seed, *strategy).passed) break;
  }
  EXPECT_LE(seed, 2000u);
  std::cout << "election bug: first failing seed " << seed << "\n";
  const Scenario correct = load_scenario(bundled("election_random_faults.yaml"));
  ExploreSummary summary;
  for (std::uint64_t s2 = 1; s2 <= 100; ++s2) summary.add(run_seed(correct, s2, *strategy));
  EXPECT_EQ(summary.failed, 0u) << summary.report();
}

TEST(Explore, SummaryGroupsFailuresAndWritesJson) {
  ExploreSummary summary;
  summary.scenario = "x.yaml";
  summary.range = {1, 4};
  summary.add({3, false, "always a", {}});
  summary.add({1, false, "always a", {}});
  summary.add({2, true, "", {}});
  summary.add({4, false, "reply from b to Get", {}});
  EXPECT_EQ(summary.failures.at("always a"), (std::vector<std::uint64_t>{1, 3}));
  EXPECT_EQ(
      summary.to_json(),
      "{\"scenario\":\"x.yaml\",\"strategy\":\"random\",\"first_seed\":1,\"seeds\":4,"
      "\"runs\":4,\"failed\":3,\"failures\":{\"always a\":[1,3],\"reply from b to Get\":[4]}}");
  EXPECT_NE(summary.report().find("reproduce: thespis run x.yaml --seed 1\n"), std::string::npos)
      << summary.report();
}

// A seed explored under a strategy reproduces only under it: the reproduce line says so with
// the flags `thespis run` takes, and names the seed's record.
TEST(Explore, ReproduceLinesCarryTheStrategyAndItsRecord) {
  ExploreSummary summary;
  summary.scenario = "x.yaml";
  summary.strategy = {.name = "pct", .pct_depth = 2, .pct_steps = 8};
  summary.records = "out";
  summary.range = {1, 2};
  summary.add({2, false, "always a", {}});
  const std::string report = summary.report();
  EXPECT_NE(report.find("(pct depth 2 steps 8, seeds 1..2)"), std::string::npos) << report;
  EXPECT_NE(report.find("reproduce: thespis run x.yaml --seed 2 --strategy pct --pct-depth 2 "
                        "--pct-steps 8\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("replay:    thespis replay out/x-pct-d2-s8-seed2.tape\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(summary.to_json(),
            "{\"scenario\":\"x.yaml\",\"strategy\":\"pct\",\"pct_depth\":2,\"pct_steps\":8,"
            "\"records\":\"out\",\"first_seed\":1,\"seeds\":2,\"runs\":1,\"failed\":1,"
            "\"failures\":{\"always a\":[2]}}");
}

RC_GTEST_PROP(Explore, ShardsCoverTheRangeExactlyOnce, ()) {
  const SeedRange range{*rc::gen::inRange<std::uint64_t>(0, 1000),
                        *rc::gen::inRange<std::uint64_t>(0, 5000)};
  const auto shards = *rc::gen::inRange<std::uint64_t>(1, 40);
  std::uint64_t next = range.first;
  for (std::uint64_t k = 1; k <= shards; ++k) {
    const SeedRange slice = shard_of(range, k, shards);
    RC_ASSERT(slice.first == next);
    RC_ASSERT(slice.count + 1 >= range.count / shards);
    next += slice.count;
  }
  RC_ASSERT(next == range.first + range.count);
}

TEST(Shrink, ReducesTheRandomFaultRunToAThirdAndStillFails) {
  const Scenario s = load_scenario(bundled("election_random_faults_bug.yaml"));
  ShrinkOptions options;
  options.seed = s.seed;
  const ShrinkResult result = shrink(s, options);
  std::cout << "shrink: faults " << result.before.faults << " -> " << result.after.faults
            << ", events " << result.before.events << " -> " << result.after.events << ", steps "
            << result.before.steps << " -> " << result.after.steps << " in " << result.runs
            << " runs\n";
  EXPECT_EQ(result.expectation, "always single_leader");
  EXPECT_LE(result.after.faults * 3, result.before.faults);
  EXPECT_LE(result.after.events * 3, result.before.events);
  // The written file is a normal scenario that fails the same way when run.
  const Scenario minimal = parse_scenario(to_yaml(result.minimal), "min.yaml");
  const RunResult rerun = run_scenario(minimal);
  EXPECT_FALSE(rerun.passed);
  EXPECT_EQ(rerun.violated, std::optional<std::string>("always single_leader"));
  EXPECT_EQ(rerun.events, result.after.events);
}

TEST(Shrink, RefusesARunThatPasses) {
  const Scenario s = load_scenario(bundled("kv_retries.yaml"));
  ShrinkOptions options;
  options.seed = 1;
  EXPECT_THROW(shrink(s, options), Error);
}

}  // namespace
}  // namespace thespis::scenario
