// The kernel's ready set and PCT's picks over it (simbase/src/ready_set.hpp, pct.hpp) against
// the queue they replaced: every choice value must keep naming the same actor, or recorded
// tapes and trace hashes would change meaning.
#include "ready_set.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "pct.hpp"

namespace thespis::sim::detail {
namespace {

/// The readiness queue as it was: ids in the order they became ready.
struct QueueModel {
  std::deque<std::uint64_t> ids;
  std::map<std::uint64_t, ReadySet::Ticket> tickets;  // of the ReadySet under test
};

/// Checks every position, rank and membership of `set` against `model`.
void expect_same(const ReadySet& set, const QueueModel& model) {
  RC_ASSERT(set.size() == model.ids.size());
  for (std::size_t k = 0; k < model.ids.size(); ++k) {
    RC_ASSERT(set.at(k) == model.ids[k]);
    const ReadySet::Ticket ticket = model.tickets.at(model.ids[k]);
    RC_ASSERT(set.contains(ticket));
    RC_ASSERT(set.rank(ticket) == k);
  }
}

RC_GTEST_PROP(ReadySet, NamesTheKthOldestAsTheQueueDid, ()) {
  ReadySet set;
  QueueModel model;
  std::vector<ReadySet::Ticket> gone;
  std::uint64_t next_id = 1;
  const auto steps = *rc::gen::inRange(1, 600);
  for (int i = 0; i < steps; ++i) {
    const int op = *rc::gen::inRange(0, 10);
    if (op < 5 || model.ids.empty()) {  // an actor becomes ready
      const std::uint64_t id = next_id++;
      model.tickets[id] = set.push(id);
      model.ids.push_back(id);
    } else if (op < 8) {  // a step takes the k-th, which may come back as the newest
      const auto k = *rc::gen::inRange<std::size_t>(0, model.ids.size());
      const std::uint64_t id = model.ids[k];
      RC_ASSERT(set.take(k) == id);
      gone.push_back(model.tickets[id]);
      model.ids.erase(model.ids.begin() + static_cast<std::ptrdiff_t>(k));
      if (*rc::gen::arbitrary<bool>()) {
        model.tickets[id] = set.push(id);
        model.ids.push_back(id);
      }
    } else if (op < 9) {  // a pause or a crash makes any of them not ready
      const auto k = *rc::gen::inRange<std::size_t>(0, model.ids.size());
      const std::uint64_t id = model.ids[k];
      set.erase(model.tickets[id]);
      gone.push_back(model.tickets[id]);
      model.ids.erase(model.ids.begin() + static_cast<std::ptrdiff_t>(k));
    } else if (*rc::gen::inRange(0, 20) == 0) {
      set.clear();
      model.ids.clear();
    }
    expect_same(set, model);
  }
  for (const ReadySet::Ticket ticket : gone) {
    const bool again = std::any_of(model.tickets.begin(), model.tickets.end(), [&](auto& t) {
      return t.second == ticket &&
             std::find(model.ids.begin(), model.ids.end(), t.first) != model.ids.end();
    });
    RC_ASSERT(set.contains(ticket) == again);
  }
}

TEST(ReadySet, KeepsItsOldestWhileAMillionOthersComeAndGo) {
  ReadySet set;
  ReadySet::Ticket oldest = set.push(1);  // waits throughout, as a low PCT priority may
  for (std::uint64_t id = 2; id < 1'000'000; ++id) {
    const ReadySet::Ticket t = set.push(id);
    EXPECT_EQ(set.rank(t), 1u);
    EXPECT_EQ(set.take(1), id);
  }
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(set.rank(oldest), 0u);
  EXPECT_EQ(set.at(0), 1u);
}

/// PCT's pick as first written: a scan of the queue, priorities drawn as first seen.
class ScanningPct {
 public:
  ScanningPct(std::uint64_t seed, int depth, std::uint64_t steps)
      : random_(seed ^ 0x9c7a3b1d5e2f4a68ULL) {
    for (int i = 1; i < depth; ++i)
      change_points_.push_back(1 + random_.choose(std::max<std::uint64_t>(steps, 1)));
    std::sort(change_points_.begin(), change_points_.end());
  }
  std::uint64_t pick(const std::deque<std::uint64_t>& ready) {
    std::uint64_t best = 0;
    for (std::uint64_t i = 1; i < ready.size(); ++i) {
      // As the original compiled (GCC and Clang alike): the left call first.
      const std::uint64_t challenger = priority_of(ready[i]);
      if (challenger > priority_of(ready[best])) best = i;
    }
    ++step_;
    while (next_change_ < change_points_.size() && change_points_[next_change_] <= step_) {
      priorities_[ready[best]] = change_points_.size() - next_change_;
      ++next_change_;
    }
    return best;
  }

 private:
  std::uint64_t priority_of(std::uint64_t actor) {
    auto [it, inserted] = priorities_.try_emplace(actor, 0);
    if (inserted) it->second = (1ULL << 32) + (random_.bits() >> 2);
    return it->second;
  }
  ChoiceSource random_;
  std::map<std::uint64_t, std::uint64_t> priorities_;
  std::vector<std::uint64_t> change_points_;
  std::size_t next_change_ = 0;
  std::uint64_t step_ = 0;
};

RC_GTEST_PROP(PctScheduler, PicksWhatTheScanPicked, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const auto depth = *rc::gen::inRange(1, 6);
  const auto steps = *rc::gen::inRange<std::uint64_t>(1, 200);
  ScanningPct scan(seed, depth, steps);
  PctScheduler pct(seed, depth, steps);
  ReadySet set;
  QueueModel model;
  const std::uint64_t actors = *rc::gen::inRange<std::uint64_t>(2, 30);
  auto make_ready = [&](std::uint64_t id) {
    if (std::find(model.ids.begin(), model.ids.end(), id) != model.ids.end()) return;
    model.tickets[id] = set.push(id);
    pct.became_ready(id, model.tickets[id]);
    model.ids.push_back(id);
  };
  auto unready_at = [&](std::size_t k) {
    const std::uint64_t id = model.ids[k];
    set.erase(model.tickets[id]);
    pct.became_unready(id, model.tickets[id]);
    model.ids.erase(model.ids.begin() + static_cast<std::ptrdiff_t>(k));
  };
  const auto rounds = *rc::gen::inRange(1, 400);
  for (int i = 0; i < rounds; ++i) {
    const int op = *rc::gen::inRange(0, 10);
    if (op < 4) {
      make_ready(*rc::gen::inRange<std::uint64_t>(1, actors + 1));
    } else if (op < 5 && !model.ids.empty()) {
      unready_at(*rc::gen::inRange<std::size_t>(0, model.ids.size()));
    } else if (!model.ids.empty()) {  // a step, as Kernel::step takes it
      std::size_t k = 0;
      if (model.ids.size() > 1) {
        k = pct.pick(set);
        RC_ASSERT(k == scan.pick(model.ids));
      }
      const std::uint64_t id = model.ids[k];
      unready_at(k);
      if (*rc::gen::arbitrary<bool>()) make_ready(id);
    }
  }
}

}  // namespace
}  // namespace thespis::sim::detail
