// SequenceWindow: what a receiver knows of one sender's numbered stream of envelopes. Every
// envelope a sender sends to one receiver has the next number; a datagram carries a run of them.
// A gap means envelopes that were lost (counted at once); a run that later fills a gap arrived
// late, not lost (the count goes back down); a run seen before is a duplicate or a replay, and
// is not delivered again. The gaps remembered are bounded: the oldest are given up, still
// counted as lost, and a run that would have filled one is then taken for a duplicate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace thespis::net::detail {

/// `total + change`, held within the range of int64_t: a count of lost envelopes that a peer
/// holding the secret inflates must not overflow (undefined behaviour) where it is summed.
inline std::int64_t add_saturating(std::int64_t total, std::int64_t change) {
  std::int64_t sum = 0;
  if (!__builtin_add_overflow(total, change, &sum)) return sum;
  return change > 0 ? INT64_MAX : INT64_MIN;
}

class SequenceWindow {
 public:
  struct Verdict {
    bool deliver = false;
    std::int64_t lost = 0;  ///< change of the count of envelopes lost
  };

  /// A datagram with `count` envelopes numbered from `first`.
  Verdict data(std::uint64_t first, std::uint64_t count);
  /// The sender says it has sent everything below `next`: the change of the lost count.
  std::int64_t mark(std::uint64_t next);
  /// Gaps remembered now (for tests).
  std::size_t gaps() const { return gaps_.size(); }

  static constexpr std::size_t max_gaps = 256;

 private:
  std::int64_t skip_to(std::uint64_t first);

  std::uint64_t next_ = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> gaps_;  // [begin, end), oldest first
};

}  // namespace thespis::net::detail
