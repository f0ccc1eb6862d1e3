// explore: the seeds of a range explored in worker processes (scenario::explore_in_processes),
// with progress on stderr when it is a terminal, the summary on stdout and, with --json, in a
// file. Exit code 1 if a seed failed or a `sometimes` check was never reached, 2 if seeds were
// not run (a worker met an exception or died), 130 after Ctrl-C: the workers are stopped and the
// summary of the seeds that ran is printed (and written) all the same.
#include <filesystem>
#include <iostream>

#include <unistd.h>

#include <thespis/error.hpp>
#include <thespis/scenario/explore_pool.hpp>
#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/limits.hpp>

#include "commands.hpp"
#include "error_line.hpp"
#include "interrupt.hpp"
#include "json_output.hpp"
#include "progress.hpp"
#include "terminal.hpp"

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

/// The summary, its failure count in red on a terminal.
std::string painted(const scenario::ExploreSummary& summary) {
  std::string text = summary.report();
  const std::string failed = ", " + std::to_string(summary.failed) + " failed\n";
  const auto at = text.find(failed);
  if (summary.failed == 0 || at == std::string::npos || !colour_for(STDOUT_FILENO)) return text;
  return text.replace(at + 2, failed.size() - 3,
                      paint(failed.substr(2, failed.size() - 3), Colour::red, true));
}

/// Made before the workers start, so that a folder that cannot be made is one error, not one
/// per worker.
void make_records_folder(const std::string& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error || !std::filesystem::is_directory(folder)) {
    throw Error("--save-failures: cannot make the folder '" + folder + "'" +
                (error ? " (" + error.message() + ")" : std::string()) +
                "; name another, or pass --no-save-failures");
  }
}

}  // namespace

int explore_command(const ExploreArgs& args) {
  const auto max_time = max_time_option(args.max_time);
  const scenario::Scenario s = scenario::load_scenario(args.file);
  // Refused here, once, rather than by every worker.
  scenario::check_max_time(s, max_time);
  // Estimated once (PCT's steps), so every worker and every reproduce line uses the same.
  const auto strategy = strategy_option(args.strategy, s, max_time);
  const scenario::SeedRange range = parse_shard(args.shard, {args.first_seed, args.seeds});
  ProgressLine progress(!args.quiet && isatty(STDERR_FILENO) != 0);
  const InterruptWatch interrupt;  // before the workers fork: Ctrl-C must not just kill us
  scenario::ProcessPoolOptions options;
  options.jobs = args.jobs;
  options.max_time = max_time;
  options.stop_fd = interrupt.fd();
  if (!args.no_save_failures && !args.save_failures.empty()) {
    options.records = args.save_failures;
    make_records_folder(options.records);
  }
  if (progress.on()) {
    options.on_report = [&](const scenario::ExploreSummary& summary) { progress.update(summary); };
  }
  scenario::PoolResult result = scenario::explore_in_processes(s, *strategy, range, options);
  scenario::ExploreSummary& summary = result.summary;
  summary.scenario = args.file;
  summary.strategy = strategy->spec();
  summary.records = options.records;
  progress.finish(summary);
  if (!args.quiet || !result.complete() || summary.failed > 0) {
    std::cout << painted(summary) << std::flush;
  }
  if (!args.json.empty()) write_json(args.json, summary.to_json());
  if (result.interrupted) {
    std::cerr << "thespis: explore interrupted; " << summary.range.count - summary.runs << " of "
              << summary.range.count << " seeds were not run\n";
    return interrupted_exit_code;
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
