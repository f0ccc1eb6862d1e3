// Pairing a trace's events into links: sends with where their messages ended, timers with their
// firings, firings with the delivery of their wakeups.
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include <thespis/scenario/trace_view.hpp>

namespace thespis::scenario {
namespace {

/// Positions waiting for their other end, first in first out, by a key of the event's fields.
class Waiting {
 public:
  void push(std::string key, std::size_t position) { queues_[std::move(key)].push_back(position); }
  std::optional<std::size_t> pop(const std::string& key) {
    auto it = queues_.find(key);
    if (it == queues_.end() || it->second.empty()) return std::nullopt;
    const std::size_t position = it->second.front();
    it->second.pop_front();
    return position;
  }
  std::optional<std::size_t> peek(const std::string& key) const {
    auto it = queues_.find(key);
    if (it == queues_.end() || it->second.empty()) return std::nullopt;
    return it->second.front();
  }

 private:
  std::unordered_map<std::string, std::deque<std::size_t>> queues_;
};

std::string message_key(std::string_view sender, std::string_view recipient,
                        const TraceRecord& record) {
  std::string key;
  key.reserve(sender.size() + recipient.size() + record.type.size() + record.message.size() + 3);
  key.append(sender).append(1, '\x1f').append(recipient).append(1, '\x1f');
  key.append(record.type).append(1, '\x1f').append(record.message);
  return key;
}

std::optional<LinkKind> end_kind(std::string_view kind) {
  if (kind == "deliver") return LinkKind::delivered;
  if (kind == "drop") return LinkKind::dropped;
  if (kind == "duplicate") return LinkKind::duplicated;
  if (kind == "corrupt") return LinkKind::corrupt;
  if (kind == "dead_letter") return LinkKind::dead_letter;
  if (kind == "poison") return LinkKind::poison;
  return std::nullopt;
}

/// Positions by trace index, for causes; identity when the trace is numbered from 0 in order.
class Positions {
 public:
  explicit Positions(const std::vector<TraceRecord>& trace) {
    for (std::size_t i = 0; i < trace.size(); ++i) {
      if (trace[i].index != i) identity_ = false;
    }
    if (identity_) return;
    for (std::size_t i = 0; i < trace.size(); ++i) by_index_.emplace(trace[i].index, i);
  }
  std::optional<std::size_t> of(std::uint64_t index, std::size_t size) const {
    if (identity_) return index < size ? std::optional<std::size_t>(index) : std::nullopt;
    auto it = by_index_.find(index);
    return it == by_index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }

 private:
  bool identity_ = true;
  std::unordered_map<std::uint64_t, std::size_t> by_index_;
};

class Linker {
 public:
  explicit Linker(const std::vector<TraceRecord>& trace) : trace_(trace), positions_(trace) {}

  std::vector<TraceLink> run() {
    for (std::size_t i = 0; i < trace_.size(); ++i) visit(i);
    return std::move(links_);
  }

 private:
  void visit(std::size_t i) {
    const TraceRecord& r = trace_[i];
    if (r.kind == "send") {
      sends_.push(message_key(r.actor, r.other, r), i);
    } else if (r.kind == "timer_set") {
      timers_.push(message_key(r.actor, r.actor, r), i);
    } else if (r.kind == "timer_fire") {
      link(cause_or(r, [&] { return timers_.pop(message_key(r.actor, r.actor, r)); }), i,
           LinkKind::timer);
      wakeups_.push(message_key(r.actor, r.actor, r), i);
    } else if (auto kind = end_kind(r.kind)) {
      end_message(i, *kind);
    }
  }

  /// For the ends of messages, `actor` is the recipient and `other` the sender.
  void end_message(std::size_t i, LinkKind kind) {
    const TraceRecord& r = trace_[i];
    const std::string key = message_key(r.other, r.actor, r);
    std::optional<std::size_t> from;
    if (kind == LinkKind::duplicated) {
      // The copy arrives as one more delivery: it waits for its end like the original.
      from = cause_or(r, [&] { return sends_.peek(key); });
      if (from) sends_.push(key, *from);
    } else if (kind == LinkKind::poison) {
      from = cause(r);  // the delivery already took the send off the queue
    } else {
      from = cause_or(r, [&] { return sends_.pop(key); });
      // A wakeup has no send: its delivery follows its timer's firing.
      if (!from && kind == LinkKind::delivered)
        from = wakeups_.pop(message_key(r.actor, r.actor, r));
      if (from && kind == LinkKind::delivered && trace_[*from].kind == "timer_fire") {
        kind = LinkKind::wakeup;
      }
    }
    link(from, i, kind);
  }

  std::optional<std::size_t> cause(const TraceRecord& r) const {
    if (!r.cause) return std::nullopt;
    return positions_.of(*r.cause, trace_.size());
  }

  template <typename Match>
  std::optional<std::size_t> cause_or(const TraceRecord& r, Match match) {
    if (r.cause) return cause(r);
    return match();
  }

  void link(std::optional<std::size_t> from, std::size_t to, LinkKind kind) {
    links_.push_back(TraceLink{from, to, kind});
  }

  const std::vector<TraceRecord>& trace_;
  Positions positions_;
  Waiting sends_;
  Waiting timers_;
  Waiting wakeups_;
  std::vector<TraceLink> links_;
};

}  // namespace

std::vector<TraceLink> trace_links(const std::vector<TraceRecord>& trace) {
  return Linker(trace).run();
}

}  // namespace thespis::scenario
