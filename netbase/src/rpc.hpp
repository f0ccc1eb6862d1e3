// RpcClient: a blocking request/answer connection to an admin. Processes use it for what must be
// answered before they go on (creating an actor, resolving an address) and for one-way notes
// (an exit, a dead letter, a log line). It has its own socket and never runs an io_context, so
// a call inside an actor's handler cannot deliver other messages under the handler's feet.
//
// Every wait has a deadline: the socket is non-blocking and each step polls for what is left
// of the call's time. (A blocking socket with SO_RCVTIMEO is not enough: Asio's synchronous
// read retries a timed-out read forever, which once left `thespis status` hanging on a stopped
// admin.) The connection authenticates like every other (connection.hpp) before the first
// request. Not thread-safe: one caller at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <thespis/net/defaults.hpp>
#include <thespis/net/frame.hpp>
#include <thespis/net/handshake.hpp>
#include <thespis/net/secret.hpp>

namespace thespis::net::detail {

/// Nobody listens on the port (as opposed to an admin that answers wrongly or not in time).
class NotListening : public TransportError {
 public:
  using TransportError::TransportError;
};

class RpcClient {
 public:
  using Clock = std::chrono::steady_clock;

  /// Connects to host:port (an IPv4 literal or a name) and authenticates; throws TransportError
  /// if nobody listens, the admin does not answer in time, or it does not share the secret.
  RpcClient(const std::string& host, std::uint16_t port, const Secret& secret,
            std::chrono::milliseconds timeout = default_request_timeout);
  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  /// Sends `request` and returns the first frame's message that comes back.
  Message call(Message request);
  Message call(Message request, std::chrono::milliseconds timeout);
  /// Sends without waiting for an answer.
  void note(Message note);
  /// The next message the admin sends unasked (after a call that subscribed), or none within
  /// `wait`; throws TransportError when the admin closes the connection.
  std::optional<Message> receive(std::chrono::milliseconds wait);
  std::uint16_t port() const { return port_; }

 private:
  void write(Message message, Clock::time_point deadline);
  void write_all(const void* data, std::size_t size, Clock::time_point deadline);
  void read_exact(void* data, std::size_t size, Clock::time_point deadline);
  std::size_t read_some(void* data, std::size_t size, Clock::time_point deadline);
  /// A whole frame's message already read, if any.
  std::optional<Message> buffered_message();
  /// The next whole frame's message, reading until `deadline` (then TransportError).
  Message next_message(Clock::time_point deadline);
  void wait_for(short events, Clock::time_point deadline, const char* what);
  void authenticate(const Secret& secret, Clock::time_point deadline);
  [[noreturn]] void fail(const std::string& what) const;

  int fd_ = -1;
  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  std::chrono::milliseconds allowed_;  ///< the time the current step was given, for its error
  FrameReader reader_;
  Encoder encoder_;
  std::string out_;
};

}  // namespace thespis::net::detail
