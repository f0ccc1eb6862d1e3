// Exploration: run one workload under many seeds and collect the failing ones.
//
// A Strategy turns a seed into the options of one run. Three ship with thespis:
//   * random: the seed drives every choice; the fault rates are those of the base options.
//   * swarm: as random, and each seed also draws its own mix of network faults (each kind on or
//     off, at its own rate), through the choice tape, so a tape replays the mix too.
//   * pct: probabilistic concurrency testing (Burckhardt et al. 2010): actors get random
//     priorities, the highest ready one runs, and at d-1 random steps the running actor drops
//     to the lowest priority. It finds ordering bugs of depth d with probability at least
//     1/(n k^(d-1)) per run for n actors and k steps, so k should be close to the run's real
//     number of scheduling steps (Simulation::scheduling_steps): a k far above it puts the
//     change points past the end of the run.
// Every choice a strategy makes lands on the run's tape (the swarm mix after the run's first
// choice, each PCT pick through ChoiceSource::choose_as), so a failing run replays from its tape
// alone; the seed replays it only under the same strategy and parameters (StrategySpec).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/sim/simulation.hpp>

namespace thespis::sim {

/// A strategy and its parameters as plain values: what a command line and a run record name, and
/// what reproduces a seed's run.
struct StrategySpec {
  std::string name = "random";     ///< random, swarm or pct
  int pct_depth = 2;               ///< pct: the bug depth aimed at (d), at least 1
  std::uint64_t pct_steps = 1000;  ///< pct: the scheduling steps of a run (k), at least 1

  bool operator==(const StrategySpec&) const = default;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string_view name() const = 0;
  /// The options of the run for `seed`, derived from `base`.
  virtual SimOptions options_for(std::uint64_t seed, const SimOptions& base) const = 0;
  /// The name and parameters that make this strategy again (make_strategy).
  virtual StrategySpec spec() const { return {.name = std::string(name())}; }
};

std::unique_ptr<Strategy> random_strategy();
std::unique_ptr<Strategy> swarm_strategy();
/// `depth`: the bug depth aimed at (d); `steps`: an estimate of the scheduling steps of a run (k).
std::unique_ptr<Strategy> pct_strategy(int depth = 2, std::uint64_t steps = 1000);
/// "random", "swarm" or "pct" (depth 2); throws Error naming an unknown strategy.
std::unique_ptr<Strategy> strategy_named(std::string_view name);
/// The strategy `spec` names; throws Error for an unknown name, or a PCT depth or step count
/// below 1.
std::unique_ptr<Strategy> make_strategy(const StrategySpec& spec);

/// A workload builds its world on the given simulation and runs it; it fails by throwing
/// (a CheckFailed, or any exception).
using Workload = std::function<void(Simulation&)>;

struct ExploreFailure {
  std::uint64_t seed = 0;
  std::string what;
  std::vector<std::uint64_t> tape;  ///< replays the failing run without the seed
};

struct ExploreReport {
  std::string strategy;
  std::uint64_t runs = 0;
  std::vector<ExploreFailure> failures;
};

struct ExploreOptions {
  std::uint64_t first_seed = 1;
  std::uint64_t runs = 100;
  bool stop_at_first_failure = false;
  SimOptions base;
};

ExploreReport explore(const Strategy& strategy, const ExploreOptions& options,
                      const Workload& workload);

/// Runs `workload` from `options`, then again from the recorded tape, and compares the traces.
struct Reproduction {
  std::uint64_t first_hash = 0;
  std::uint64_t second_hash = 0;
  std::uint64_t events = 0;
  /// Set when the runs differ: the first event where they diverge.
  std::optional<std::uint64_t> diverged_at;
  std::string first_event;   ///< that event in the first run ("" if the run ended earlier)
  std::string second_event;  ///< and in the second
  bool reproduced() const { return !diverged_at && first_hash == second_hash; }
  std::string to_string() const;
};
Reproduction check_reproducible(const SimOptions& options, const Workload& workload);

/// The first event where two recorded traces differ, or nothing if they are equal.
std::optional<std::uint64_t> first_divergence(const Trace& a, const Trace& b);

}  // namespace thespis::sim
