// Exploring in worker processes: the seeds of a range are split over `jobs` forked workers;
// each runs every jobs-th seed and reports each outcome on its pipe, and the calling process
// merges the reports into one ExploreSummary. Processes rather than threads: a crashing run
// takes down one worker, and the simulation stays single-threaded by construction. A worker
// that meets an exception (out of memory...) reports it and stops; the result then says why
// seeds were not run, as it does for a worker that died. The caller can stop an exploration
// early (Ctrl-C): the workers are killed and reaped, and the outcomes they had reported are kept.
//
// The caller must be a process whose threads it controls (it forks), and owns the result;
// nothing here writes to stdout or stderr.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/sim/explore.hpp>

namespace thespis::scenario {

struct ProcessPoolOptions {
  /// Worker processes; worker j runs seeds first + j, first + j + jobs, ...
  int jobs = 1;
  /// The most virtual time one run may simulate (see check_max_time).
  std::chrono::nanoseconds max_time = default_max_time;
  /// Called in the calling process after each report of a worker is merged (to show progress).
  std::function<void(const ExploreSummary&)> on_report;
  /// A descriptor that becomes readable when the caller wants the exploration to stop early
  /// (the read end of a pipe that a SIGINT handler writes to, say); -1: never. The pool then
  /// kills its workers, merges what they had reported, reaps them and returns `interrupted`.
  /// It only polls the descriptor, never reads it.
  int stop_fd = -1;
  /// A folder (that exists) where each worker writes the run record of every failing seed
  /// (run_seed); "" for none.
  std::string records;
};

struct PoolResult {
  /// The merged outcomes over `summary.range`; `scenario` and `strategy` are the caller's to
  /// name.
  ExploreSummary summary;
  /// Why seeds were not run; empty when every seed ran. The first exception a worker reported
  /// ("seed S: message"), else how the first worker that did not end well ended ("a worker was
  /// killed by signal 9"), else "a worker stopped early".
  std::string stopped;
  /// Stopped by the caller (ProcessPoolOptions::stop_fd); `stopped` is then "interrupted" and
  /// `summary.interrupted` is set.
  bool interrupted = false;

  bool complete() const { return stopped.empty(); }
};

/// Runs every seed of `range` under `strategy` in `options.jobs` worker processes and merges
/// their outcomes. Throws Error if a pipe or a worker cannot be made.
PoolResult explore_in_processes(const Scenario& scenario, const sim::Strategy& strategy,
                                SeedRange range, const ProcessPoolOptions& options);

}  // namespace thespis::scenario
