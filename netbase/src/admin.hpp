// The admin: one process per actor system (per admin port). It owns the directory of the
// system's actors (address -> process and port), global names, the dead-letter handlers and
// watchers, the merged log, and the spawner that forks actor processes. Processes ask it things
// over request connections on the admin port; it answers, and tells parents when their children
// end — once, whether the child stopped cleanly or its process was killed.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <thespis/capabilities.hpp>
#include <thespis/net/defaults.hpp>
#include <thespis/net/secret.hpp>

#include "host_address.hpp"
#include "transport.hpp"

namespace thespis::net::detail {

struct AdminOptions {
  std::uint16_t port = default_admin_port;
  Capabilities capabilities;
  std::string build;
  std::string log_path;  ///< the merged log of the system's actors
  std::uint64_t log_max_bytes = default_log_max_bytes;
  int log_files = default_log_files;
  std::string bind_host = "127.0.0.1";       ///< the admin and its actors listen here
  std::string advertise_host = "127.0.0.1";  ///< and are reached here
  /// The convention's potential leaders in order of preference (empty: alone). The first live
  /// one leads; this admin leads when it is in the list and none before it is live.
  std::vector<HostPort> leaders;
  std::chrono::nanoseconds heartbeat{std::chrono::seconds(1)};
  int missed_heartbeats = 3;
  std::size_t max_frame = default_max_frame_bytes;
  std::size_t max_connections = default_max_connections;
  std::size_t max_queued_bytes = default_max_queued_bytes;
  std::shared_ptr<const Secret> secret;
  /// Programs of another build may attach (`thespis node`: they are clients of the node's
  /// code); false for the admin a program starts, so that old code never runs unnoticed.
  bool serves_any_build = false;
  /// What carries actor messages; requests and conventions use TCP on `port` either way.
  Transport transport = Transport::streams;
  /// udp: each process's socket receive buffer (0: the transport's default).
  std::size_t receive_buffer_bytes = 0;
};

/// Runs an admin in this process until it is shut down; then exits the process. Writes one byte
/// to `ready_fd` (if >= 0) once it listens, or exits with status 2 if it cannot.
[[noreturn]] void admin_main(const AdminOptions& options, int ready_fd);

}  // namespace thespis::net::detail
