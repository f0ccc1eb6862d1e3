// explore: seeds in worker processes. Each worker runs every J-th seed of the range and writes
// one line per seed to its pipe ("P seed" or "F seed expectation"); the parent merges them,
// shows progress on stderr and prints the summary. Processes rather than threads: a crashing
// run takes down one worker, and the simulation stays single-threaded by construction. A worker
// that meets an exception (out of memory...) sends "E seed message" and stops; the parent
// reports it as one error line and exits with code 2, as for a worker that died.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <new>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/error.hpp>
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

/// Writes all of `line` to the pipe; false if the parent is gone.
bool write_all(int out, const char* line, std::size_t size) {
  while (size > 0) {
    const ssize_t wrote = write(out, line, size);
    if (wrote < 0) return false;
    line += wrote;
    size -= static_cast<std::size_t>(wrote);
  }
  return true;
}

// What a worker is doing, for reporting an exception without allocating.
int worker_pipe = -1;
std::uint64_t worker_seed = 0;

/// Sends "E seed message" to the parent; formatted without allocating, since the heap may be
/// what failed.
void report_from_worker(const char* message) {
  char line[1024];
  const int size = std::snprintf(line, sizeof line, "E %llu %s",
                                 static_cast<unsigned long long>(worker_seed), message);
  std::size_t length = std::min(static_cast<std::size_t>(std::max(size, 0)), sizeof line - 2);
  for (std::size_t i = 0; i < length; ++i) line[i] = line[i] == '\n' ? ' ' : line[i];
  line[length++] = '\n';
  write_all(worker_pipe, line, length);
}

/// A worker: runs its seeds and reports each; an exception (std::bad_alloc...) is reported to
/// the parent as "E seed message" and ends the worker, which never returns into the parent's
/// code.
[[noreturn]] void work(int out, const scenario::Scenario& s, scenario::SeedRange range, int jobs,
                       int index, const sim::Strategy& strategy,
                       std::chrono::nanoseconds max_time) {
  worker_pipe = out;
  report_terminate_as_error(report_from_worker);
  try {
    for (std::uint64_t i = static_cast<std::uint64_t>(index); i < range.count;
         i += static_cast<std::uint64_t>(jobs)) {
      worker_seed = range.first + i;
      const scenario::SeedOutcome outcome = scenario::run_seed(s, worker_seed, strategy, max_time);
      std::string line = (outcome.passed ? "P " : "F ") + std::to_string(outcome.seed);
      if (!outcome.passed) line += " " + outcome.violated;
      for (char& c : line) c = c == '\n' ? ' ' : c;
      line += '\n';
      if (!write_all(out, line.data(), line.size())) _exit(3);
    }
    _exit(0);
  } catch (const std::bad_alloc&) {
    report_from_worker("out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    report_from_worker(e.what());  // while `e` lives
  } catch (...) {
    report_from_worker("an unknown exception");
  }
  _exit(2);
}

/// What the workers said: the outcomes, and the first exception a worker stopped at.
struct Collected {
  scenario::ExploreSummary summary;
  std::string worker_error;  ///< "seed S: message"
};

void take_line(const std::string& line, Collected& collected) {
  const auto space = line.find(' ', 2);
  const std::uint64_t seed = std::stoull(line.substr(2, space - 2));
  const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
  if (line[0] == 'E') {
    if (collected.worker_error.empty())
      collected.worker_error = "seed " + std::to_string(seed) + ": " + rest;
    return;
  }
  scenario::SeedOutcome outcome;
  outcome.seed = seed;
  outcome.passed = line[0] == 'P';
  if (!outcome.passed) outcome.violated = rest;
  collected.summary.add(outcome);
}

}  // namespace

int explore_command(const ExploreArgs& args) {
  const auto max_time = max_time_option(args.max_time);
  const scenario::Scenario s = scenario::load_scenario(args.file);
  // Refused here, once, rather than by every worker.
  scenario::check_max_time(s, max_time);
  const auto strategy = sim::strategy_named(args.strategy);
  Collected collected;
  scenario::ExploreSummary& summary = collected.summary;
  summary.scenario = args.file;
  summary.strategy = args.strategy;
  summary.range = parse_shard(args.shard, {args.first_seed, args.seeds});

  std::vector<pollfd> pipes;
  std::vector<pid_t> workers;
  std::fflush(nullptr);
  for (int j = 0; j < args.jobs; ++j) {
    int fds[2];
    if (pipe(fds) != 0) throw Error("explore: cannot create a pipe");
    const pid_t pid = fork();
    if (pid < 0) throw Error("explore: cannot fork a worker");
    if (pid == 0) {
      close(fds[0]);
      work(fds[1], s, summary.range, args.jobs, j, *strategy, max_time);
    }
    close(fds[1]);
    pipes.push_back({fds[0], POLLIN, 0});
    workers.push_back(pid);
  }
  const bool progress = isatty(STDERR_FILENO) != 0;  // a log file gets the summary only
  std::map<int, std::string> partial;
  std::size_t open = pipes.size();
  while (open > 0) {
    if (poll(pipes.data(), pipes.size(), -1) < 0) continue;
    for (pollfd& p : pipes) {
      if (p.fd < 0 || p.revents == 0) continue;
      char buffer[4096];
      const ssize_t got = read(p.fd, buffer, sizeof buffer);
      if (got <= 0) {
        close(p.fd);
        p.fd = -1;
        --open;
        continue;
      }
      std::string& text = partial[p.fd];
      text.append(buffer, static_cast<std::size_t>(got));
      for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n')) {
        take_line(text.substr(0, nl), collected);
        text.erase(0, nl + 1);
        if (progress && summary.runs % 100 == 0) {
          std::cerr << "\rexplore: " << summary.runs << "/" << summary.range.count << " seeds, "
                    << summary.failed << " failed" << std::flush;
        }
      }
    }
  }
  std::string died;  // how the first worker that did not end well ended
  for (const pid_t pid : workers) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (!died.empty() || (WIFEXITED(status) && WEXITSTATUS(status) == 0)) continue;
    died = WIFSIGNALED(status) ? "a worker was killed by signal " + std::to_string(WTERMSIG(status))
                               : "a worker exited with code " + std::to_string(WEXITSTATUS(status));
  }
  if (progress) std::cerr << "\n";
  std::cout << summary.report() << std::flush;
  if (!args.json.empty()) {
    std::ofstream out(args.json);
    out << summary.to_json() << '\n';
    if (!out) throw Error("cannot write '" + args.json + "'");
  }
  if (!collected.worker_error.empty() || !died.empty() || summary.runs != summary.range.count) {
    const std::string cause = !collected.worker_error.empty()
                                  ? collected.worker_error
                                  : (died.empty() ? "a worker stopped early" : died);
    print_error("explore: " + cause + "; " + std::to_string(summary.range.count - summary.runs) +
                " of " + std::to_string(summary.range.count) + " seeds were not run");
    return 2;
  }
  return summary.failed > 0 ? 1 : 0;
}

}  // namespace thespis::cli
