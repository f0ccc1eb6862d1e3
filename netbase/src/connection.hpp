// Connection: one TCP stream between two thespis processes carrying frames both ways.
//
// Writes are gathered: envelopes queued while a write is in flight go out together in the next
// single write, which is what keeps a fast sender from paying one syscall per message. A frame
// that does not decode is counted and dropped; a stream whose framing breaks is closed. On
// close, envelopes not yet written are handed back (`on_unsent`) so that the owner can turn
// them into dead letters. One thread (the io_context's) uses a connection.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include <thespis/net/frame.hpp>

#include "asio.hpp"

namespace thespis::net::detail {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  struct Handlers {
    std::function<void(Envelope)> on_envelope;
    std::function<void(const std::string&)> on_bad_frame;
    std::function<void(std::deque<Envelope> unsent)> on_close;
  };

  Connection(tcp::socket socket, Handlers handlers, std::size_t max_frame = default_max_frame);
  ~Connection();

  void start();
  void send(Envelope envelope);
  void close();
  bool open() const { return open_; }
  /// Nothing queued and nothing in flight.
  bool idle() const { return queue_.empty() && !writing_; }
  std::size_t queued() const { return queue_.size(); }
  std::uint64_t bad_frames() const { return bad_frames_; }

 private:
  void read_more();
  void write_more();
  void fail();

  tcp::socket socket_;
  Handlers handlers_;
  FrameReader reader_;
  Encoder encoder_;
  std::deque<Envelope> queue_;
  std::string out_;
  std::size_t in_flight_ = 0;  // envelopes in out_
  bool writing_ = false;
  bool open_ = true;
  std::uint64_t bad_frames_ = 0;
  char read_buffer_[64 * 1024];
};

}  // namespace thespis::net::detail
