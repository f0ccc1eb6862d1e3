// Fuzz target: datagrams arriving on a udp process's socket, as DatagramRouter reads them.
//
// Input: [mode][rest]. mode % 4 == 0: `rest` is one datagram off the wire; it must not open (no
// forging without the key) and must say why. Otherwise `rest` is a run of datagrams that a
// holder of the secret sealed, each [flags][count u16 % 1024][first u16][length u16][frames]: each
// goes through the receiving path: DatagramKey::open, the sender's SequenceWindow, then a
// FrameReader over the frames (as DatagramRouter::deliver). flags: bits 0-1 the kind (3: data),
// bit 2 flips one bit of the sealed datagram, bit 3 cuts its last byte (either must not open).
// Properties checked:
//   * a sealed datagram opens to its own header; a control kind with frames is refused;
//   * the window delivers no number twice, and its lost count is always the numbers below the
//     highest one heard of (data or mark) that were not delivered;
//   * the frame reader holds no more than the datagram's frames.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <thespis/net/frame.hpp>
#include <thespis/net/secret.hpp>

#include "datagram.hpp"
#include "sequence_window.hpp"

namespace {

using namespace thespis::net;
using namespace thespis::net::detail;

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "datagram_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

const DatagramKey& key() {
  static const DatagramKey k(Secret::from_text("datagram fuzz"));
  return k;
}

constexpr std::uint64_t recipient = 0x0123456789abcdef;
constexpr std::uint64_t sender = 0x0fedcba987654321;

void off_the_wire(std::string_view datagram) {
  std::string why;
  if (key().open(datagram, why)) finding("a datagram from the wire opened", "");
  if (why.empty()) finding("refused without a reason", std::to_string(datagram.size()));
  (void)quoted_header(datagram);
}

/// Numbers stay below this (first: u16, count: up to 1023), so that the model is a bitmap.
constexpr std::size_t numbers = 65536 + 1024;

/// The receiver's side: one sender's window, and what the model says it must do.
struct Receiver {
  SequenceWindow window;
  std::vector<bool> delivered = std::vector<bool>(numbers);
  std::size_t delivered_count = 0;
  std::uint64_t highest = 0;  // every number below it was sent
  std::int64_t lost = 0;

  void check(const char* after) const {
    const auto expected =
        static_cast<std::int64_t>(highest) - static_cast<std::int64_t>(delivered_count);
    if (lost != expected) {
      finding("the lost count is not the numbers missing",
              std::string(after) + ": " + std::to_string(lost) + " != " + std::to_string(expected));
    }
  }

  void data(std::uint64_t first, std::uint64_t count, std::string_view frames) {
    const auto verdict = window.data(first, count);
    lost += verdict.lost;
    if (verdict.deliver) {
      for (std::uint64_t n = first; n < first + count; ++n) {
        if (delivered[n]) finding("a number delivered twice", std::to_string(n));
        delivered[n] = true;
        ++delivered_count;
      }
      highest = std::max(highest, first + count);
      read_frames(frames);
    }
    check("data");
  }

  void mark(std::uint64_t next) {
    lost += window.mark(next);
    highest = std::max(highest, next);
    check("mark");
  }

  static void read_frames(std::string_view frames) {
    FrameReader reader(max_udp_payload_bytes);
    reader.feed(frames);
    try {
      while (auto frame = reader.next()) {
        (void)frame;
      }
    } catch (const FrameStreamError&) {
    }
    if (reader.buffered() > frames.size()) finding("holds more than it was fed", "");
  }
};

std::uint16_t u16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 4 == 0) {
    off_the_wire(rest);
    return 0;
  }
  Receiver receiver;
  std::size_t at = 1;
  while (at + 7 <= size) {
    const std::uint8_t flags = data[at];
    const auto count = static_cast<std::uint16_t>(u16(data + at + 1) % 1024);
    const std::uint16_t first = u16(data + at + 3);
    const std::size_t length = std::min<std::size_t>(u16(data + at + 5), size - at - 7);
    const std::string_view frames(reinterpret_cast<const char*>(data + at + 7), length);
    at += 7 + length;

    const auto kind = static_cast<DatagramKind>((flags & 3) == 0 ? 3 : flags & 3);
    const DatagramHeader header{
        .kind = kind, .count = count, .recipient = recipient, .sender = sender, .first = first};
    std::string datagram(datagram_header_bytes, '\0');
    datagram += frames;
    key().seal(datagram, header);
    if (flags & 4) {
      const std::size_t bit = (std::size_t{first} * 31 + count) % (datagram.size() * 8);
      datagram[bit / 8] = static_cast<char>(datagram[bit / 8] ^ (1 << (bit % 8)));
    }
    if (flags & 8) datagram.pop_back();

    std::string why;
    const auto opened = key().open(datagram, why);
    if (flags & (4 | 8)) {
      if (opened) finding("an altered datagram opened", std::to_string(flags));
      continue;
    }
    if (kind != DatagramKind::data && !frames.empty()) {
      if (opened) finding("a control datagram with frames opened", std::to_string(frames.size()));
      continue;
    }
    if (!opened) finding("a sealed datagram does not open", why);
    if (opened->kind != kind || opened->count != count || opened->first != first ||
        opened->recipient != recipient || opened->sender != sender) {
      finding("a sealed datagram opens to another header", std::to_string(first));
    }
    if (kind == DatagramKind::data) {
      receiver.data(first, count, std::string_view(datagram).substr(datagram_header_bytes));
    } else if (kind == DatagramKind::mark) {
      receiver.mark(first);
    }
  }
  return 0;
}
