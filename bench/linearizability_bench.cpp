// The linearizability checker on generated histories of 1,000 operations from 5 clients (a
// register, and a key-value store over 8 keys), correct ones, so the whole search runs:
// linearizability_ops_per_second is register operations checked per second (the acceptance: a
// history of 1,000 operations in under a second, i.e. at least 1,000 ops/s), and
// linearizability_kv_ops_per_second the same for the key-value store.
#include <cstdint>
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#include <thespis/properties/kv_model.hpp>
#include <thespis/properties/linearizability.hpp>
#include <thespis/properties/register_model.hpp>

#include "figure_reporter.hpp"
#include "properties/register_history.hpp"

namespace {

using namespace thespis::properties;

void check_histories(benchmark::State& state, const Model<std::int64_t>& model, bool key_value,
                     const char* figure) {
  std::uint64_t seed = 1;
  std::uint64_t operations = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const History history =
        registers::generate_register_history({.seed = seed++, .key_value = key_value});
    state.ResumeTiming();
    if (!check_linearizable(model, history).linearizable()) {
      state.SkipWithError("a correct history was reported");
    }
    operations += history.size();
  }
  state.counters[figure] =
      benchmark::Counter(static_cast<double>(operations), benchmark::Counter::kIsRate);
}

void register_histories(benchmark::State& state) {
  check_histories(state, register_model(), false, "linearizability_ops_per_second");
}
BENCHMARK(register_histories)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void kv_histories(benchmark::State& state) {
  check_histories(state, kv_model(), true, "linearizability_kv_ops_per_second");
}
BENCHMARK(kv_histories)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(std::map<std::string, std::string>{
      {"linearizability_ops_per_second", "ops/s"}, {"linearizability_kv_ops_per_second", "ops/s"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
