// Options of an ActorSystem. One struct for every base: a base reads the fields that concern
// it and ignores the rest (the simulating fields mean nothing to a real transport).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/capabilities.hpp>
#include <thespis/log.hpp>

namespace thespis {

struct SystemOptions {
  /// What this system offers to actors' requirements.
  Capabilities capabilities;
  /// Admin port of a networked base; 0 means the base's default.
  std::uint16_t admin_port = 0;
  /// "host:port" of the convention leader to join; empty: none (or this system leads). Counts as
  /// the first of `convention_leaders`.
  std::string convention_leader;
  /// Networked bases: "host:port" of the convention's potential leaders, in order of preference.
  /// The first live one leads; members fail over to the next when it dies and return when it
  /// comes back. A system whose own advertised host and admin port are in the list may lead.
  std::vector<std::string> convention_leaders;
  /// Networked bases: the address this system's processes (admin, actors, the program's
  /// endpoints) listen on. Empty: 127.0.0.1.
  std::string bind_host;
  /// Networked bases: the address other hosts reach them at. Empty: bind_host (required when
  /// bind_host is 0.0.0.0).
  std::string advertise_host;
  /// Networked bases: the host of the admin the program attaches to. Empty: the bind host. The
  /// program starts an admin itself only if none answers and this host is this machine's.
  std::string admin_host;
  /// Networked bases: an admin of another build already on the port is shut down and replaced
  /// (otherwise attaching to it is an error naming its pid, port and build).
  bool replace_stale_admin = false;
  /// Networked bases: convention members heartbeat this often and are dropped after this many
  /// missed heartbeats.
  std::chrono::nanoseconds heartbeat_interval{std::chrono::seconds(1)};
  int missed_heartbeats = 3;
  /// Networked bases: the file holding the convention's shared secret, which every connection
  /// proves it knows before anything it sends is acted on. Empty: a per-user secret, created on
  /// first use in the user's runtime folder (docs/deployment.md).
  std::string secret_file;
  /// Networked bases: the largest frame (one encoded message) accepted; a longer one closes the
  /// connection that sent it. 0: the base's default (64 MiB on tcp).
  std::size_t max_frame_bytes = 0;
  /// Networked bases: connections one process holds open at once. 0: the base's default.
  std::size_t max_connections = 0;
  /// Networked bases: bytes waiting to be written to one peer before the sender is held (an
  /// actor) or the connection is closed (an admin). 0: the base's default.
  std::size_t max_queued_bytes = 0;
  /// udp: each process's socket receive buffer in bytes, what a burst can fill before the
  /// kernel drops datagrams (each loss is counted: AdminStatus::lost_messages). 0: the base's
  /// default (4 MiB; more than the system's limit needs root).
  std::size_t receive_buffer_bytes = 0;
  /// Networked bases: how long a request to the admin may take. 0: the base's default (30 s).
  std::chrono::milliseconds request_timeout{0};
  /// Simulating bases: seed of the choice source; unset means the fixed default seed, which
  /// the base prints so that the run can be reproduced.
  std::optional<std::uint64_t> seed;
  /// Simulating bases: pass every message through the wire codec (on by default, so that a
  /// message that cannot cross a process boundary fails in simulation first).
  bool wire_codec = true;
  /// Diagnostics sink; unset means stderr at `log_level` and above.
  LogSink log_sink;
  LogLevel log_level = LogLevel::info;
};

}  // namespace thespis
