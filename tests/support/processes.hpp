// The processes of a tcp system, for tests that must leave none behind.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>

namespace thespis::testing {

/// The process has ended: it no longer exists, or it is a zombie waiting for its parent
/// (daemons are reparented to PID 1, which reaps when it likes).
inline bool ended(std::int64_t pid) {
  if (kill(static_cast<pid_t>(pid), 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string field, name, state;
  stat >> field >> name >> state;
  return state == "Z";
}

/// Every process of the admin at `host`:`port`: the admin, its spawner, its actors.
inline std::vector<std::int64_t> processes_of(std::uint16_t port,
                                              const std::string& secret_file = {},
                                              const std::string& host = "127.0.0.1") {
  const net::AdminStatus status = net::admin_status(
      port, {.timeout = std::chrono::seconds(10), .secret_file = secret_file, .host = host});
  std::vector<std::int64_t> pids{status.pid, status.spawner_pid};
  for (const auto& actor : status.actors) pids.push_back(actor.pid);
  return pids;
}

/// Expects each process to end within 3 s (an exiting process takes a moment: bounded polling
/// of the OS, not synchronisation with actors).
inline void expect_all_ended(const std::vector<std::int64_t>& pids) {
  for (const std::int64_t pid : pids) {
    bool gone = ended(pid);
    for (int i = 0; i < 300 && !gone; ++i) {
      usleep(10'000);
      gone = ended(pid);
    }
    EXPECT_TRUE(gone) << "process " << pid << " survived";
  }
}

}  // namespace thespis::testing
