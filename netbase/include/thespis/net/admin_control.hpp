// Talking to a running admin from outside any actor system: what `thespis status`,
// `thespis shutdown` and `thespis node` do, and what tests use to find every process a system
// runs. All of it on 127.0.0.1.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/capabilities.hpp>

namespace thespis::net {

struct ActorStatus {
  ActorAddress address;
  std::string type;
  std::int64_t pid = 0;
  std::uint16_t port = 0;
  ActorAddress parent;
  std::string global_name;
};

struct AdminStatus {
  std::int64_t pid = 0;
  std::uint16_t port = 0;
  std::string build;
  std::vector<ActorStatus> actors;
  std::vector<std::string> members;
  std::uint64_t bad_frames = 0;  ///< frames it could not decode
  std::int64_t spawner_pid = 0;  ///< the process that forks actor processes
};

/// The status of the admin on `port`; throws TransportError if none answers.
AdminStatus admin_status(std::uint16_t port);
/// Shuts the admin on `port` down (its actors stop first); throws TransportError if none answers.
void shutdown_admin(std::uint16_t port);

struct NodeOptions {
  std::uint16_t port = 1900;
  Capabilities capabilities;
  std::string convention_leader;  ///< "127.0.0.1:PORT" to join; empty: none
  std::chrono::nanoseconds heartbeat_interval{std::chrono::seconds(1)};
  int missed_heartbeats = 3;
};
/// Runs an admin in the foreground of this process until it is shut down (for a service
/// manager); returns the exit status.
int run_node(const NodeOptions& options);

/// A free TCP port on 127.0.0.1 (for tests and tools; another process may take it meanwhile).
std::uint16_t free_local_port();

}  // namespace thespis::net
