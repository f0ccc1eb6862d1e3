#include <exception>

#include <thespis/sim/explore.hpp>

namespace thespis::sim {
namespace {

class RandomStrategy final : public Strategy {
 public:
  std::string_view name() const override { return "random"; }
  SimOptions options_for(std::uint64_t seed, const SimOptions& base) const override {
    SimOptions options = base;
    options.seed = seed;
    options.replay_tape.clear();
    return options;
  }
};

class SwarmStrategy final : public Strategy {
 public:
  std::string_view name() const override { return "swarm"; }
  SimOptions options_for(std::uint64_t seed, const SimOptions& base) const override {
    SimOptions options = RandomStrategy().options_for(seed, base);
    options.swarm = true;
    return options;
  }
};

class PctStrategy final : public Strategy {
 public:
  PctStrategy(int depth, std::uint64_t steps) : depth_(depth), steps_(steps) {}
  std::string_view name() const override { return "pct"; }
  SimOptions options_for(std::uint64_t seed, const SimOptions& base) const override {
    SimOptions options = RandomStrategy().options_for(seed, base);
    options.pct = {depth_, steps_};
    return options;
  }
  StrategySpec spec() const override {
    return {.name = "pct", .pct_depth = depth_, .pct_steps = steps_};
  }

 private:
  int depth_;
  std::uint64_t steps_;
};

struct Run {
  std::uint64_t hash = 0;
  std::vector<std::uint64_t> tape;
  std::optional<std::string> error;
  std::shared_ptr<Simulation> simulation;
};

Run run_once(const SimOptions& options, const Workload& workload) {
  Run run;
  run.simulation = std::make_shared<Simulation>(options);
  try {
    workload(*run.simulation);
  } catch (...) {
    run.error = describe_current_exception();
  }
  run.hash = run.simulation->trace_hash();
  run.tape = run.simulation->choices().tape();
  return run;
}

}  // namespace

std::unique_ptr<Strategy> random_strategy() { return std::make_unique<RandomStrategy>(); }
std::unique_ptr<Strategy> swarm_strategy() { return std::make_unique<SwarmStrategy>(); }
std::unique_ptr<Strategy> pct_strategy(int depth, std::uint64_t steps) {
  return std::make_unique<PctStrategy>(depth, steps);
}

std::unique_ptr<Strategy> strategy_named(std::string_view name) {
  return make_strategy({.name = std::string(name)});
}

std::unique_ptr<Strategy> make_strategy(const StrategySpec& spec) {
  if (spec.name == "random") return random_strategy();
  if (spec.name == "swarm") return swarm_strategy();
  if (spec.name != "pct") {
    throw Error("unknown exploration strategy '" + spec.name + "' (known: random, swarm, pct)");
  }
  if (spec.pct_depth < 1) {
    throw Error("pct: the depth must be at least 1, got " + std::to_string(spec.pct_depth));
  }
  if (spec.pct_steps < 1) throw Error("pct: the step count must be at least 1, got 0");
  return pct_strategy(spec.pct_depth, spec.pct_steps);
}

ExploreReport explore(const Strategy& strategy, const ExploreOptions& options,
                      const Workload& workload) {
  ExploreReport report;
  report.strategy = std::string(strategy.name());
  for (std::uint64_t i = 0; i < options.runs; ++i) {
    const std::uint64_t seed = options.first_seed + i;
    Run run = run_once(strategy.options_for(seed, options.base), workload);
    ++report.runs;
    if (!run.error) continue;
    report.failures.push_back({seed, *run.error, std::move(run.tape)});
    if (options.stop_at_first_failure) break;
  }
  return report;
}

std::optional<std::uint64_t> first_divergence(const Trace& a, const Trace& b) {
  const auto& x = a.events();
  const auto& y = b.events();
  const std::size_t common = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (x[i].hash != y[i].hash) return i;
  }
  if (x.size() != y.size() || a.hash() != b.hash()) return common;
  return std::nullopt;
}

std::string Reproduction::to_string() const {
  if (reproduced()) {
    return "reproduced: " + std::to_string(events) + " events, trace hash " +
           std::to_string(first_hash);
  }
  std::string out = "NOT reproduced: trace hashes " + std::to_string(first_hash) + " and " +
                    std::to_string(second_hash);
  if (diverged_at) {
    out += "; first divergence at event #" + std::to_string(*diverged_at) +
           "\n  first run:  " + (first_event.empty() ? "(ended)" : first_event) +
           "\n  second run: " + (second_event.empty() ? "(ended)" : second_event);
  }
  return out;
}

Reproduction check_reproducible(const SimOptions& options, const Workload& workload) {
  SimOptions recorded = options;
  recorded.record_trace = true;
  Run first = run_once(recorded, workload);
  SimOptions again = recorded;
  again.replay_tape = first.tape;
  Run second = run_once(again, workload);

  Reproduction result;
  result.first_hash = first.hash;
  result.second_hash = second.hash;
  const Trace& a = first.simulation->trace();
  const Trace& b = second.simulation->trace();
  result.events = a.event_count();
  result.diverged_at = first_divergence(a, b);
  if (result.diverged_at) {
    const std::size_t at = *result.diverged_at;
    if (at < a.events().size()) result.first_event = a.events()[at].to_string();
    if (at < b.events().size()) result.second_event = b.events()[at].to_string();
  }
  return result;
}

}  // namespace thespis::sim
