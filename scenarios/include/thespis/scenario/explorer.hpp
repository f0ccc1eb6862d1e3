// Exploring a scenario over many seeds: each seed is one run under a strategy (random, swarm or
// pct); failures are collected and grouped by the expectation they violate, and each failing
// seed can leave a run record (run_record.hpp) that replays it exactly. The seed range can be cut
// into disjoint shards so that one sweep spreads over many machines.
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
  /// The `sometimes` checks the run reached (a run that reached none still passes).
  std::vector<std::string> reached;
};

/// One run; a run that broke is a failure "error: ...". A `sometimes` check the run did not
/// reach is not a failure of the seed: it counts in the summary's coverage instead. A failure
/// leaves its run record in `records` (a folder; "" for none) under record_name(). Throws
/// ScenarioError, before running, if the scenario would run past `max_time` (check_max_time);
/// Error if the record cannot be written.
SeedOutcome run_seed(const Scenario& scenario, std::uint64_t seed, const sim::Strategy& strategy,
                     std::chrono::nanoseconds max_time = default_max_time,
                     const std::string& records = "");

/// The file name of a seed's run record: the scenario's file name without its extension, the
/// strategy (with PCT's parameters) and the seed, e.g. `kv_retries_bug-pct-d2-s40-seed17.tape`.
std::string record_name(const std::string& scenario_file, const sim::StrategySpec& strategy,
                        std::uint64_t seed);

struct ExploreSummary {
  std::string scenario;
  sim::StrategySpec strategy;
  /// The folder the failing seeds' run records were written to ("" if none were).
  std::string records;
  SeedRange range;
  std::uint64_t runs = 0;
  std::uint64_t failed = 0;
  /// Failing seeds by the expectation they violate, seeds ascending.
  std::map<std::string, std::vector<std::uint64_t>> failures;
  /// Stopped before every seed ran (Ctrl-C): `runs` of `range.count` seeds ran, not
  /// necessarily the first ones (each worker takes every jobs-th seed).
  bool interrupted = false;
  /// Coverage: each `sometimes` check of the scenario and how many runs reached it.
  std::map<std::string, std::uint64_t> sometimes;

  /// Lists the scenario's `sometimes` checks in `sometimes` (at 0 runs), so that a check no
  /// run reaches is reported.
  void expect_coverage_of(const Scenario& scenario);
  void add(const SeedOutcome& outcome);
  /// A run reached the `sometimes` check `check` (counted apart from add, for a pool's reports).
  void reached(const std::string& check) { ++sometimes[check]; }
  /// `sometimes` checks that no run reached; the exploration fails if there are any.
  std::vector<std::string> unreached() const;
  std::string report() const;
  std::string to_json() const;
};

}  // namespace thespis::scenario
