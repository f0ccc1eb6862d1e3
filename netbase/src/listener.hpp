// Listener: the accepting side of a process (an admin's port, an actor's or a program's own
// port). It bounds what a peer can make the process hold: at most `max_connections` live
// connections (one more is accepted and closed at once, and counted), and when the process
// runs out of file descriptors it backs off instead of spinning on a connection it cannot
// take. The connections it makes are owned by their own reads and writes and by the owner's
// tables; it keeps only weak references to count and close them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connection.hpp"

namespace thespis::net::detail {

class Listener {
 public:
  /// Makes the connection for an accepted socket (handlers set, not yet started).
  using Make = std::function<Connection::Ptr(tcp::socket)>;

  Listener(tcp::acceptor acceptor, std::size_t max_connections, Make make);
  void start();
  /// Stops accepting and closes every connection it accepted.
  void close();
  void stop_accepting();
  std::uint16_t port() const { return port_; }
  /// Accepted connections still open.
  std::size_t live();
  std::uint64_t refused() const { return refused_; }
  template <class F>
  void for_each(F f) {
    for (auto& weak : accepted_) {
      if (auto connection = weak.lock(); connection && connection->open()) f(*connection);
    }
  }

 private:
  void accept();
  void back_off();

  tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  std::size_t max_connections_;
  Make make_;
  std::uint16_t port_;
  std::vector<std::weak_ptr<Connection>> accepted_;
  std::uint64_t refused_ = 0;
  bool closed_ = false;
};

/// A listening socket on `host` (an IPv4 literal or name; port 0: any free port).
tcp::acceptor listen_on(asio::io_context& io, const std::string& host, std::uint16_t port);
/// A listening socket on 127.0.0.1.
inline tcp::acceptor listen_local(asio::io_context& io, std::uint16_t port) {
  return listen_on(io, "127.0.0.1", port);
}

}  // namespace thespis::net::detail
