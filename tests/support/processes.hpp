// The processes of a tcp or udp system, for tests that must leave none behind.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>

namespace thespis::testing {

/// A process watched through a pidfd from the moment it is named: whether it ended stays exact
/// even after the kernel gives its pid to a new process (pid_max is small; a busy CI machine
/// reuses pids within seconds). Copies share the descriptor.
class Process {
 public:
  /// Implicit: a pid learned elsewhere (a status report, a transcript) is watched from here on.
  Process(std::int64_t pid) : pid_(pid) {  // NOLINT(google-explicit-constructor)
    if (pid <= 0) return;
    // glibc 2.36 declares pidfd_open without C linkage for C++: the system call itself.
    const int fd = static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
    if (fd >= 0)
      fd_ = std::shared_ptr<const int>(new int(fd), [](const int* p) {
        ::close(*p);
        delete p;
      });
  }

  std::int64_t pid() const { return pid_; }

  /// The process has exited (a zombie counts: daemons are reparented to PID 1, which reaps when
  /// it likes), waiting at most `timeout` for it.
  bool wait_ended(std::chrono::milliseconds timeout) const {
    if (pid_ <= 0) {
      ADD_FAILURE() << "no process has pid " << pid_;
      return false;
    }
    if (!fd_) return true;  // it had ended before it was named (pidfd_open: ESRCH)
    pollfd ready{.fd = *fd_, .events = POLLIN, .revents = 0};
    return ::poll(&ready, 1, static_cast<int>(timeout.count())) == 1;
  }
  bool ended() const { return wait_ended(std::chrono::milliseconds(0)); }

  /// Sends `signal` to this process, never to a later one that got its pid.
  void kill(int signal) const {
    if (fd_) ::syscall(SYS_pidfd_send_signal, *fd_, signal, nullptr, 0);
  }

  friend std::ostream& operator<<(std::ostream& out, const Process& p) { return out << p.pid_; }

 private:
  std::int64_t pid_;
  std::shared_ptr<const int> fd_;
};

inline bool ended(const Process& process) { return process.ended(); }

/// Every process of the admin at `host`:`port`: the admin, its spawner, its actors. An actor
/// whose process is still being spawned has no pid yet: asks again (bounded) until each has one,
/// so no process of the system escapes the check.
inline std::vector<Process> processes_of(std::uint16_t port, const std::string& secret_file = {},
                                         const std::string& host = "127.0.0.1") {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const net::AdminStatus status = net::admin_status(
        port, {.timeout = std::chrono::seconds(10), .secret_file = secret_file, .host = host});
    bool spawning = false;
    for (const auto& actor : status.actors) spawning = spawning || actor.pid <= 0;
    if (spawning && std::chrono::steady_clock::now() < deadline) {
      usleep(10'000);  // bounded polling of the admin's state, not synchronisation with actors
      continue;
    }
    std::vector<Process> processes{status.pid, status.spawner_pid};
    for (const auto& actor : status.actors) {
      EXPECT_GT(actor.pid, 0) << actor.address.to_string() << " still has no process after 10 s";
      if (actor.pid > 0) processes.emplace_back(actor.pid);
    }
    return processes;
  }
}

/// Expects each process to end within 3 s (an exiting process takes a moment: a bounded wait on
/// the OS, not synchronisation with actors).
inline void expect_all_ended(const std::vector<Process>& processes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (const Process& process : processes) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    EXPECT_TRUE(process.wait_ended(std::max(left, std::chrono::milliseconds(0))))
        << "process " << process << " survived";
  }
}

}  // namespace thespis::testing
