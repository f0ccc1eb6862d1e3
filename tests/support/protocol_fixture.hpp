// ProtocolTrace: a test fixture that reads like a protocol trace, in the manner of CAF's
// deterministic fixture. It owns a Simulation whose trace is recorded, injects messages from any
// participant, and then walks the recorded trace with a cursor:
//
//   ProtocolTrace trace;
//   const ActorAddress echo = trace.system().create_actor<Echo>();
//   const ActorAddress client = trace.system().create_actor<Client>();
//   trace.inject(Ping{"x"}).from(client).to(echo);      // send as the client, run until quiet
//   trace.expect<Ping>().from(client).to(echo);
//   trace.expect<Pong>().with(Pong{"x"}).from(echo).to(client);
//   trace.disallow<Pong>().from(echo).to(client);       // and only one
//
// Why probe actors are not needed: every message a handler receives is a `deliver` event of the
// trace, with its sender, recipient, value and virtual time. A test that states those events in
// order says what the protocol does, without adding messages (state queries) to the run.
//
// What an expectation matches is a *delivery*: the event recorded when the recipient's handler
// is given the message. Arrivals at an external endpoint are not traced (adding them would change
// every recorded trace hash), so for a recipient that no `create` event names, i.e. an endpoint,
// the send to it stands for its delivery, unless the endpoint would filter the message
// (endpoint_may_see). On a lossy network such a send may not arrive; tests of loss look at
// deliveries to actors.
//
// The cursor. expect<T>() looks at the first delivery after the cursor on the channel it names
// (to the recipient; from the sender, if given) and fails unless that one is a T (equal to the
// value, or satisfying the predicate, and within the time bounds, if given). A different message
// there is a failure, never something to skip: that is what makes a wrong order fail. On success
// the cursor moves past that delivery, so successive expectations also state the order across
// channels. disallow<T>() fails if any matching delivery follows the cursor, and does not move
// it; with the expectations before it, it states "exactly these". Two mailboxes served in a
// seeded order are two independent channels: rewind() moves the cursor back to state the second.
// delivered<T>() lists a channel's values after the cursor, for long runs (FIFO of 2,000).
//
// Failures are non-fatal gtest failures at the test's line, with an excerpt of the trace around
// the cursor; after the first, later expectations are not checked (they would restate it).
#pragma once

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <source_location>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/delivery_rules.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

namespace thespis::testing {

/// What one expectation looks for in the trace. The typed builders below fill it in.
struct TracePattern {
  const MessageType* type = nullptr;  ///< nullptr: any message
  std::optional<ActorAddress> from;
  ActorAddress to;
  std::function<bool(const Message&)> accepts;  ///< the value test, if any
  std::string value_text;                       ///< how the value test reads in a report
  std::optional<std::chrono::nanoseconds> at;
  std::optional<std::chrono::nanoseconds> not_before;
  std::optional<std::chrono::nanoseconds> not_after;
  std::source_location where;

  std::string describe() const {
    std::string out = (type ? type->name : std::string("a message"));
    if (!value_text.empty()) out += " " + value_text;
    if (from) out += " from " + from->to_string();
    out += " to " + to.to_string();
    if (at) out += " at " + std::to_string(at->count()) + "ns";
    if (not_before) out += " not before " + std::to_string(not_before->count()) + "ns";
    if (not_after) out += " not after " + std::to_string(not_after->count()) + "ns";
    return out;
  }
};

class ProtocolTrace {
 public:
  /// A single node named "main", logging errors only, the trace recorded.
  explicit ProtocolTrace(std::uint64_t seed = sim::default_seed)
      : ProtocolTrace(quiet_options(seed)) {}
  /// Any world; the trace is always recorded (recording does not change the hash).
  explicit ProtocolTrace(sim::SimOptions options) : sim_(recorded(std::move(options))) {}

  static sim::SimOptions quiet_options(std::uint64_t seed = sim::default_seed) {
    sim::SimOptions options;
    options.seed = seed;
    options.log_level = LogLevel::error;
    return options;
  }

  sim::Simulation& sim() { return sim_; }
  /// The actor system of the first node (its address is the default sender of inject()).
  ActorSystem& system() { return system(sim_.node_names().front()); }
  /// The actor system of the named node, made on first use.
  ActorSystem& system(const std::string& node) {
    auto [it, fresh] = systems_.try_emplace(node);
    if (fresh) it->second = std::make_unique<ActorSystem>(sim_.system(node));
    return *it->second;
  }

