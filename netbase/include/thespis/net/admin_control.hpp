// Talking to a running admin from outside any actor system: what `thespis status`,
// `thespis shutdown` and `thespis node` do, and what tests use to find every process a system
// runs. An admin is reached at host:port (127.0.0.1 unless said otherwise).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/actor_status.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/net/defaults.hpp>
#include <thespis/net/log_record.hpp>

namespace thespis::net {

struct ActorStatus {
  ActorAddress address;
  std::string type;
  std::int64_t pid = 0;
  std::string host;  ///< where its process is reached (its admin's advertised host)
  std::uint16_t port = 0;
  ActorAddress parent;
  std::string global_name;
};

struct AdminStatus {
  std::int64_t pid = 0;
  std::string host;  ///< the host it advertises
  std::uint16_t port = 0;
  std::string build;
  std::vector<ActorStatus> actors;
  std::vector<std::string> members;       ///< "host:port" of the other admins of its convention
  std::uint64_t bad_frames = 0;           ///< frames it could not decode
  std::int64_t spawner_pid = 0;           ///< the process that forks actor processes
  std::uint64_t connections = 0;          ///< open now (requests, actors, members)
  std::uint64_t auth_failures = 0;        ///< connections refused for a wrong or missing proof
  std::uint64_t refused_connections = 0;  ///< closed at once: over the connection limit
  std::vector<std::string> libraries;     ///< loaded with --load (describe_loaded_libraries())
  std::vector<std::string> actor_types;   ///< the actor types it can run, sorted
  std::string transport;                  ///< "tcp" or "udp": what carries actor messages
  /// Envelopes its processes counted lost on the way to them (udp: gaps in a sender's numbering;
  /// always 0 on tcp).
  std::int64_t lost_messages = 0;
};

/// How a tool reaches an admin.
struct ControlOptions {
  /// The whole request (connect, authenticate, answer) must finish within this.
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  /// Empty: the per-user secret (SystemOptions::secret_file).
  std::string secret_file;
  /// The admin's host (an IPv4 address or a name).
  std::string host = "127.0.0.1";
};

/// The status of the admin at `options.host`:`port`; throws TransportError if none answers in
/// time.
AdminStatus admin_status(std::uint16_t port, const ControlOptions& options = {});
/// The status of the actor at `address` (actor_status.hpp), asked through the admin at
/// `options.host`:`port` by an endpoint of this process that creates nothing (so a tool of any
/// build may ask); the actor's runtime answers. Throws TransportError if no admin answers, or
/// Error if no report comes within `options.timeout` (no such actor, or it is busy).
ActorStatusReport actor_status(std::uint16_t port, const ActorAddress& address,
                               const ControlOptions& options = {});
/// What `thespis logs` asks of an admin.
struct LogsRequest {
  LogLevel minimum = LogLevel::debug;  ///< records at this level and above
  std::uint64_t tail = 0;              ///< of the records kept, only the latest N (0: all)
  /// After the kept records, each new one until `keep_following` returns false (asked at least
  /// every 200 ms) or the admin goes away.
  bool follow = false;
  std::function<bool()> keep_following = [] { return true; };
  /// Told how many records the admin skipped because this reader was slow (follow only).
  std::function<void(std::uint64_t missed)> on_missed = [](std::uint64_t) {};
};
/// The merged log of the admin at `options.host`:`port` (log_record.hpp): its actors' records,
/// and on a convention leader also the warnings and errors of its members' actors, oldest first,
/// each given to `each`. Throws TransportError if no admin answers in time (or, following, when
/// it goes away), Error if it refuses to be followed.
void admin_logs(std::uint16_t port, const LogsRequest& request,
                const std::function<void(const LogRecord&)>& each,
                const ControlOptions& options = {});
/// Shuts the admin at `options.host`:`port` down (its actors stop first); throws
/// TransportError if none answers in time.
void shutdown_admin(std::uint16_t port, const ControlOptions& options = {});

struct NodeOptions {
  /// "tcp" or "udp": what carries actor messages (requests and conventions use TCP either way).
  std::string base = "tcp";
  /// 0: the base's default (1900 for tcp, 1029 for udp).
  std::uint16_t port = 0;
  Capabilities capabilities;
  std::string bind_host;       ///< the address the admin and its actors listen on; empty: 127.0.0.1
  std::string advertise_host;  ///< the address other hosts reach them at; empty: bind_host
  /// "HOST:PORT" of the convention's potential leaders in order of preference (the first live
  /// one leads); empty: none. `convention_leader`, if set, counts as the first.
  std::vector<std::string> convention_leaders;
  std::string convention_leader;
  std::chrono::nanoseconds heartbeat_interval{std::chrono::seconds(1)};
  int missed_heartbeats = 3;
  std::string secret_file;  ///< empty: the per-user secret
  std::size_t max_frame_bytes = default_max_frame_bytes;
  std::size_t max_connections = default_max_connections;
  std::size_t max_queued_bytes = default_max_queued_bytes;
  std::uint64_t log_max_bytes = default_log_max_bytes;
  int log_files = default_log_files;
  std::size_t receive_buffer_bytes = 0;  ///< udp: each process's socket (0: the default)
  /// Shared libraries of actor types to load first (load_library()), in order.
  std::vector<std::string> load_libraries;
};
/// Runs an admin in the foreground of this process until it is shut down (for a service
/// manager); returns the exit status. Loads `load_libraries` first: one that does not load
/// throws thespis::Error naming it, and nothing starts. Unlike the admin a program starts, it
/// serves programs of any build: they are clients, and the actors run the node's code.
int run_node(const NodeOptions& options);

/// A free TCP port on `host` (for tests and tools), below the kernel's ephemeral range so that
/// no port-0 bind or outgoing connection takes it meanwhile; another caller naming it still may.
std::uint16_t free_local_port(const std::string& host = "127.0.0.1");

}  // namespace thespis::net
