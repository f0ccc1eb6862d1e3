// explore: seeds in worker processes. Each worker runs every J-th seed of the range and writes
// one line per seed to its pipe ("P seed" or "F seed expectation"); the parent merges them,
// shows progress on stderr and prints the summary. Processes rather than threads: a crashing
// run takes down one worker, and the simulation stays single-threaded by construction.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/error.hpp>
#include <thespis/scenario/explorer.hpp>

#include "commands.hpp"

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

[[noreturn]] void work(int out, const scenario::Scenario& s, scenario::SeedRange range, int jobs,
                       int index, const sim::Strategy& strategy) {
  for (std::uint64_t i = static_cast<std::uint64_t>(index); i < range.count;
       i += static_cast<std::uint64_t>(jobs)) {
    const scenario::SeedOutcome outcome = scenario::run_seed(s, range.first + i, strategy);
    std::string line = (outcome.passed ? "P " : "F ") + std::to_string(outcome.seed);
    if (!outcome.passed) line += " " + outcome.violated;
    for (char& c : line) c = c == '\n' ? ' ' : c;
    line += '\n';
    if (write(out, line.data(), line.size()) < 0) _exit(3);
  }
  _exit(0);
}

void take_line(const std::string& line, scenario::ExploreSummary& summary) {
  scenario::SeedOutcome outcome;
  outcome.passed = line[0] == 'P';
  const auto space = line.find(' ', 2);
  outcome.seed = std::stoull(line.substr(2, space - 2));
  if (!outcome.passed) outcome.violated = line.substr(space + 1);
  summary.add(outcome);
}

}  // namespace

int explore_command(const ExploreArgs& args) {
  const scenario::Scenario s = scenario::load_scenario(args.file);
  const auto strategy = sim::strategy_named(args.strategy);
  scenario::ExploreSummary summary;
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
      work(fds[1], s, summary.range, args.jobs, j, *strategy);
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
        take_line(text.substr(0, nl), summary);
        text.erase(0, nl + 1);
        if (progress && summary.runs % 100 == 0) {
          std::cerr << "\rexplore: " << summary.runs << "/" << summary.range.count << " seeds, "
                    << summary.failed << " failed" << std::flush;
        }
      }
    }
  }
  int worst = 0;
  for (const pid_t pid : workers) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) worst = 1;
  }
  if (progress) std::cerr << "\n";
  std::cout << summary.report();
  if (worst != 0 || summary.runs != summary.range.count) {
    std::cout << "explore: " << summary.range.count - summary.runs
              << " seeds were not run (a worker died)\n";
  }
  if (!args.json.empty()) {
    std::ofstream out(args.json);
    out << summary.to_json() << '\n';
    if (!out) throw Error("cannot write '" + args.json + "'");
  }
  return summary.failed > 0 || worst != 0 ? 1 : 0;
}

}  // namespace thespis::cli