  // --- injection ---------------------------------------------------------------------------

  class Injection {
   public:
    Injection(ProtocolTrace& fixture, Message message)
        : fixture_(fixture), message_(std::move(message)) {}
    /// The sender it appears to come from (an actor or an endpoint); default: system().
    Injection& from(const ActorAddress& sender) {
      from_ = sender;
      return *this;
    }
    /// Sends, then runs the simulation until no actor has work and no timer is pending.
    void to(const ActorAddress& recipient) {
      const ActorAddress sender = from_ ? *from_ : fixture_.system().address();
      fixture_.sim().send(sender, recipient, std::move(message_));
      fixture_.sim().run_until_quiescent();
    }

   private:
    ProtocolTrace& fixture_;
    Message message_;
    std::optional<ActorAddress> from_;
  };

  Injection inject(Message message) { return Injection(*this, std::move(message)); }

  // --- expectations ------------------------------------------------------------------------

  /// Builds a pattern for messages of type T; to() is the terminal call that checks it.
  template <class T, bool Expected>
  class Check {
   public:
    Check(ProtocolTrace& fixture, std::source_location where) : fixture_(fixture) {
      pattern_.type = &message_type<T>();
      pattern_.where = where;
    }
    Check& from(const ActorAddress& sender) {
      pattern_.from = sender;
      return *this;
    }
    /// The message equals `value`.
    Check& with(const T& value) {
      pattern_.value_text = "== " + Message(value).to_string();
      pattern_.accepts = [expected = Message(value)](const Message& m) { return m == expected; };
      return *this;
    }
    /// The message satisfies `predicate`, described in reports as `description`.
    template <class Predicate>
    requires std::predicate<const Predicate&, const T&> Check& with(
        Predicate predicate, std::string description = "satisfying a predicate") {
      pattern_.value_text = std::move(description);
      pattern_.accepts = [predicate = std::move(predicate)](const Message& m) {
        return predicate(m.get<T>());
      };
      return *this;
    }
    /// The delivery happens at this virtual time.
    Check& at(std::chrono::nanoseconds time) {
      pattern_.at = time;
      return *this;
    }
    /// The delivery happens at this virtual time or later.
    Check& not_before(std::chrono::nanoseconds time) {
      pattern_.not_before = time;
      return *this;
    }
    /// The delivery happens at this virtual time or earlier.
    Check& not_after(std::chrono::nanoseconds time) {
      pattern_.not_after = time;
      return *this;
    }
    /// Checks the pattern; true if it held.
    bool to(const ActorAddress& recipient) {
      pattern_.to = recipient;
      return Expected ? fixture_.check_expected(pattern_) : fixture_.check_disallowed(pattern_);
    }

   private:
    ProtocolTrace& fixture_;
    TracePattern pattern_;
  };

  /// The first delivery after the cursor on the channel is a T; the cursor moves to it.
  template <class T>
  Check<T, true> expect(std::source_location where = std::source_location::current()) {
    return Check<T, true>(*this, where);
  }
  /// No delivery of a T (of that value, ...) on the channel follows the cursor.
  template <class T>
  Check<T, false> disallow(std::source_location where = std::source_location::current()) {
    return Check<T, false>(*this, where);
  }
  /// No delivery of any kind follows the cursor.
  bool expect_nothing_more(std::source_location where = std::source_location::current()) {
    if (failed_) return false;
    const auto next = next_delivery(cursor_, nullptr);
    if (!next) return true;
    return fail(where, "expected nothing more, but found #" + std::to_string(*next), *next);
  }

  /// The values of every T delivered on the channel after the cursor, in delivery order.
  template <class T>
  std::vector<T> delivered(std::optional<ActorAddress> from, const ActorAddress& to) {
    TracePattern channel;
    channel.from = std::move(from);
    channel.to = to;
    std::vector<T> values;
    for (std::size_t i = cursor_; i < events().size(); ++i) {
      if (on_channel(events()[i], channel) && events()[i].message.template is<T>()) {
        values.push_back(events()[i].message.template get<T>());
      }
    }
    return values;
  }

  /// Moves the cursor back (by default to the start), to state a channel whose order is
  /// independent of the one just stated (two mailboxes served in a seeded order).
  void rewind(std::size_t position = 0) { cursor_ = std::min(position, cursor_); }

