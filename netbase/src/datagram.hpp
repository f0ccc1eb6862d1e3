// Datagrams: how envelopes cross the udp transport. Each datagram carries a fixed header and
// then whole frames (frame.hpp), as many as fit:
//
//   magic "THSU" · version · kind · count (u16) · recipient incarnation (u64)
//   · sender incarnation (u64) · first sequence number (u64) · tag (16 bytes) · frames...
//
// (integers little-endian). The tag is a keyed BLAKE2b of everything else under a key derived
// from the convention's secret, so a host without the secret can neither forge a datagram nor
// alter one. The incarnations name the two processes: a datagram for a process that no longer
// listens on that port is refused by whichever process does now, and a receiver tells one
// sender's numbered stream from another's. Replays within a process's life are caught by the
// numbering (sequence_window.hpp). The wire is not encrypted, as on tcp.
//
// Kinds: `data` (count frames numbered first .. first+count-1); `mark` (no frames: the sender
// has sent everything below `first` — so that a loss at the end of a burst is counted too);
// `refused` (no frames: the datagram numbered `first` that this process sent to the receiver
// found a process of another incarnation there).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <thespis/net/defaults.hpp>
#include <thespis/net/secret.hpp>

namespace thespis::net::detail {

enum class DatagramKind : std::uint8_t { data = 1, mark = 2, refused = 3 };

struct DatagramHeader {
  DatagramKind kind = DatagramKind::data;
  std::uint16_t count = 0;
  std::uint64_t recipient = 0;  ///< the receiving process's incarnation
  std::uint64_t sender = 0;     ///< the sending process's incarnation
  std::uint64_t first = 0;      ///< sequence number of the first frame (or as the kind says)
};

inline constexpr std::size_t datagram_header_bytes = 48;
/// Frames of one datagram may take this much.
inline constexpr std::size_t max_datagram_frames_bytes =
    max_udp_payload_bytes - datagram_header_bytes;

/// The key datagrams are tagged with, derived from the convention's secret.
class DatagramKey {
 public:
  explicit DatagramKey(const Secret& secret);
  /// Writes `header` and its tag over the first datagram_header_bytes of `datagram`, which the
  /// caller reserved ahead of the frames.
  void seal(std::string& datagram, const DatagramHeader& header) const;
  /// The header of `datagram` if it is a well-formed thespis datagram whose tag verifies;
  /// nullopt otherwise, with `why` saying what was wrong.
  std::optional<DatagramHeader> open(std::string_view datagram, std::string& why) const;

 private:
  std::array<unsigned char, 32> key_{};
};

/// The header of a datagram this process sent, as an ICMP error quotes it back (no tag check:
/// the quote may be cut short after the header).
std::optional<DatagramHeader> quoted_header(std::string_view datagram);

/// A random incarnation (never 0).
std::uint64_t random_incarnation();

}  // namespace thespis::net::detail
