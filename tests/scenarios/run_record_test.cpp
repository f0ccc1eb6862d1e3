// Run records and strategies: every failing seed of every strategy reruns as failing with the
// same trace hash, from its seed and strategy and from its record alone; a record names its
// scenario relative to itself; a replay of an edited scenario names the first divergent event.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <thespis/error.hpp>
#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/run_record.hpp>
#include <thespis/scenario/runner.hpp>

namespace thespis::scenario {
namespace {

namespace fs = std::filesystem;

std::string bundled(const std::string& name) {
  return std::string(THESPIS_BUNDLED_DIR) + "/" + name;
}

/// An empty folder of its own under the test's temporary folder.
fs::path fresh_folder(const std::string& name) {
  const fs::path folder = fs::path(::testing::TempDir()) / ("run_record_test_" + name);
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

sim::StrategySpec pct_for(const Scenario& s) {
  return {.name = "pct", .pct_depth = 2, .pct_steps = estimate_pct_steps(s)};
}

// The ledger's ordering bug under swarm and PCT: each failing seed leaves a record; the seed with
// its strategy, and the record alone, give the same failing run. Swarm's failing seeds pass
// without the strategy, so a rerun that ignored it could not pass this test.
TEST(RunRecord, EveryFailingSeedOfEveryStrategyRerunsExactly) {
  const Scenario s = load_scenario(bundled("ledger_ordering_bug.yaml"));
  for (const sim::StrategySpec& spec : {sim::StrategySpec{.name = "swarm"}, pct_for(s)}) {
    const fs::path records = fresh_folder(spec.name);
    const auto strategy = sim::make_strategy(spec);
    std::uint64_t failures = 0;
    std::uint64_t pass_without_strategy = 0;
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
      const SeedOutcome outcome = run_seed(s, seed, *strategy, default_max_time, records.string());
      const fs::path record = records / record_name(s.file, spec, seed);
      ASSERT_EQ(fs::exists(record), !outcome.passed) << spec.name << " seed " << seed;
      if (outcome.passed) continue;
      ++failures;
      RunOptions again;
      again.seed = seed;
      again.strategy = strategy.get();
      const RunResult rerun = run_scenario(s, again);
      EXPECT_FALSE(rerun.passed) << spec.name << " seed " << seed;
      EXPECT_EQ(rerun.violated, std::optional<std::string>("always books_balance"));
      EXPECT_EQ(rerun.strategy, spec);
      EXPECT_NE(rerun.report().find("--seed " + std::to_string(seed) + strategy_flags(spec)),
                std::string::npos)
          << rerun.report();
      const Replay replay = replay_record(record.string());
      EXPECT_TRUE(replay.matches) << replay.report();
      EXPECT_FALSE(replay.ok()) << "a failing run replayed is a failure";
      EXPECT_EQ(replay.rerun.trace_hash, rerun.trace_hash);
      EXPECT_EQ(replay.record.strategy, spec);
      EXPECT_EQ(replay.record.seed, std::optional<std::uint64_t>(seed));
      RunOptions plain;
      plain.seed = seed;
      pass_without_strategy += run_scenario(s, plain).passed ? 1 : 0;
    }
    EXPECT_GT(failures, 0u) << spec.name;
    EXPECT_GT(pass_without_strategy, 0u) << spec.name;
  }
}

TEST(RunRecord, NamesItsScenarioRelativeToItself) {
  const fs::path folder = fresh_folder("relative");
  fs::create_directories(folder / "records" / "deep");
  fs::copy_file(bundled("kv_retries_bug.yaml"), folder / "kv bug.yaml");
  const RunResult result = run_scenario(load_scenario((folder / "kv bug.yaml").string()));
  const fs::path record = folder / "records" / "deep" / "kv.tape";
  write_run_record(result, record.string());
  const std::string header = read(record).substr(0, read(record).find('\n'));
  EXPECT_NE(header.find(" scenario=../../kv%20bug.yaml "), std::string::npos) << header;
  EXPECT_NE(header.find(" strategy=random "), std::string::npos) << header;
  // The pair moves together; the record still finds its scenario.
  fs::rename(folder / "records", folder / "moved");
  fs::create_directories(folder / "elsewhere");
  fs::rename(folder / "kv bug.yaml", folder / "elsewhere" / "kv bug.yaml");
  fs::rename(folder / "moved", folder / "elsewhere" / "moved");
  const Replay replay =
      replay_record((folder / "elsewhere" / "moved" / "deep" / "kv.tape").string());
  EXPECT_TRUE(fs::equivalent(replay.record.scenario, folder / "elsewhere" / "kv bug.yaml"));
  EXPECT_TRUE(replay.matches);
  EXPECT_EQ(replay.rerun.violated, result.violated);
}

TEST(RunRecord, AVersionOneRecordNamesItsScenarioAsGiven) {
  const fs::path folder = fresh_folder("version1");
  const fs::path record = folder / "old.tape";
  write(record, "thespis-tape 1 seed=1 choices=2 scenario=" + bundled("kv_retries.yaml") +
                    " hash=7\n0 0\n");
  const RunRecord read_back = read_run_record(record.string());
  EXPECT_EQ(read_back.scenario, bundled("kv_retries.yaml"));
  EXPECT_EQ(read_back.tape, (std::vector<std::uint64_t>{0, 0, 0}));
  EXPECT_EQ(read_back.strategy, sim::StrategySpec{});
  write(record, "thespis-tape 2 choices=0 hash=7\n");
  EXPECT_THROW(read_run_record(record.string()), ScenarioError);
}

TEST(RunRecord, ReplayOfAnEditedMessageNamesTheFirstDivergentEvent) {
  const fs::path folder = fresh_folder("edited");
  const fs::path scenario = folder / "kv.yaml";
  fs::copy_file(bundled("kv_retries.yaml"), scenario);
  RunOptions recorded;
  recorded.record_trace = true;
  const RunResult result = run_scenario(load_scenario(scenario.string()), recorded);
  write(folder / "kv.jsonl", result.trace_jsonl);
  write_run_record(result, (folder / "kv.tape").string(), (folder / "kv.jsonl").string());
  ASSERT_TRUE(replay_record((folder / "kv.tape").string()).ok());

  std::string text = read(scenario);
  const auto at = text.find("key: x, count: 40");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 17, "key: x, count: 41");
  write(scenario, text);
  const Replay replay = replay_record((folder / "kv.tape").string());
  EXPECT_FALSE(replay.matches);
  ASSERT_TRUE(replay.divergence) << replay.report();
  // The send that carries the edited field, not a later event whose effect differs.
  const std::string send_line = [&] {
    std::istringstream lines(result.trace_jsonl);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("Workload{") != std::string::npos) return line;
    }
    return std::string();
  }();
  ASSERT_FALSE(send_line.empty());
  EXPECT_EQ(replay.divergence->expected, describe_trace_line(send_line));
  EXPECT_NE(replay.divergence->expected.find(" send "), std::string::npos);
  EXPECT_NE(replay.divergence->expected.find("count: 40"), std::string::npos);
  EXPECT_NE(replay.divergence->got.find("count: 41"), std::string::npos) << replay.divergence->got;
  EXPECT_NE(
      replay.report().find("first divergent event #" + std::to_string(replay.divergence->index)),
      std::string::npos);
}

