// The search of one (partition of a) history, after Wing & Gong as refined by Lowe and used by
// Porcupine: walk the entry list; at a call, try to linearize its operation now (the model
// accepts it and the pair (linearized set, state) was never reached before), lift it and restart
// from the head; at a return whose call is not linearized, undo the latest linearization and try
// the next candidate after it. Memoising (set, state) pairs is what makes the search fast: two
// orders that reach the same state with the same operations need not be explored twice.
//
// An operation of unknown outcome is optional. Without a deadline it has no return entry and
// simply stays available. With one (an unknown operation whose `completed` is set), reaching
// its return unlinearized decides that it never took effect: the search records that decision
// like a linearization, so backtracking undoes it. The memo does not tell the two decisions
// apart, since the rest of the search depends only on which operations are still undecided
// and on the state: without that, every such operation would double the configurations.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include <thespis/properties/check_result.hpp>
#include <thespis/properties/detail/entry_list.hpp>
#include <thespis/properties/model.hpp>

namespace thespis::properties::detail {

template <class State>
std::size_t hash_state(const Model<State>& model, const State& state) {
  if (model.hash) return model.hash(state);
  return std::hash<State>{}(state);
}

template <class State>
class Search {
 public:
  Search(const Model<State>& model, const History& history, std::uint64_t& budget)
      : model_(model),
        history_(history),
        list_(history),
        decided_(history.size()),
        budget_(budget),
        cache_(16, CacheHash{&model}) {}

  Verdict run() {
    remaining_ = list_.definite();
    State state = model_.init();
    std::size_t entry = list_.first();
    while (remaining_ > 0) {
      if (budget_ == 0) return Verdict::unknown;
      --budget_;
      std::optional<std::size_t> next = step(entry, state);
      if (!next) return Verdict::illegal;
      entry = *next;
    }
    return Verdict::linearizable;
  }

 private:
  struct Frame {
    std::size_t call;
    State before;
    bool skipped;  // decided "never took effect" rather than linearized
  };
  struct CacheEntry {
    LinearizedSet decided;
    State state;
    bool operator==(const CacheEntry&) const = default;
  };
  struct CacheHash {
    const Model<State>* model;
    std::size_t operator()(const CacheEntry& e) const {
      return static_cast<std::size_t>(e.decided.hash() * 31) ^ hash_state(*model, e.state);
    }
  };

  /// One move of the search from `entry`: the entry to visit next, or nothing when there is
  /// nothing left to undo (the history is not linearizable).
  std::optional<std::size_t> step(std::size_t entry, State& state) {
    if (entry != list_.end() && list_.is_call(entry)) {
      return try_linearize(entry, state) ? list_.first() : list_.next(entry);
    }
    if (entry != list_.end() && is_optional(entry) && try_skip(entry, state)) {
      return list_.first();
    }
    return backtrack(state);
  }

  bool is_optional(std::size_t entry) const {
    return history_[list_.operation(entry)].outcome == Outcome::unknown;
  }

  bool try_linearize(std::size_t call, State& state) {
    const std::size_t operation = list_.operation(call);
    const Operation& op = history_[operation];
    std::optional<State> next =
        model_.step(state, op.input,
                    op.outcome == Outcome::ok ? std::optional<Message>(op.output) : std::nullopt);
    if (!next) return false;
    // An unknown operation that leaves the state as it is need not be linearized here: leaving
    // it out gives the same state and keeps it available. Skipping it spares the cache one
    // entry per subset of such operations (unknown reads would otherwise multiply the search).
    if (op.outcome == Outcome::unknown && *next == state) return false;
    if (!decide(call, operation, std::move(*next), state, false)) return false;
    if (op.outcome == Outcome::ok) --remaining_;
    return true;
  }

  /// At the deadline of an optional operation: it never took effect.
  bool try_skip(std::size_t return_entry, State& state) {
    const std::size_t call = list_.call_of(return_entry);
    const std::size_t operation = list_.operation(call);
    State same = state;
    return decide(call, operation, std::move(same), state, true);
  }

  /// Records a decision about `operation` leading to `next`, unless already explored.
  bool decide(std::size_t call, std::size_t operation, State next, State& state, bool skipped) {
    decided_.flip(operation);
    if (!cache_.insert(CacheEntry{decided_, next}).second) {
      decided_.flip(operation);
      return false;
    }
    stack_.push_back(Frame{call, std::move(state), skipped});
    state = std::move(next);
    list_.lift(call);
    return true;
  }

  /// Undoes decisions up to and including the latest linearization (a skip had no
  /// alternative); returns the entry after it, or nothing if there was none.
  std::optional<std::size_t> backtrack(State& state) {
    while (!stack_.empty()) {
      Frame frame = std::move(stack_.back());
      stack_.pop_back();
      const std::size_t operation = list_.operation(frame.call);
      decided_.flip(operation);
      state = std::move(frame.before);
      list_.unlift(frame.call);
      if (frame.skipped) continue;
      if (history_[operation].outcome == Outcome::ok) ++remaining_;
      return list_.next(frame.call);
    }
    return std::nullopt;
  }

  const Model<State>& model_;
  const History& history_;
  EntryList list_;
  LinearizedSet decided_;  // operations linearized or decided never to have taken effect
  std::uint64_t& budget_;
  std::size_t remaining_ = 0;
  std::vector<Frame> stack_;
  std::unordered_set<CacheEntry, CacheHash> cache_;
};

}  // namespace thespis::properties::detail
