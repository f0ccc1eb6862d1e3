#include <algorithm>
#include <filesystem>

#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/program_name.hpp>
#include <thespis/scenario/run_record.hpp>
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
                     std::chrono::nanoseconds max_time, const std::string& records) {
  RunOptions options;
  options.max_time = max_time;
  options.seed = seed;
  options.strategy = &strategy;
  const RunResult result = run_scenario(scenario, options);
  // Missing coverage alone does not fail a seed.
  const bool bug = std::any_of(
      result.verdicts.begin(), result.verdicts.end(),
      [](const Verdict& v) { return v.outcome == Verdict::Outcome::failed && !v.coverage; });
  SeedOutcome outcome{seed, result.error.empty() && !bug, {}, result.sometimes_reached};
  if (outcome.passed) return outcome;
  outcome.violated = result.violated ? *result.violated : "error: " + result.error;
  // A scenario built in code has no file for a record to name (nothing to replay it on).
  if (!records.empty() && !scenario.file.empty()) {
    const auto path =
        std::filesystem::path(records) / record_name(scenario.file, result.strategy, seed);
    write_run_record(result, path.string());
  }
  return outcome;
}

std::string record_name(const std::string& scenario_file, const sim::StrategySpec& strategy,
                        std::uint64_t seed) {
  std::string stem = std::filesystem::path(scenario_file).stem().string();
  if (stem.empty()) stem = "scenario";
  std::string name = stem + "-" + strategy.name;
  if (strategy.name == "pct") {
    name += "-d" + std::to_string(strategy.pct_depth) + "-s" + std::to_string(strategy.pct_steps);
  }
  return name + "-seed" + std::to_string(seed) + ".tape";
}

void ExploreSummary::expect_coverage_of(const Scenario& s) {
  for (const Expectation& e : s.expectations) {
    if (e.kind == Expectation::Kind::sometimes) sometimes.try_emplace(e.check, 0);
  }
}

std::vector<std::string> ExploreSummary::unreached() const {
  std::vector<std::string> none;
  for (const auto& [check, count] : sometimes) {
    if (count == 0) none.push_back(check);
  }
  return none;
}

void ExploreSummary::add(const SeedOutcome& outcome) {
  ++runs;
  for (const std::string& check : outcome.reached) reached(check);
  if (outcome.passed) return;
  ++failed;
  auto& seeds = failures[outcome.violated];
  seeds.insert(std::upper_bound(seeds.begin(), seeds.end(), outcome.seed), outcome.seed);
}

std::string ExploreSummary::report() const {
  std::string parameters = strategy.name;
  if (strategy.name == "pct") {
    parameters += " depth " + std::to_string(strategy.pct_depth) + " steps " +
                  std::to_string(strategy.pct_steps);
  }
  std::string out = scenario + ": " + std::to_string(runs) + " runs (" + parameters + ", seeds " +
                    std::to_string(range.first) + ".." +
                    std::to_string(range.first + range.count - 1) + "), " + std::to_string(failed) +
                    " failed\n";
  for (const auto& [expectation, seeds] : failures) {
    out += "  " + std::to_string(seeds.size()) + " x " + expectation + "\n    seeds:";
    for (std::size_t i = 0; i < seeds.size() && i < 20; ++i) out += " " + std::to_string(seeds[i]);
    if (seeds.size() > 20) out += " ...";
    // The seed reproduces its run only under the strategy and parameters that explored it.
    out += "\n    reproduce: " + program_name() + " run " + scenario + " --seed " +
           std::to_string(seeds.front()) + strategy_flags(strategy) + "\n";
    if (!records.empty()) {
      const auto record =
          std::filesystem::path(records) / record_name(scenario, strategy, seeds.front());
      out += "    replay:    " + program_name() + " replay " + record.string() + "\n";
    }
  }
  if (failed > 0 && !records.empty()) {
    out += "  run records of the " + std::to_string(failed) + " failing seeds in " + records + "\n";
  }
  if (interrupted) {
    out += "  interrupted: " + std::to_string(runs) + " of " + std::to_string(range.count) +
           " seeds ran; the failures above are among them\n";
  }
  if (!sometimes.empty()) out += "  coverage (sometimes checks, runs that reached each):\n";
  for (const auto& [check, count] : sometimes) {
    out += "    " + std::to_string(count) + "/" + std::to_string(runs) + "  " + check +
           (count == 0 ? "   NEVER REACHED" : "") + "\n";
  }
  return out;
}

std::string ExploreSummary::to_json() const {
  std::string out = "{\"scenario\":";
  thespis::detail::render_string(out, scenario);
  out += ",\"strategy\":\"" + strategy.name + "\"";
  if (strategy.name == "pct") {
    out += ",\"pct_depth\":" + std::to_string(strategy.pct_depth) +
           ",\"pct_steps\":" + std::to_string(strategy.pct_steps);
  }
  if (!records.empty()) {
    out += ",\"records\":";
    thespis::detail::render_string(out, records);
  }
  out += ",\"first_seed\":" + std::to_string(range.first) +
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
  if (!sometimes.empty()) {
    out += ",\"sometimes\":{";
    first = true;
    for (const auto& [check, count] : sometimes) {
      if (!first) out += ",";
      first = false;
      thespis::detail::render_string(out, check);
      out += ":" + std::to_string(count);
    }
    out += "}";
  }
  return out + "}";
}

}  // namespace thespis::scenario
