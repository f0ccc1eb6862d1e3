#include "pct.hpp"

#include <algorithm>

namespace thespis::sim::detail {
namespace {

// Priorities at or above this are initial ones; change points lower an actor beneath it.
constexpr std::uint64_t initial_floor = 1ULL << 32;

}  // namespace

PctScheduler::PctScheduler(std::uint64_t seed, int depth, std::uint64_t steps)
    : random_(seed ^ 0x9c7a3b1d5e2f4a68ULL) {
  for (int i = 1; i < depth; ++i)
    change_points_.push_back(1 + random_.choose(std::max<std::uint64_t>(steps, 1)));
  std::sort(change_points_.begin(), change_points_.end());
}

std::uint64_t PctScheduler::priority_of(std::uint64_t actor) {
  auto [it, inserted] = priorities_.try_emplace(actor, 0);
  if (inserted) it->second = initial_floor + (random_.bits() >> 2);
  return it->second;
}

std::uint64_t PctScheduler::pick(const std::deque<std::uint64_t>& ready) {
  std::uint64_t best = 0;
  for (std::uint64_t i = 1; i < ready.size(); ++i) {
    if (priority_of(ready[i]) > priority_of(ready[best])) best = i;
  }
  ++step_;
  while (next_change_ < change_points_.size() && change_points_[next_change_] <= step_) {
    // The i-th change point gives priority d - i: below every initial one, later ones lower.
    priorities_[ready[best]] = change_points_.size() - next_change_;
    ++next_change_;
  }
  return best;
}

}  // namespace thespis::sim::detail
