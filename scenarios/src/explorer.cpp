#include <algorithm>

#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/program_name.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/value_codec.hpp>

namespace thespis::scenario {

SeedRange shard_of(SeedRange range, std::uint64_t shard, std::uint64_t shards) {
  const std::uint64_t base = range.count / shards;
  const std::uint64_t extra = range.count % shards;
  const std::uint64_t index = shard - 1;
  const std::uint64_t first = range.first + index * base + std::min(index, extra);
  return {first, base + (index < extra ? 1 : 0)};
}

SeedOutcome run_seed(const Scenario& scenario, std::uint64_t seed, const sim::Strategy& strategy,
                     std::chrono::nanoseconds max_time) {
  RunOptions options;
  options.max_time = max_time;
  options.seed = seed;
  options.strategy = &strategy;
  const RunResult result = run_scenario(scenario, options);
  SeedOutcome outcome{seed, result.passed, {}};
  if (!result.passed)
    outcome.violated = result.violated ? *result.violated : "error: " + result.error;
  return outcome;
}

void ExploreSummary::add(const SeedOutcome& outcome) {
  ++runs;
  if (outcome.passed) return;
  ++failed;
  auto& seeds = failures[outcome.violated];
  seeds.insert(std::upper_bound(seeds.begin(), seeds.end(), outcome.seed), outcome.seed);
}

std::string ExploreSummary::report() const {
  std::string out = scenario + ": " + std::to_string(runs) + " runs (" + strategy + ", seeds " +
                    std::to_string(range.first) + ".." +
                    std::to_string(range.first + range.count - 1) + "), " + std::to_string(failed) +
                    " failed\n";
  for (const auto& [expectation, seeds] : failures) {
    out += "  " + std::to_string(seeds.size()) + " x " + expectation + "\n    seeds:";
    for (std::size_t i = 0; i < seeds.size() && i < 20; ++i) out += " " + std::to_string(seeds[i]);
    if (seeds.size() > 20) out += " ...";
    out += "\n    reproduce: " + program_name() + " run " + scenario + " --seed " +
           std::to_string(seeds.front());
    if (strategy != "random") out += "   (explored with --strategy " + strategy + ")";
    out += "\n";
  }
  if (interrupted) {
    out += "  interrupted: " + std::to_string(runs) + " of " + std::to_string(range.count) +
           " seeds ran; the failures above are among them\n";
  }
  return out;
}

std::string ExploreSummary::to_json() const {
  std::string out = "{\"scenario\":";
  thespis::detail::render_string(out, scenario);
  out += ",\"strategy\":\"" + strategy + "\",\"first_seed\":" + std::to_string(range.first) +
         ",\"seeds\":" + std::to_string(range.count) + ",\"runs\":" + std::to_string(runs) +
         ",\"failed\":" + std::to_string(failed) + ",\"failures\":{";
  bool first = true;
  for (const auto& [expectation, seeds] : failures) {
    if (!first) out += ",";
    first = false;
    thespis::detail::render_string(out, expectation);
    out += ":[";
    for (std::size_t i = 0; i < seeds.size(); ++i) out += (i ? "," : "") + std::to_string(seeds[i]);
    out += "]";
  }
  out += "}";
  if (interrupted) out += ",\"interrupted\":true";
  return out + "}";
}

}  // namespace thespis::scenario
