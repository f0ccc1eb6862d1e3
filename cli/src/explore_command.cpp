// explore: the seeds of a range explored in worker processes (scenario::explore_in_processes),
// with progress on stderr when it is a terminal, the summary on stdout and, with --json, in a
// file. Exit code 1 if a seed failed or a `sometimes` check was never reached, 2 if seeds were
// not run (a worker met an exception or died).
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <thespis/error.hpp>
#include <thespis/scenario/explore_pool.hpp>
#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/limits.hpp>

#include "commands.hpp"
#include "error_line.hpp"

namespace thespis::cli {
namespace {

scenario::SeedRange parse_shard(const std::string& text, scenario::SeedRange range) {
  if (text.empty()) return range;
  const auto slash = text.find('/');
  std::uint64_t k = 0;
  std::uint64_t n = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument(text);
    k = std::stoull(text.substr(0, slash));
    n = std::stoull(text.substr(slash + 1));
  } catch (const std::exception&) {
    throw Error("--shard expects K/N (e.g. 2/8), got '" + text + "'");
  }
  if (n == 0 || k == 0 || k > n) throw Error("--shard " + text + ": K must be in 1..N");
  return scenario::shard_of(range, k, n);
}

void show_progress(const scenario::ExploreSummary& summary) {
  if (summary.runs % 100 != 0) return;
  std::cerr << "\rexplore: " << summary.runs << "/" << summary.range.count << " seeds, "
            << summary.failed << " failed" << std::flush;
}

}  // namespace

int explore_command(const ExploreArgs& args) {
  const auto max_time = max_time_option(args.max_time);
  const scenario::Scenario s = scenario::load_scenario(args.file);
  // Refused here, once, rather than by every worker.
  scenario::check_max_time(s, max_time);
  const auto strategy = sim::strategy_named(args.strategy);
  const scenario::SeedRange range = parse_shard(args.shard, {args.first_seed, args.seeds});
  const bool progress = isatty(STDERR_FILENO) != 0;  // a log file gets the summary only
  scenario::ProcessPoolOptions options;
  options.jobs = args.jobs;
  options.max_time = max_time;
  if (progress) options.on_report = show_progress;
  scenario::PoolResult result = scenario::explore_in_processes(s, *strategy, range, options);
  scenario::ExploreSummary& summary = result.summary;
  summary.scenario = args.file;
  summary.strategy = args.strategy;
  if (progress) std::cerr << "\n";
  std::cout << summary.report() << std::flush;
  if (!args.json.empty()) {
    std::ofstream out(args.json);
    out << summary.to_json() << '\n';
    if (!out) throw Error("cannot write '" + args.json + "'");
  }
  if (!result.complete()) {
    print_error("explore: " + result.stopped + "; " +
                std::to_string(summary.range.count - summary.runs) + " of " +
                std::to_string(summary.range.count) + " seeds were not run");
    return 2;
  }
  // A `sometimes` check no seed reached is a gap in what was explored: the sweep fails.
  return summary.failed > 0 || !summary.unreached().empty() ? 1 : 0;
}

}  // namespace thespis::cli