TEST(RunRecord, TraceLinesReadBackAsTheTraceWritesThem) {
  RunOptions recorded;
  recorded.record_trace = true;
  const Scenario s = load_scenario(bundled("election_random_faults_bug.yaml"));
  const RunResult result = run_scenario(s, recorded);
  std::istringstream lines(result.trace_jsonl);
  std::size_t seen = 0;
  for (std::string line; std::getline(lines, line) && seen < 400; ++seen) {
    EXPECT_NE(describe_trace_line(line), line);
    EXPECT_NE(describe_trace_line(line).find(" #" + std::to_string(seen) + " "), std::string::npos)
        << describe_trace_line(line);
  }
  EXPECT_EQ(seen, 400u);
  EXPECT_EQ(describe_trace_line("{\"index\":3,\"kind\":\"log\",\"text\":\"a \\\"b\\\"\\x01\"}"),
            "0.000000ms #3 log  | a \"b\"\x01");
  EXPECT_EQ(describe_trace_line("not json"), "not json");
}

TEST(Strategy, PctStepsAreTheCalmRunsSchedulingSteps) {
  const Scenario s = load_scenario(bundled("ledger_ordering_bug.yaml"));
  RunOptions calm;
  calm.tape = {0};
  const std::uint64_t steps = estimate_pct_steps(s);
  EXPECT_EQ(steps, run_scenario(s, calm).scheduling_steps);
  EXPECT_GT(steps, 1u);
  EXPECT_LT(steps, run_scenario(s, calm).events);
  EXPECT_EQ(strategy_flags({.name = "random"}), "");
  EXPECT_EQ(strategy_flags({.name = "swarm"}), " --strategy swarm");
  EXPECT_EQ(strategy_flags({.name = "pct", .pct_depth = 3, .pct_steps = 9}),
            " --strategy pct --pct-depth 3 --pct-steps 9");
}

}  // namespace
}  // namespace thespis::scenario
