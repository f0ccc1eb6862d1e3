// Router: a process's side of the actor-to-actor network. It hands every envelope that arrives
// on the process's own port in to its owner's Directory, and sends envelopes to the process
// that holds their recipient, after asking the Directory where that is. An envelope that cannot
// be delivered goes back to the Directory as undeliverable.
//
// Two transports implement it: StreamRouter (tcp: one authenticated connection per destination
// process) and DatagramRouter (udp: authenticated datagrams on one socket). The processes above
// them (admin, actor, program) are written once against this interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include <thespis/net/frame.hpp>

#include "asio.hpp"
#include "connection.hpp"
#include "directory.hpp"
#include "transport.hpp"

namespace thespis::net::detail {

/// What waits to go to one destination (written or not yet): senders are held on it.
struct Backlog {
  std::size_t envelopes = 0;
  std::size_t bytes = 0;
};

/// Settings of a process's router beyond its connections'.
struct RouterSettings {
  ConnectionSettings connection;
  std::size_t max_connections = default_max_connections;
  /// udp: the socket's receive buffer in bytes (0: the transport's default).
  std::size_t receive_buffer_bytes = 0;
};

class Router {
 public:
  virtual ~Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  virtual void start() = 0;
  /// Sends toward the recipient's process; what then waits for that destination, or nothing if
  /// the envelope was dead-lettered or refused (too large).
  virtual std::optional<Backlog> send(Envelope envelope) = 0;
  /// Nothing queued or being written for any destination.
  virtual bool idle() const = 0;
  /// Envelopes (and bytes) waiting for the fullest destination.
  virtual std::size_t most_queued() const = 0;
  virtual std::size_t most_queued_bytes() const = 0;
  /// Gives up on the fullest destination: what it held becomes dead letters.
  virtual void drop_fullest() = 0;
  /// The port this process receives on.
  virtual std::uint16_t port() const = 0;
  /// Who this process is to its peers on this port (a datagram names it; 0 on tcp).
  virtual std::uint64_t incarnation() const = 0;
  virtual std::uint64_t bad_frames() const = 0;
  virtual std::uint64_t auth_failures() const = 0;
  /// Connections open now (0 for datagrams).
  virtual std::size_t connections() = 0;
  /// Forgets where `address` lives (its process went away).
  virtual void forget(const ActorAddress& address) = 0;
  virtual void close() = 0;
  /// Takes no new peers (tcp: refuses connections; udp: nothing to refuse).
  virtual void stop_accepting() = 0;
  /// Stops (or resumes) taking in what peers send: the receiver is full.
  virtual void pause_incoming(bool paused) = 0;

 protected:
  Router() = default;
};

/// The router of `transport` on a socket bound to `host` (port 0: any free port). Throws
/// TransportError naming the host and port if the socket cannot be had. `incarnation` names this
/// process to its udp peers (0: a random one).
std::unique_ptr<Router> open_router(Transport transport, asio::io_context& io,
                                    const std::string& host, std::uint16_t port,
                                    std::uint64_t incarnation, Directory& directory,
                                    const RouterSettings& settings);
/// The router of `transport` over `fd`, a socket already bound (by the spawner), owned from now
/// on: listening for tcp.
std::unique_ptr<Router> adopt_router(Transport transport, asio::io_context& io, int fd,
                                     std::uint64_t incarnation, Directory& directory,
                                     const RouterSettings& settings);

}  // namespace thespis::net::detail
