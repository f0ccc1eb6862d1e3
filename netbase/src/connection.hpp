// Connection: one TCP stream between two thespis processes carrying frames both ways.
//
// Ownership. A connection is kept alive by whoever holds it (a router's table, a pending
// answer) and by its own pending reads and writes; its handlers receive the connection as an
// argument and must never capture it, so no connection can keep itself alive (a cycle that
// once leaked every connection an admin ever accepted). After it closes, no handler runs.
//
// Trust. Before any frame is read or written, both sides prove they hold the convention's
// secret: the challenge, answer and confirmation of <thespis/net/handshake.hpp>. Frames queued
// meanwhile wait. A wrong proof or no proof within the handshake deadline closes the connection and
// is reported (`on_auth_failure`).
//
// Writes are gathered: frames queued while a write is in flight go out together in the next
// single write. The envelopes behind them are kept until written, so that a connection that
// fails hands back what it did not write (`on_close`) for the owner to dead-letter. Bytes
// waiting are bounded (`max_queued_bytes`): past the bound the connection closes. A frame that
// does not decode is counted and dropped; a stream whose framing breaks is closed. One thread
// (the io_context's) uses a connection.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <thespis/net/defaults.hpp>
#include <thespis/net/frame.hpp>
#include <thespis/net/handshake.hpp>
#include <thespis/net/secret.hpp>

#include "asio.hpp"

namespace thespis::net::detail {

/// What every connection of a process shares: the secret and the bounds.
struct ConnectionSettings {
  std::shared_ptr<const Secret> secret;
  std::size_t max_frame = default_max_frame_bytes;
  std::size_t max_queued_bytes = default_max_queued_bytes;
  std::chrono::milliseconds handshake_timeout = default_handshake_timeout;
  /// Bytes read at a time. Actor-to-actor streams want large reads (one per burst of frames);
  /// an admin's request connections, one per actor process and mostly idle, want small ones.
  std::size_t read_buffer_bytes = std::size_t{64} << 10;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Ptr = std::shared_ptr<Connection>;
  enum class Side { accepted, connecting };
  struct Handlers {
    std::function<void(const Ptr& self, Envelope)> on_envelope;
    std::function<void(const std::string& why)> on_bad_frame;
    /// Once, when the connection fails or the peer closes it: the envelopes it did not write.
    std::function<void(std::deque<Envelope> unsent)> on_close;
    std::function<void(const std::string& why)> on_auth_failure;
    /// An envelope whose frame would pass the frame limit: never written (the peer would close
    /// the stream on it, and what follows would be lost with it).
    std::function<void(Envelope, std::size_t frame_bytes)> on_too_large;
  };

  /// An accepted socket; call start() to authenticate and read.
  Connection(tcp::socket socket, Handlers handlers, const ConnectionSettings& settings);
  /// Connects to `to` (asynchronously), then authenticates; envelopes sent meanwhile wait.
  static Ptr connect(asio::io_context& io, const tcp::endpoint& to, Handlers handlers,
                     const ConnectionSettings& settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start();
  void send(Envelope envelope);
  /// Closes at once; nothing is handed back and no handler runs any more.
  void close();
  /// Closes as a failure would: `on_close` gets what was not written.
  void abort(const std::string& why) { fail(why); }
  bool open() const { return state_ != State::closed; }
  bool authenticated() const { return state_ == State::open; }
  /// Nothing queued and nothing in flight.
  bool idle() const { return queue_.empty(); }
  std::size_t queued() const { return queue_.size(); }
  std::size_t queued_bytes() const { return pending_.size() + out_.size(); }
  std::uint64_t bad_frames() const { return bad_frames_; }
  /// Why it closed, when it failed (for the log).
  const std::string& close_reason() const { return close_reason_; }
  /// Stops reading (the peer's sends back up into its own queue) until resume_reading().
  void pause_reading() { paused_ = true; }
  void resume_reading();

 private:
  enum class State { connecting, handshaking, open, closed };
  Connection(asio::io_context& io, Side side, Handlers handlers,
             const ConnectionSettings& settings);

  void arm_handshake_deadline();
  void begin_handshake();
  void server_check_answer();
  void client_answer_challenge();
  void client_check_confirmation();
  void handshake_done();
  void auth_failed(const std::string& why);
  void read_more();
  void take_frames();
  void write_more();
  void peer_finished();
  void fail(const std::string& why);
  void release_buffers();

  tcp::socket socket_;
  Side side_;
  Handlers handlers_;
  ConnectionSettings settings_;
  State state_;
  asio::steady_timer handshake_deadline_;
  Nonce server_nonce_{};
  Nonce client_nonce_{};
  std::array<unsigned char, std::max(challenge_bytes, answer_bytes)> handshake_buffer_{};
  FrameReader reader_;
  Encoder encoder_;
  // Envelopes not yet written: the first `in_flight_` are encoded in out_ and being written,
  // the rest in pending_. A failure hands back all of them; a completion after close() finds
  // the queue empty and in_flight_ zero, and touches neither (the race that once crashed it).
  std::deque<Envelope> queue_;
  std::size_t in_flight_ = 0;
  std::string pending_;
  std::string out_;
  bool reading_ = false;
  bool paused_ = false;
  bool peer_done_ = false;  // the peer shut down its side: write what is queued, then close
  std::uint64_t bad_frames_ = 0;
  std::string close_reason_;
  std::vector<char> read_buffer_;  // from authentication on
};

/// Sends a message of the processes' protocol over a request connection (no actor's envelope:
/// no sender, no recipient).
inline void send_protocol(const Connection::Ptr& to, Message message) {
  to->send({.sender = {}, .recipient = {}, .message = std::move(message)});
}

}  // namespace thespis::net::detail
