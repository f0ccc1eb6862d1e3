// The processes of one scenario node on real processes (tcp or udp base), so that a run leaves
// none behind whatever its admin does: the admin (a daemon, no child of the runner), its
// spawner and its actor processes, found as the admin's descendants. Each is held by a pidfd
// opened while it is known to run, so that a pid reused after it ended is never signalled or
// waited for.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include <sys/types.h>

namespace thespis::scenario::detail {

class NodeProcesses {
 public:
  using Clock = std::chrono::steady_clock;

  /// `admin`: the pid of the node's admin, which runs now.
  explicit NodeProcesses(pid_t admin);
  ~NodeProcesses();
  NodeProcesses(NodeProcesses&& other) noexcept;
  NodeProcesses(const NodeProcesses&) = delete;
  NodeProcesses& operator=(const NodeProcesses&) = delete;
  NodeProcesses& operator=(NodeProcesses&&) = delete;

  /// Takes in the admin's descendants that run now (the spawner and the actor processes; one
  /// forked later ends with the spawner, PR_SET_PDEATHSIG). Call it while the admin runs: once
  /// it has ended, its descendants are no longer found by parentage.
  void collect();
  /// How many of the processes taken in still run.
  std::size_t running() const;
  /// Waits (polling the pidfds) until none runs or `deadline` has passed; true if none runs.
  bool wait_ended(Clock::time_point deadline) const;
  /// SIGKILLs each one that still runs; returns how many.
  std::size_t kill() const;

 private:
  struct Process {
    pid_t pid;
    int pidfd;
  };
  void take(pid_t pid, pid_t parent);
  bool has(pid_t pid) const;

  std::vector<Process> processes_;  // the admin first
};

}  // namespace thespis::scenario::detail
