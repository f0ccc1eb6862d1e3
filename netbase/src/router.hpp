// Router: a process's side of the actor-to-actor network. It accepts connections on the
// process's own port and hands every incoming envelope to `deliver`; it sends envelopes over one
// persistent connection per destination process, which it opens on first use after resolving
// the destination's port. An envelope that cannot be delivered (the destination is gone, the
// connection broke before it was written) goes to `dead_letter`.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "connection.hpp"

namespace thespis::net::detail {

class Router {
 public:
  struct Hooks {
    std::function<void(Envelope)> deliver;
    /// The port of the process that holds `address`, or 0 if no live actor does.
    std::function<std::uint16_t(const ActorAddress&)> resolve;
    std::function<void(Envelope)> dead_letter;
    /// A frame that did not decode (counted, then dropped); may be empty.
    std::function<void(const std::string& why)> bad_frame;
  };

  Router(asio::io_context& io, tcp::acceptor acceptor, Hooks hooks,
         std::size_t max_frame = default_max_frame);
  ~Router();

  void start();
  void send(Envelope envelope);
  /// Nothing queued or being written on any outgoing connection.
  bool idle() const;
  /// Envelopes waiting on all outgoing connections (written or not yet).
  std::size_t queued() const;
  std::uint16_t port() const { return port_; }
  std::uint64_t bad_frames() const { return bad_frames_; }
  /// Forgets where `address` lives (its process went away).
  void forget(const ActorAddress& address) { ports_.erase(address); }
  void close();
  void stop_accepting() {
    error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  void accept();
  std::shared_ptr<Connection> connection_to(std::uint16_t port);
  void bad_frame(const std::string& why);

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  Hooks hooks_;
  std::uint16_t port_;
  std::map<ActorAddress, std::uint16_t> ports_;
  std::map<std::uint16_t, std::shared_ptr<Connection>> outgoing_;
  std::vector<std::weak_ptr<Connection>> incoming_;
  std::uint64_t bad_frames_ = 0;
  std::size_t max_frame_;
  bool closed_ = false;
};

/// A listening socket on 127.0.0.1 (port 0: any free port).
tcp::acceptor listen_local(asio::io_context& io, std::uint16_t port);

}  // namespace thespis::net::detail
