// Fuzz target: bytes arriving on a connection, as FrameReader sees them.
//
// Input: [k][k chunk sizes][stream]. k = input[0] % 8 + 1 bytes give the sizes of the chunks the
// stream is fed in (size byte b feeds b + 1 bytes; the sizes repeat). After each chunk every
// whole frame is drained, as the connection does. FrameStreamError (a length over the limit)
// ends the input: the connection would be closed. Properties checked:
//   * a frame that decodes re-frames to bytes that decode to an equal envelope;
//   * the reader holds no more than it was fed, and stops only on a partial frame.
// The max frame is small (1 MiB) so that the fuzzer reaches the limit.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include <thespis/net/frame.hpp>

namespace {

using thespis::net::Envelope;
using thespis::net::FrameReader;

constexpr std::size_t max_frame = std::size_t{1} << 20;

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "frame_reader_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

// A decoded envelope must survive being framed again, unchanged.
void check_reframes(const Envelope& envelope) {
  static thespis::Encoder scratch;
  std::string bytes;
  thespis::net::append_frame(bytes, envelope, scratch);
  FrameReader again(bytes.size());
  again.feed(bytes);
  auto frame = again.next();
  if (!frame) finding("a re-framed envelope is not a whole frame", envelope.message.to_string());
  const auto* decoded = std::get_if<Envelope>(&*frame);
  if (decoded == nullptr) {
    finding("a re-framed envelope does not decode",
            envelope.message.to_string() + ": " + std::get<std::string>(*frame));
  }
  if (decoded->sender != envelope.sender || decoded->recipient != envelope.recipient ||
      !(decoded->message == envelope.message)) {
    finding("a re-framed envelope decodes to another one",
            envelope.message.to_string() + " != " + decoded->message.to_string());
  }
  if (again.buffered() != 0) finding("re-framing left bytes behind", std::to_string(bytes.size()));
}

std::size_t declared_length(std::string_view bytes) {
  const auto byte = [&](std::size_t i) {
    return std::size_t{static_cast<unsigned char>(bytes[i])};
  };
  return byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
}

// Drains every whole frame; false once the stream is beyond repair.
bool drain(FrameReader& reader) {
  try {
    while (auto frame = reader.next()) {
      if (const auto* envelope = std::get_if<Envelope>(&*frame)) check_reframes(*envelope);
    }
  } catch (const thespis::net::FrameStreamError&) {
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t k = std::min<std::size_t>(data[0] % 8 + 1, size - 1);
  const std::uint8_t* chunk_sizes = data + 1;
  const std::string_view stream(reinterpret_cast<const char*>(data + 1 + k), size - 1 - k);

  FrameReader reader(max_frame);
  std::size_t fed = 0;
  for (std::size_t i = 0; fed < stream.size(); ++i) {
    const std::size_t chunk = k == 0 ? stream.size() : std::size_t{chunk_sizes[i % k]} + 1;
    const std::string_view piece = stream.substr(fed, chunk);
    reader.feed(piece);
    fed += piece.size();
    if (!drain(reader)) return 0;
    if (reader.buffered() > fed) finding("holds more than it was fed", std::to_string(fed));
  }
  if (!drain(reader)) return 0;
  // What stays buffered is the stream's tail, a frame still incomplete: a partial length or a
  // partial body.
  const std::string_view tail = stream.substr(stream.size() - reader.buffered());
  if (tail.size() >= 4 && tail.size() >= 4 + declared_length(tail)) {
    finding("a whole frame stays buffered", std::to_string(tail.size()));
  }
  return 0;
}
