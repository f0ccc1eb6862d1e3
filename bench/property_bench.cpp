// Property-based testing throughput. property_cases_per_second: cases of the counter store's
// property per second (examples/properties/kv_world: 3 nodes, a generated network, fault plan
// and workload; each case a whole simulated run with its expectations judged), target >= 1,000.
// property_counterexample_ms: finding the planted no-dedupe bug and shrinking it to its minimal
// counterexample (written and replayed from YAML), per RapidCheck seed.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#include <thespis/properties/property.hpp>

#include "figure_reporter.hpp"
#include "properties/kv_world.hpp"

namespace {

using namespace thespis::properties;

void kv_property_cases(benchmark::State& state) {
  std::uint64_t seed = 1;
  std::uint64_t cases = 0;
  for (auto _ : state) {
    const PropertyOutcome outcome =
        check_property("bench/kv", kv_properties::correct_store_keeps_its_expectations,
                       {.seed = seed++, .max_success = 100, .counterexample_dir = std::nullopt});
    if (!outcome.passed) state.SkipWithError(outcome.message.c_str());
    cases += static_cast<std::uint64_t>(outcome.cases);
  }
  state.counters["property_cases_per_second"] =
      benchmark::Counter(static_cast<double>(cases), benchmark::Counter::kIsRate);
}
BENCHMARK(kv_property_cases)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void kv_counterexample(benchmark::State& state) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / "thespis-bench-counterexamples").string();
  std::uint64_t seed = 1;
  for (auto _ : state) {
    const PropertyOutcome outcome = check_property(
        "bench/kv-no-dedupe", kv_properties::store_without_dedupe_keeps_its_expectations,
        {.seed = seed++, .max_success = std::nullopt, .counterexample_dir = dir});
    benchmark::DoNotOptimize(outcome.passed);
  }
  std::filesystem::remove_all(dir);
  state.counters["property_counterexample_ms"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / 1000.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(kv_counterexample)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(std::map<std::string, std::string>{
      {"property_cases_per_second", "cases/s"}, {"property_counterexample_ms", "ms"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
