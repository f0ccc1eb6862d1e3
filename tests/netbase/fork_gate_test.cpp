// The admin is forked from a program whose systems run I/O threads. A child that inherits a
// lock one of those threads held at the fork hangs on it (once, in CI, an admin hung for good in
// AddressSanitizer's allocator). These tests fork while an I/O thread is busy under a lock, and
// look at that lock from the child.
#include "fork_gate.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace thespis::net::detail {
namespace {

/// An I/O thread that, handler after handler, holds `lock` nearly all of the time: the shape
/// of a thread inside an allocator or a registry when another thread forks.
struct BusyIoThread {
  BusyIoThread() : parked(io) {
    busy();
    thread = std::thread([this] { io.run(); });
  }
  ~BusyIoThread() {
    stop = true;
    thread.join();
  }
  void busy() {
    asio::post(io, [this] {
      {
        const std::lock_guard hold(lock);
        const auto until = std::chrono::steady_clock::now() + 200us;
        while (std::chrono::steady_clock::now() < until) {
        }
      }
      if (!stop) busy();
    });
  }
  asio::io_context io;
  ParkedAtFork parked;
  std::mutex lock;
  std::atomic<bool> stop{false};
  std::thread thread;
};

constexpr int forks = 40;

/// Forks with `fork_child` and says whether the child found `lock` free.
template <class Fork>
bool child_finds_free(std::mutex& lock, Fork fork_child) {
  const pid_t pid = fork_child();
  if (pid == 0) _exit(lock.try_lock() ? 0 : 1);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(ForkGate, AChildNeverInheritsALockAnIoThreadHeld) {
  BusyIoThread io;
  int free = 0;
  for (int i = 0; i < forks; ++i) free += child_finds_free(io.lock, fork_with_io_parked) ? 1 : 0;
  EXPECT_EQ(free, forks) << "a child was forked while the I/O thread held its lock";
}

TEST(ForkGate, APlainForkDoesInheritIt) {
  // The hazard is real on this machine: without the gate, some children get the lock held.
  BusyIoThread io;
  int held = 0;
  for (int i = 0; i < forks; ++i) held += child_finds_free(io.lock, [] { return fork(); }) ? 0 : 1;
  EXPECT_GT(held, 0) << "no child of " << forks << " got the lock held";
}

TEST(ForkGate, AnIoThreadThatDoesNotRunDelaysTheForkOnlyBoundedly) {
  asio::io_context idle;  // registered, but nobody runs it: it can never park
  ParkedAtFork parked(idle);
  std::mutex nothing;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(child_finds_free(nothing, fork_with_io_parked));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(ForkGate, AnIoThreadMayForkItselfWithoutWaitingForItself) {
  BusyIoThread other;
  asio::io_context io;
  ParkedAtFork parked(io);
  std::mutex nothing;
  bool forked = false;
  std::chrono::steady_clock::duration took{};
  asio::post(io, [&] {
    const auto started = std::chrono::steady_clock::now();
    forked = child_finds_free(other.lock, fork_with_io_parked);
    took = std::chrono::steady_clock::now() - started;
  });
  io.run();
  EXPECT_TRUE(forked) << "the other I/O thread was not parked";
  EXPECT_LT(took, 500ms) << "the caller waited for itself to park";
}

}  // namespace
}  // namespace thespis::net::detail
