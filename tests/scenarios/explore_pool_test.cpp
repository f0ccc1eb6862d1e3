// Exploring in worker processes: the merged outcomes are those of running every seed in one
// process, a worker that throws or dies is reported, never taken for a clean sweep, and an
// exploration stopped early (Ctrl-C) keeps what ran and leaves no worker behind.
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/scenario/explore_pool.hpp>
#include <thespis/scenario/explorer.hpp>

namespace thespis::scenario {
namespace {

Scenario kv_bug() {
  return load_scenario(std::string(THESPIS_BUNDLED_DIR) + "/kv_retries_bug.yaml");
}

/// The random strategy, except that the run of seed `broken` breaks as `how` says.
class BreakingStrategy final : public sim::Strategy {
 public:
  enum class How { throws, dies };
  BreakingStrategy(std::uint64_t broken, How how) : broken_(broken), how_(how) {}

  std::string_view name() const override { return "breaking"; }
  sim::SimOptions options_for(std::uint64_t seed, const sim::SimOptions& base) const override {
    if (seed == broken_ && how_ == How::throws) throw std::runtime_error("the strategy broke");
    if (seed == broken_ && how_ == How::dies) std::raise(SIGKILL);
    return random_->options_for(seed, base);
  }

 private:
  std::uint64_t broken_;
  How how_;
  std::unique_ptr<sim::Strategy> random_ = sim::random_strategy();
};

TEST(ExplorePool, MergesTheOutcomesOfEverySeedAsOneProcessWould) {
  const Scenario s = kv_bug();
  const auto strategy = sim::random_strategy();
  const SeedRange range{11, 7};
  ExploreSummary alone;
  alone.range = range;
  for (std::uint64_t seed = range.first; seed < range.first + range.count; ++seed) {
    alone.add(run_seed(s, seed, *strategy));
  }
  std::uint64_t reports = 0;
  ProcessPoolOptions options;
  options.jobs = 3;
  options.on_report = [&](const ExploreSummary&) { ++reports; };
  const PoolResult pooled = explore_in_processes(s, *strategy, range, options);
  EXPECT_TRUE(pooled.complete()) << pooled.stopped;
  EXPECT_EQ(pooled.summary.runs, range.count);
  EXPECT_EQ(pooled.summary.failed, alone.failed);
  EXPECT_EQ(pooled.summary.failures, alone.failures);
  EXPECT_EQ(pooled.summary.report(), alone.report());
  EXPECT_EQ(reports, range.count);
}

/// Explores `range` with two workers, the run of seed `broken` breaking as `how` says.
PoolResult explore_breaking(std::uint64_t broken, BreakingStrategy::How how, SeedRange range) {
  ProcessPoolOptions options;
  options.jobs = 2;
  return explore_in_processes(kv_bug(), BreakingStrategy(broken, how), range, options);
}

TEST(ExplorePool, ReportsTheExceptionAWorkerStoppedAt) {
  const PoolResult result = explore_breaking(3, BreakingStrategy::How::throws, {1, 6});
  EXPECT_FALSE(result.complete());
  EXPECT_EQ(result.stopped, "seed 3: the strategy broke");
  // Seed 3's worker runs 1, 3, 5 and stops at 3; the other runs 2, 4, 6.
  EXPECT_EQ(result.summary.runs, 4u);
}

TEST(ExplorePool, ReportsAWorkerThatDied) {
  const PoolResult result = explore_breaking(2, BreakingStrategy::How::dies, {1, 4});
  EXPECT_FALSE(result.complete());
  EXPECT_EQ(result.stopped, "a worker was killed by signal 9");
  EXPECT_EQ(result.summary.runs, 2u);  // seeds 1 and 3; the worker of 2 and 4 died at 2
}

/// A pipe whose read end a pool watches; the test writes to it as a SIGINT handler would.
struct StopPipe {
  StopPipe() { EXPECT_EQ(pipe(fds), 0); }
  ~StopPipe() {
    close(fds[0]);
    close(fds[1]);
  }
  void stop() const { EXPECT_EQ(write(fds[1], "i", 1), 1); }
  int fds[2] = {-1, -1};
};

bool no_child_left() { return waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD; }

TEST(ExplorePool, StoppedEarlyKeepsTheSeedsThatRanAndReapsEveryWorker) {
  const Scenario s = kv_bug();
  const auto strategy = sim::random_strategy();
  const SeedRange range{1, 1'000'000'000};
  StopPipe stop;
  ProcessPoolOptions options;
  options.jobs = 2;
  options.stop_fd = stop.fds[0];
  options.on_report = [&](const ExploreSummary& summary) {
    if (summary.runs == 10) stop.stop();
  };
  const PoolResult result = explore_in_processes(s, *strategy, range, options);
  EXPECT_TRUE(result.interrupted);
  EXPECT_TRUE(result.summary.interrupted);
  EXPECT_EQ(result.stopped, "interrupted");
  EXPECT_GE(result.summary.runs, 10u) << "what ran before the stop is kept";
  EXPECT_LT(result.summary.runs, range.count);
  std::uint64_t listed = 0;
  for (const auto& [expectation, seeds] : result.summary.failures) listed += seeds.size();
  EXPECT_EQ(listed, result.summary.failed);
  EXPECT_GT(result.summary.failed, 0u) << "seeds 1 to 20 of the bug all fail";
  EXPECT_NE(result.summary.report().find("interrupted: "), std::string::npos);
  EXPECT_NE(result.summary.to_json().find("\"interrupted\":true"), std::string::npos);
  EXPECT_TRUE(no_child_left()) << "every worker is killed and reaped";
}

TEST(ExplorePool, AStopAfterTheLastSeedIsAComplete) {
  const auto strategy = sim::random_strategy();
  const SeedRange range{1, 6};
  StopPipe stop;
  ProcessPoolOptions options;
  options.jobs = 2;
  options.stop_fd = stop.fds[0];
  options.on_report = [&](const ExploreSummary& summary) {
    if (summary.runs == range.count) stop.stop();
  };
  const PoolResult result = explore_in_processes(kv_bug(), *strategy, range, options);
  EXPECT_TRUE(result.complete()) << result.stopped;
  EXPECT_FALSE(result.interrupted);
  EXPECT_EQ(result.summary.runs, range.count);
  EXPECT_EQ(result.summary.to_json().find("interrupted"), std::string::npos);
  EXPECT_TRUE(no_child_left());
}

}  // namespace
}  // namespace thespis::scenario
