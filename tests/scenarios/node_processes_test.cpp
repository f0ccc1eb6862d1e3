// What a net run holds of a node's processes: the admin's descendants are found and ended, and
// looking for them never fails because processes come and go while /proc is read (a process
// reaped between the open and the read of its /proc/PID/stat makes the read fail with ESRCH;
// that once threw out of a run's cleanup and left its admins running).
#include "node_processes.hpp"

#include <chrono>
#include <csignal>

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace node_processes_test {

using thespis::scenario::detail::NodeProcesses;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

/// Forks a child that runs `body` and never returns into the test. It dies with its parent, or
/// (`outlives_parent`) only when killed or 20 s later (SIGALRM), whichever comes first.
template <typename Body>
pid_t fork_child(Body body, bool outlives_parent = false) {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  if (outlives_parent) {
    alarm(20);
  } else {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);
  }
  body();
  _exit(0);
}

/// A pipe whose write end a child closes (by dying or exec) or writes a byte into when ready.
struct ReadySignal {
  int fds[2] = {-1, -1};
  ReadySignal() { EXPECT_EQ(pipe(fds), 0); }
  ~ReadySignal() {
    close(fds[0]);
    close(fds[1]);
  }
  void tell() const { (void)!write(fds[1], "r", 1); }
  bool wait() const {
    char byte = 0;
    return read(fds[0], &byte, 1) == 1;
  }
};

void reap(pid_t pid) {
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

TEST(NodeProcesses, TakesInTheAdminsDescendantsAndKillsThemAll) {
  // admin → spawner → actor, each parked in pause() as the real ones wait for work. Unlike the
  // real ones, the spawner and the actor outlive their parents: each must be killed itself.
  ReadySignal ready;
  const pid_t admin = fork_child([&] {
    fork_child(
        [&] {
          fork_child(
              [&] {
                ready.tell();
                for (;;) pause();
              },
              true);
          for (;;) pause();
        },
        true);
    for (;;) pause();
  });
  ASSERT_TRUE(ready.wait());  // the actor runs, so its parent and grandparent do too
  NodeProcesses processes(admin);
  EXPECT_EQ(processes.running(), 1u);
  processes.collect();
  EXPECT_EQ(processes.running(), 3u);
  processes.collect();  // taking in again finds nothing new
  EXPECT_EQ(processes.running(), 3u);
  EXPECT_EQ(processes.kill(), 3u);
  EXPECT_TRUE(processes.wait_ended(Clock::now() + 5s));
  EXPECT_EQ(processes.running(), 0u);  // all three ended
  EXPECT_EQ(processes.kill(), 0u);     // nothing left to signal
  reap(admin);
}

TEST(NodeProcesses, AProcessThatEndsBeforeItIsLookedAtIsNotTakenIn) {
  const pid_t admin = fork_child([] { _exit(0); });
  waitpid(admin, nullptr, 0);  // gone for good: no pidfd can be opened
  NodeProcesses processes(admin);
  processes.collect();
  EXPECT_EQ(processes.running(), 0u);
  EXPECT_EQ(processes.kill(), 0u);
  EXPECT_TRUE(processes.wait_ended(Clock::now()));
}

TEST(NodeProcesses, LookingWhileProcessesComeAndGoNeverFails) {
  // Churners fork children that end at once and reap them, as fast as they can: some of those
  // are reaped between the runner's open and read of their /proc/PID/stat. The churners are
  // the admin's children, so that their children are looked at closely.
  ReadySignal ready;
  const pid_t admin = fork_child([&] {
    for (int i = 0; i < 2; ++i) {
      fork_child([&] {
        ready.tell();
        for (;;) {
          const pid_t child = fork();
          if (child == 0) _exit(0);
          if (child > 0) waitpid(child, nullptr, 0);
        }
      });
    }
    for (;;) pause();
  });
  ASSERT_TRUE(ready.wait());
  ASSERT_TRUE(ready.wait());
  NodeProcesses processes(admin);
  const auto until = Clock::now() + 4s;
  int looks = 0;
  while (Clock::now() < until) {
    ASSERT_NO_THROW(processes.collect()) << "after " << looks << " looks";
    ++looks;
  }
  EXPECT_GT(looks, 0);
  EXPECT_GE(processes.running(), 3u);  // the admin and its churners, besides any child caught
  processes.kill();
  EXPECT_TRUE(processes.wait_ended(Clock::now() + 5s));
  reap(admin);
}

}  // namespace node_processes_test
