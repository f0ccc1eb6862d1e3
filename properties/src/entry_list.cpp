#include <algorithm>
#include <tuple>

#include <thespis/properties/detail/entry_list.hpp>

namespace thespis::properties::detail {

namespace {

struct Event {
  std::chrono::nanoseconds time;
  bool is_return;
  std::size_t operation;
};

// At equal times calls come before returns: operations that touch count as concurrent, so the
// checker never reports an order the clocks cannot vouch for.
bool before(const Event& a, const Event& b) {
  return std::tie(a.time, a.is_return, a.operation) < std::tie(b.time, b.is_return, b.operation);
}

std::vector<Event> events_of(const History& history) {
  std::vector<Event> events;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Operation& op = history[i];
    if (op.outcome == Outcome::fail) continue;
    events.push_back({op.invoked, false, i});
    if (op.completed != never) events.push_back({op.completed, true, i});
  }
  std::sort(events.begin(), events.end(), before);
  return events;
}

}  // namespace

EntryList::EntryList(const History& history) {
  const std::vector<Event> events = events_of(history);
  entries_.resize(events.size() + 2);
  std::vector<std::size_t> call_of(history.size(), head);
  for (std::size_t i = 0; i < events.size(); ++i) {
    Entry& entry = entries_[i + 1];
    entry.operation = events[i].operation;
    entry.is_call = !events[i].is_return;
    if (entry.is_call) {
      call_of[entry.operation] = i + 1;
    } else {
      entries_[call_of[entry.operation]].match = i + 1;
      entry.match = call_of[entry.operation];
      if (history[entry.operation].outcome == Outcome::ok) ++definite_;
    }
  }
  next_.resize(entries_.size());
  prev_.resize(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    next_[i] = i + 1 < entries_.size() ? i + 1 : i;
    prev_[i] = i > 0 ? i - 1 : 0;
  }
}

void EntryList::unlink(std::size_t entry) {
  next_[prev_[entry]] = next_[entry];
  prev_[next_[entry]] = prev_[entry];
}

void EntryList::relink(std::size_t entry) {
  next_[prev_[entry]] = entry;
  prev_[next_[entry]] = entry;
}

void EntryList::lift(std::size_t call) {
  unlink(call);
  if (entries_[call].match != head) unlink(entries_[call].match);
}

void EntryList::unlift(std::size_t call) {
  if (entries_[call].match != head) relink(entries_[call].match);
  relink(call);
}

}  // namespace thespis::properties::detail
