// Whole runs of the bundled key-value scenario (scenarios/bundled/kv_retries.yaml: three nodes,
// udp with loss and duplication, 40 increments, replication, four expectations), one fresh run
// per iteration with a new seed: scenario_runs_per_second.
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#include <thespis/scenario/runner.hpp>

#include "figure_reporter.hpp"

namespace {

void scenario_runs(benchmark::State& state) {
  const thespis::scenario::Scenario scenario =
      thespis::scenario::load_scenario(std::string(THESPIS_BUNDLED_DIR) + "/kv_retries.yaml");
  std::uint64_t seed = 1;
  std::uint64_t runs = 0;
  for (auto _ : state) {
    thespis::scenario::RunOptions options;
    options.seed = seed++;
    const auto result = thespis::scenario::run_scenario(scenario, options);
    if (!result.passed) state.SkipWithError("the scenario failed");
    ++runs;
  }
  state.counters["scenario_runs_per_second"] =
      benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
}
BENCHMARK(scenario_runs)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(
      std::map<std::string, std::string>{{"scenario_runs_per_second", "runs/s"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
