// The defaults of the network bases, in one place: SystemOptions and `thespis node` leave a
// field at zero to mean "the value below", and every process of a system reads it from here.
// docs/deployment.md lists them with what each bounds.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace thespis::net {

/// The admin port of the tcp base (Thespian's multiprocTCPBase uses 1900 too).
inline constexpr std::uint16_t default_admin_port = 1900;
/// The admin port of the udp base (Thespian's multiprocUDPBase uses 1029 too).
inline constexpr std::uint16_t default_udp_admin_port = 1029;
/// The largest payload of one IPv4 UDP datagram (65535 less the IP and UDP headers). A message
/// whose frame does not fit in one, with the datagram's own header, is refused at the sender.
inline constexpr std::size_t max_udp_payload_bytes = 65507;
/// A udp process's socket receive buffer unless configured: what a burst may fill before the
/// kernel drops (and the receiver counts the loss).
inline constexpr std::size_t default_udp_receive_buffer_bytes = std::size_t{4} << 20;
/// The largest frame (one encoded message) a process accepts; a longer one closes the stream.
inline constexpr std::size_t default_max_frame_bytes = std::size_t{64} << 20;
/// Connections one process keeps open at once; more are accepted and closed at once. Every
/// actor process holds one to its admin (also in the second after it stops), so this bounds
/// an admin's actors too. Past the process's descriptor limit, accepting backs off instead.
inline constexpr std::size_t default_max_connections = 16384;
/// Bytes waiting to be written to one peer. An actor that passes it is held (back-pressure)
/// until the peer catches up; past twice it, or when the admin (which must never block) passes
/// it, the connection is closed and what it held becomes dead letters.
inline constexpr std::size_t default_max_queued_bytes = std::size_t{64} << 20;
/// How long a blocking request to an admin (create, resolve, status, shutdown) may take.
inline constexpr std::chrono::seconds default_request_timeout{30};
/// How long a new connection may take to authenticate before it is closed.
inline constexpr std::chrono::seconds default_handshake_timeout{5};
/// How long shutdown() waits for actors to stop before it kills their processes.
inline constexpr std::chrono::seconds default_stop_grace{5};
/// The admin log: rotated at this size, keeping this many files.
inline constexpr std::uint64_t default_log_max_bytes = std::uint64_t{10} << 20;
inline constexpr int default_log_files = 3;

}  // namespace thespis::net
