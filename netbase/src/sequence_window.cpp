#include "sequence_window.hpp"

#include <algorithm>
#include <limits>

namespace thespis::net::detail {
namespace {

std::int64_t signed_count(std::uint64_t n) {
  return static_cast<std::int64_t>(
      std::min<std::uint64_t>(n, std::numeric_limits<std::int64_t>::max()));
}

}  // namespace

std::int64_t SequenceWindow::skip_to(std::uint64_t first) {
  if (first <= next_) return 0;
  gaps_.emplace_back(next_, first);
  if (gaps_.size() > max_gaps) gaps_.erase(gaps_.begin());
  const std::uint64_t missing = first - next_;
  next_ = first;
  return signed_count(missing);
}

SequenceWindow::Verdict SequenceWindow::data(std::uint64_t first, std::uint64_t count) {
  if (count == 0 || first > std::numeric_limits<std::uint64_t>::max() - count) return {};
  const std::uint64_t end = first + count;
  if (first >= next_) {
    const std::int64_t lost = skip_to(first);
    next_ = end;
    return {true, lost};
  }
  // Older than what came last: it fills (part of) a gap, or it was delivered already.
  auto gap = std::find_if(gaps_.begin(), gaps_.end(),
                          [&](const auto& g) { return g.first <= first && end <= g.second; });
  if (gap == gaps_.end()) return {};
  const auto [begin, stop] = *gap;
  gap = gaps_.erase(gap);
  if (end < stop) gap = gaps_.insert(gap, {end, stop});
  if (begin < first) gaps_.insert(gap, {begin, first});
  return {true, -signed_count(count)};
}

std::int64_t SequenceWindow::mark(std::uint64_t next) { return skip_to(next); }

}  // namespace thespis::net::detail
