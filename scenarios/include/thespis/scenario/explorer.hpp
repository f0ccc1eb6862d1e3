// Exploring a scenario over many seeds: each seed is one run under a strategy (random, swarm or
// pct); failures are collected and grouped by the expectation they violate. The seed range can
// be cut into disjoint shards so that one sweep spreads over many machines.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/sim/explore.hpp>

namespace thespis::scenario {

struct SeedRange {
  std::uint64_t first = 1;
  std::uint64_t count = 0;
};

/// The `shard`-th (1-based) of `shards` disjoint, contiguous slices of `range`; together they
/// cover it exactly.
SeedRange shard_of(SeedRange range, std::uint64_t shard, std::uint64_t shards);

struct SeedOutcome {
  std::uint64_t seed = 0;
  bool passed = true;
  std::string violated;  ///< the failed expectation, or "error: ..." for a run that broke
};

/// One run; a run that broke is a failure "error: ...". Throws ScenarioError, before running,
/// if the scenario would run past `max_time` (check_max_time).
SeedOutcome run_seed(const Scenario& scenario, std::uint64_t seed, const sim::Strategy& strategy,
                     std::chrono::nanoseconds max_time = default_max_time);

struct ExploreSummary {
  std::string scenario;
  std::string strategy;
  SeedRange range;
  std::uint64_t runs = 0;
  std::uint64_t failed = 0;
  /// Failing seeds by the expectation they violate, seeds ascending.
  std::map<std::string, std::vector<std::uint64_t>> failures;
  /// Stopped before every seed ran (Ctrl-C): `runs` of `range.count` seeds ran, not
  /// necessarily the first ones (each worker takes every jobs-th seed).
  bool interrupted = false;

  void add(const SeedOutcome& outcome);
  std::string report() const;
  std::string to_json() const;
};

}  // namespace thespis::scenario
