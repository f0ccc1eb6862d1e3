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

void PctScheduler::became_ready(std::uint64_t actor, ReadySet::Ticket ticket) {
  if (auto known = priorities_.find(actor); known != priorities_.end()) {
    ranked_.insert({known->second, ticket, actor});
  } else {
    unseen_.push_back({ticket, actor});
  }
}

void PctScheduler::became_unready(std::uint64_t actor, ReadySet::Ticket ticket) {
  // An actor without a priority leaves a stale entry in unseen_, skipped when drawing.
  if (auto known = priorities_.find(actor); known != priorities_.end()) {
    ranked_.erase({known->second, ticket, actor});
  }
}

void PctScheduler::draw_priorities(const ReadySet& ready) {
  std::vector<Unseen> drawing;
  for (const Unseen& u : unseen_) {
    if (ready.contains(u.ticket)) drawing.push_back(u);
  }
  unseen_.clear();
  // Priorities are drawn in the order the scan of the ready actors that PCT was first written
  // as drew them, so that recorded PCT runs keep their meaning: it compared ready[i] against
  // the best so far, left operand first, so when the two oldest both lacked a priority the
  // second oldest drew before the oldest.
  if (drawing.size() >= 2 && ready.rank(drawing[0].ticket) == 0 &&
      ready.rank(drawing[1].ticket) == 1) {
    std::swap(drawing[0], drawing[1]);
  }
  for (const Unseen& u : drawing) {
    const std::uint64_t priority = initial_floor + (random_.bits() >> 2);
    priorities_.emplace(u.actor, priority);
    ranked_.insert({priority, u.ticket, u.actor});
  }
}

std::uint64_t PctScheduler::pick(const ReadySet& ready) {
  draw_priorities(ready);
  const Ranked best = *ranked_.begin();
  ++step_;
  std::uint64_t lowered = best.priority;
  while (next_change_ < change_points_.size() && change_points_[next_change_] <= step_) {
    // The i-th change point gives priority d - i: below every initial one, later ones lower.
    lowered = change_points_.size() - next_change_;
    ++next_change_;
  }
  if (lowered != best.priority) {
    priorities_[best.actor] = lowered;
    ranked_.erase(best);
    ranked_.insert({lowered, best.ticket, best.actor});
  }
  return ready.rank(best.ticket);
}

}  // namespace thespis::sim::detail
