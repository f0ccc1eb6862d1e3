// The explore process pool. Each worker writes one line per seed to its pipe: "P seed",
// "F seed expectation", or "E seed message" for an exception it stopped at, each after one
// "S seed check" line per `sometimes` check the run reached; the parent polls the pipes, merges
// the lines and reaps the workers. Asked to stop (stop_fd), the parent kills the workers and
// still reads their pipes to the end: every line a worker had written whole is merged, and one
// cut short by the kill is dropped (only lines ending in '\n' are taken).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <map>
#include <new>
#include <vector>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/detail/last_words.hpp>
#include <thespis/error.hpp>
#include <thespis/scenario/explore_pool.hpp>

namespace thespis::scenario {
namespace {

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

/// An exception that ends the worker, caught or not (thrown by a destructor while another
/// unwinds), is reported to the parent without allocating.
[[noreturn]] void worker_terminate() noexcept {
  thespis::detail::report_last_words(report_from_worker);
}

/// A worker: runs its seeds and reports each; an exception (std::bad_alloc...) is reported to
/// the parent and ends the worker, which never returns into the parent's code.
[[noreturn]] void work(int out, const Scenario& scenario, const sim::Strategy& strategy,
                       SeedRange range, int index, const ProcessPoolOptions& options) {
  const int jobs = options.jobs;
  worker_pipe = out;
  std::set_terminate(worker_terminate);
  try {
    for (std::uint64_t i = static_cast<std::uint64_t>(index); i < range.count;
         i += static_cast<std::uint64_t>(jobs)) {
      worker_seed = range.first + i;
      const SeedOutcome outcome =
          run_seed(scenario, worker_seed, strategy, options.max_time, options.records);
      std::string lines;
      const auto add_line = [&](std::string line) {
        for (char& c : line) c = c == '\n' ? ' ' : c;
        lines += line + '\n';
      };
      for (const std::string& check : outcome.reached) {
        add_line("S " + std::to_string(outcome.seed) + " " + check);
      }
      add_line((outcome.passed ? "P " : "F ") + std::to_string(outcome.seed) +
               (outcome.passed ? "" : " " + outcome.violated));
      if (!write_all(out, lines.data(), lines.size())) _exit(3);
    }
    _exit(0);
  } catch (...) {
    worker_terminate();
  }
}

/// Merges one line of a worker; an "E" line is kept as the first error, if it is the first.
void take_line(const std::string& line, PoolResult& result, std::string& worker_error) {
  const auto space = line.find(' ', 2);
  const std::uint64_t seed = std::stoull(line.substr(2, space - 2));
  const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
  if (line[0] == 'E') {
    if (worker_error.empty()) worker_error = "seed " + std::to_string(seed) + ": " + rest;
    return;
  }
  if (line[0] == 'S') {
    result.summary.reached(rest);
    return;
  }
  SeedOutcome outcome;
  outcome.seed = seed;
  outcome.passed = line[0] == 'P';
  if (!outcome.passed) outcome.violated = rest;
  result.summary.add(outcome);
}

struct Workers {
  std::vector<pollfd> pipes;
  std::vector<pid_t> pids;
};

Workers start_workers(const Scenario& scenario, const sim::Strategy& strategy, SeedRange range,
                      const ProcessPoolOptions& options) {
  Workers workers;
  std::fflush(nullptr);  // or the children would write the parent's buffered output again
  for (int j = 0; j < options.jobs; ++j) {
    int fds[2];
    if (pipe(fds) != 0) throw Error("explore: cannot create a pipe");
    const pid_t pid = fork();
    if (pid < 0) throw Error("explore: cannot fork a worker");
    if (pid == 0) {
      close(fds[0]);
      work(fds[1], scenario, strategy, range, j, options);
    }
    close(fds[1]);
    workers.pipes.push_back({fds[0], POLLIN, 0});
    workers.pids.push_back(pid);
  }
  return workers;
}

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return fd >= 0 && poll(&p, 1, 0) > 0 && p.revents != 0;
}

void kill_all(const std::vector<pid_t>& pids) {
  for (const pid_t pid : pids) kill(pid, SIGKILL);
}

/// Reads every pipe to its end, merging each complete line as it comes. Returns true if the
/// caller asked to stop: the workers were then killed, and what they had written is merged.
bool merge_reports(Workers& workers, const ProcessPoolOptions& options, PoolResult& result,
                   std::string& worker_error) {
  std::vector<pollfd> polled = workers.pipes;
  // The last entry watches the caller's stop descriptor (a negative fd is ignored by poll).
  polled.push_back({options.stop_fd, POLLIN, 0});
  bool stopped = false;
  std::map<int, std::string> partial;
  std::size_t open = workers.pipes.size();
  while (open > 0) {
    if (poll(polled.data(), polled.size(), -1) < 0) continue;  // EINTR: a signal, look again
    if (polled.back().fd >= 0 && polled.back().revents != 0) {
      stopped = true;
      polled.back().fd = -1;
      kill_all(workers.pids);
    }
    for (std::size_t i = 0; i + 1 < polled.size(); ++i) {
      pollfd& p = polled[i];
      if (p.fd < 0 || p.revents == 0) continue;
      char buffer[4096];
      const ssize_t got = read(p.fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        close(p.fd);
        p.fd = -1;
        --open;
        continue;
      }
      std::string& text = partial[p.fd];
      text.append(buffer, static_cast<std::size_t>(got));
      for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n')) {
        take_line(text.substr(0, nl), result, worker_error);
        text.erase(0, nl + 1);
        if (options.on_report) options.on_report(result.summary);
      }
    }
  }
  // A Ctrl-C at the terminal reaches the workers too: they may all have ended before the stop
  // descriptor was looked at.
  return stopped || readable(options.stop_fd);
}

/// Waits for every worker; returns how the first one that did not end well ended, or "".
std::string reap(const std::vector<pid_t>& pids) {
  std::string died;
  for (const pid_t pid : pids) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!died.empty() || (WIFEXITED(status) && WEXITSTATUS(status) == 0)) continue;
    died = WIFSIGNALED(status) ? "a worker was killed by signal " + std::to_string(WTERMSIG(status))
                               : "a worker exited with code " + std::to_string(WEXITSTATUS(status));
  }
  return died;
}

}  // namespace

PoolResult explore_in_processes(const Scenario& scenario, const sim::Strategy& strategy,
                                SeedRange range, const ProcessPoolOptions& options) {
  PoolResult result;
  result.summary.range = range;
  result.summary.expect_coverage_of(scenario);
  Workers workers = start_workers(scenario, strategy, range, options);
  std::string worker_error;
  const bool asked_to_stop = merge_reports(workers, options, result, worker_error);
  const std::string died = reap(workers.pids);
  // Stopped after the last seed ran is a complete exploration; the killed workers had done all.
  result.interrupted = asked_to_stop && result.summary.runs < range.count;
  result.summary.interrupted = result.interrupted;
  if (result.interrupted) {
    result.stopped = "interrupted";
  } else if (!worker_error.empty()) {
    result.stopped = worker_error;
  } else if (!died.empty() && !asked_to_stop) {
    result.stopped = died;
  } else if (result.summary.runs != range.count) {
    result.stopped = "a worker stopped early";
  }
  return result;
}

}  // namespace thespis::scenario