  /// The recorded events, and the index of the first one expectations look at.
  const std::vector<sim::TraceEvent>& events() const { return sim_.trace().events(); }
  std::size_t cursor() const { return cursor_; }

  /// The events around `at` (default: the cursor), one per line, the cursor marked `>>`.
  std::string excerpt(std::optional<std::size_t> at = {}, std::size_t before = 4,
                      std::size_t after = 12) const {
    const std::size_t centre = at.value_or(cursor_);
    const std::size_t first = centre > before ? centre - before : 0;
    const std::size_t last = std::min(events().size(), centre + after + 1);
    std::string out;
    for (std::size_t i = first; i < last; ++i) {
      out += (i == cursor_ ? ">> " : "   ") + events()[i].to_string() + "\n";
    }
    if (last < events().size())
      out += "   ... " + std::to_string(events().size() - last) + " more\n";
    return out;
  }

 private:
  static sim::SimOptions recorded(sim::SimOptions options) {
    options.record_trace = true;
    return options;
  }

  /// True if `event` is a delivery on the pattern's channel (any type, any value).
  bool on_channel(const sim::TraceEvent& event, const TracePattern& p) {
    if (is_endpoint(p.to)) {
      return event.kind == sim::TraceKind::send && event.other == p.to &&
             (!p.from || event.actor == *p.from) && endpoint_may_see(event.message);
    }
    return event.kind == sim::TraceKind::deliver && event.actor == p.to &&
           (!p.from || event.other == *p.from);
  }

  bool is_delivery(const sim::TraceEvent& event) {
    if (event.kind == sim::TraceKind::deliver) return true;
    return event.kind == sim::TraceKind::send && is_endpoint(event.other) &&
           endpoint_may_see(event.message);
  }

  /// The first delivery at or after `from` on the channel (any channel if `p` is null).
  std::optional<std::size_t> next_delivery(std::size_t from, const TracePattern* p) {
    for (std::size_t i = from; i < events().size(); ++i) {
      if (p ? on_channel(events()[i], *p) : is_delivery(events()[i])) return i;
    }
    return std::nullopt;
  }

  bool matches(const sim::TraceEvent& event, const TracePattern& p) const {
    if (p.type && event.message.type() != p.type) return false;
    if (p.accepts && !p.accepts(event.message)) return false;
    if (p.not_before && event.time < *p.not_before) return false;
    if (p.not_after && event.time > *p.not_after) return false;
    return !p.at || event.time == *p.at;
  }

  bool check_expected(const TracePattern& p) {
    if (failed_) return false;
    const auto next = next_delivery(cursor_, &p);
    if (!next) return fail(p.where, "expected " + p.describe() + ", but nothing more came", {});
    if (!matches(events()[*next], p)) {
      return fail(p.where,
                  "expected " + p.describe() + ", but the next on that channel is #" +
                      std::to_string(*next) + ": " + events()[*next].to_string(),
                  *next);
    }
    cursor_ = *next + 1;
    return true;
  }

  bool check_disallowed(const TracePattern& p) {
    if (failed_) return false;
    for (auto next = next_delivery(cursor_, &p); next; next = next_delivery(*next + 1, &p)) {
      if (matches(events()[*next], p)) {
        return fail(p.where,
                    "disallowed " + p.describe() + ", but found #" + std::to_string(*next) + ": " +
                        events()[*next].to_string(),
                    *next);
      }
    }
    return true;
  }

  bool fail(const std::source_location& where, const std::string& what,
            std::optional<std::size_t> at) {
    failed_ = true;
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
        << what << "\ntrace around the cursor (#" << cursor_ << " of " << events().size()
        << " events):\n"
        << excerpt()
        << (at && *at > cursor_ + 12 ? "and at the offending event:\n" + excerpt(at)
                                     : std::string());
    return false;
  }

  /// Endpoints are the addresses no `create` event names (the trace has every creation).
  bool is_endpoint(const ActorAddress& address) {
    for (; scanned_ < events().size(); ++scanned_) {
      if (events()[scanned_].kind == sim::TraceKind::create)
        created_.insert(events()[scanned_].actor);
    }
    return !created_.contains(address);
  }

  sim::Simulation sim_;
  std::map<std::string, std::unique_ptr<ActorSystem>> systems_;
  std::size_t cursor_ = 0;
  bool failed_ = false;
  std::size_t scanned_ = 0;
  std::set<ActorAddress> created_;
};

}  // namespace thespis::testing
