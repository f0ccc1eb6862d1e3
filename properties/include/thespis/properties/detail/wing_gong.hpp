// The search of one (partition of a) history, after Wing & Gong as refined by Lowe and used by
// Porcupine: walk the entry list; at a call, try to linearize its operation now (the model
// accepts it and the pair (linearized set, state) was never reached before), lift it and restart
// from the head; at a return whose call is not linearized, undo the latest linearization and try
// the next candidate after it. Memoising (set, state) pairs is what makes the search fast: two
// orders that reach the same state with the same operations need not be explored twice.
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
        linearized_(history.size()),
        budget_(budget),
        cache_(16, CacheHash{&model}) {}

  Verdict run() {
    std::size_t remaining = list_.definite();
    State state = model_.init();
    std::size_t entry = list_.first();
    while (remaining > 0) {
      if (entry != list_.end() && list_.is_call(entry)) {
        if (budget_ == 0) return Verdict::unknown;
        --budget_;
        if (try_linearize(entry, state)) {
          if (history_[list_.operation(entry)].outcome == Outcome::ok) --remaining;
          entry = list_.first();
        } else {
          entry = list_.next(entry);
        }
        continue;
      }
      // A return whose operation is not linearized yet (or the end): backtrack.
      if (stack_.empty()) return Verdict::illegal;
      entry = backtrack(state, remaining);
    }
    return Verdict::linearizable;
  }

 private:
  struct Frame {
    std::size_t call;
    State before;
  };
  struct CacheEntry {
    LinearizedSet linearized;
    State state;
    bool operator==(const CacheEntry&) const = default;
  };
  struct CacheHash {
    const Model<State>* model;
    std::size_t operator()(const CacheEntry& e) const {
      return static_cast<std::size_t>(e.linearized.hash() * 31) ^ hash_state(*model, e.state);
    }
  };

  bool try_linearize(std::size_t call, State& state) {
    const Operation& op = history_[list_.operation(call)];
    std::optional<State> next =
        model_.step(state, op.input,
                    op.outcome == Outcome::ok ? std::optional<Message>(op.output) : std::nullopt);
    if (!next) return false;
    linearized_.flip(list_.operation(call));
    if (!cache_.insert(CacheEntry{linearized_, *next}).second) {
      linearized_.flip(list_.operation(call));
      return false;
    }
    stack_.push_back(Frame{call, std::move(state)});
    state = std::move(*next);
    list_.lift(call);
    return true;
  }

  /// Undoes the latest linearization; returns the entry to try next.
  std::size_t backtrack(State& state, std::size_t& remaining) {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    const std::size_t operation = list_.operation(frame.call);
    linearized_.flip(operation);
    if (history_[operation].outcome == Outcome::ok) ++remaining;
    state = std::move(frame.before);
    list_.unlift(frame.call);
    return list_.next(frame.call);
  }

  const Model<State>& model_;
  const History& history_;
  EntryList list_;
  LinearizedSet linearized_;
  std::uint64_t& budget_;
  std::vector<Frame> stack_;
  std::unordered_set<CacheEntry, CacheHash> cache_;
};

}  // namespace thespis::properties::detail
