// Frames: how a message crosses a TCP connection between thespis processes.
//
//   [u32 big-endian length][msgpack array: version, type name, sender, recipient, body]
//
// The body is the message value in the wire codec, so a frame is one msgpack document that the
// bounded decoder reads in one pass. A FrameReader takes bytes as they arrive and yields whole
// frames. A frame that does not decode (an unknown type, a malformed body) is skipped and
// reported, and the stream goes on with the next frame; a length over the limit means the
// stream cannot be trusted at all and the connection must be closed (FrameStreamError).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <thespis/actor_address.hpp>
#include <thespis/codec.hpp>
#include <thespis/error.hpp>
#include <thespis/message.hpp>
#include <thespis/net/defaults.hpp>

namespace thespis::net {

inline constexpr std::uint64_t protocol_version = 1;

struct Envelope {
  ActorAddress sender;
  ActorAddress recipient;
  Message message;
};

/// Appends the frame of `envelope` to `out` (using `scratch` for the encoding).
void append_frame(std::string& out, const Envelope& envelope, Encoder& scratch);

/// The stream is beyond repair (a length over the limit): close the connection.
class FrameStreamError : public TransportError {
 public:
  using TransportError::TransportError;
};

class FrameReader {
 public:
  explicit FrameReader(std::size_t max_frame = default_max_frame_bytes);

  void feed(std::string_view bytes);
  /// The next whole frame: its envelope, or why it was rejected (the frame is consumed either
  /// way); nothing until more bytes arrive. Throws FrameStreamError for an oversized length.
  std::optional<std::variant<Envelope, std::string>> next();
  std::size_t buffered() const { return buffer_.size() - consumed_; }
  /// Drops what is buffered and gives its memory back.
  void clear();

 private:
  std::size_t max_frame_;
  std::string buffer_;
  std::size_t consumed_ = 0;
  ByteDecoder decoder_;
};

}  // namespace thespis::net
