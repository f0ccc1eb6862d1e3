// RpcClient: a blocking request/answer connection to an admin. Processes use it for what must be
// answered before they go on (creating an actor, resolving an address) and for one-way notes
// (an exit, a dead letter, a log line). It has its own socket and never runs an io_context, so
// a call inside an actor's handler cannot deliver other messages under the handler's feet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <thespis/net/frame.hpp>

#include "asio.hpp"

namespace thespis::net::detail {

class RpcClient {
 public:
  /// Connects to 127.0.0.1:port; throws TransportError if nobody listens.
  explicit RpcClient(std::uint16_t port, std::chrono::seconds timeout = std::chrono::seconds(30));

  /// Sends `request` and returns the first frame's message that comes back.
  Message call(Message request);
  /// Sends without waiting for an answer.
  void note(Message note);
  std::uint16_t port() const { return port_; }

 private:
  void write(Message message);

  asio::io_context io_;
  tcp::socket socket_;
  std::uint16_t port_;
  FrameReader reader_;
  Encoder encoder_;
  std::string out_;
};

/// Connects a blocking socket to 127.0.0.1:port, or throws TransportError.
tcp::socket connect_local(asio::io_context& io, std::uint16_t port);

}  // namespace thespis::net::detail
