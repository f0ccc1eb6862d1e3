// The simulated network between nodes. A message between actors of one node never touches it
// (except that the udp profile refuses one over `datagram_limit` between two distinct actors
// even there, as the real udp base, a process per actor, must); a message to another node travels
// as one frame over a directed link, which may delay, lose, duplicate, reorder or corrupt it
// according to the link's options and the profile's contract.
//
// Every probabilistic decision is one choice of the simulation's ChoiceSource, and choice 0
// always means the calm outcome (delivered once, intact, with the minimum delay).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace thespis::sim {

/// The contract of the real base a profile stands for.
enum class NetworkProfile : std::uint8_t {
  /// FIFO per ordered pair of nodes while the connection lives; a crash, a partition, a lost or
  /// a corrupted frame resets the connection and loses everything in flight on it. Duplicate
  /// and reorder do not apply.
  tcp,
  /// Each frame travels alone: it may be lost, duplicated, reordered or corrupted. A message
  /// over `datagram_limit` bytes between two distinct actors (of one node too) is refused at
  /// the sender; a self-send is not limited.
  udp,
};

struct Latency {
  enum class Shape : std::uint8_t {
    fixed,        ///< always `min`
    uniform,      ///< uniform in [min, max]
    exponential,  ///< min + exponential with mean `mean`, capped at `max` (a long tail)
  };
  Shape shape = Shape::fixed;
  std::chrono::nanoseconds min{0};
  std::chrono::nanoseconds max{0};
  std::chrono::nanoseconds mean{0};

  static Latency fixed_at(std::chrono::nanoseconds value) { return {Shape::fixed, value, value}; }
  static Latency uniform_in(std::chrono::nanoseconds low, std::chrono::nanoseconds high) {
    return {Shape::uniform, low, high};
  }
  static Latency exponential_tail(std::chrono::nanoseconds low, std::chrono::nanoseconds mean,
                                  std::chrono::nanoseconds cap) {
    return {Shape::exponential, low, cap, mean};
  }
};

/// What one directed link does to the frames it carries. Probabilities are in [0, 1].
struct LinkOptions {
  Latency latency;
  double drop = 0;
  double duplicate = 0;  ///< udp only
  double reorder = 0;    ///< udp only: the frame is held back by up to `reorder_window` more
  std::chrono::nanoseconds reorder_window{std::chrono::milliseconds(10)};
  double corrupt = 0;  ///< one byte of the encoded frame is flipped; the receiver rejects it
};

struct NetworkOptions {
  NetworkProfile profile = NetworkProfile::tcp;
  /// Options of every link without its own entry in `links`.
  LinkOptions defaults;
  /// Per directed link (from node name, to node name).
  std::map<std::pair<std::string, std::string>, LinkOptions> links;
  /// Largest udp frame (encoded message) in bytes.
  std::size_t datagram_limit = 65507;
};

/// Timing of the convention's heartbeats (semantics 12).
struct ConventionOptions {
  std::chrono::nanoseconds heartbeat_interval{std::chrono::seconds(1)};
  /// A member not heard from for this many intervals is dropped.
  int missed_heartbeats = 3;
  /// How long an external create_actor placed on another node waits for it to start.
  std::chrono::nanoseconds remote_create_timeout{std::chrono::seconds(10)};
};

std::string to_string(NetworkProfile profile);

}  // namespace thespis::sim
