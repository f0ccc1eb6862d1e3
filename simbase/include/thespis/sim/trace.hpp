// Trace: the structured record of what a simulation did. Every event folds a few integers into
// a rolling 64-bit hash (always on, cheap); a send also folds a digest of the message's encoded
// bytes, so two runs that differ only in what a message says differ in hash from that send on.
// When recording is enabled the events are also kept with their messages so they can be
// rendered (to_string, JSON lines). Two runs of the same build with the same seed and inputs
// have the same hash; a difference in hash means the runs diverged, and the recorded events (each
// with the hash after it) show where.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/detail/hash.hpp>
#include <thespis/log.hpp>
#include <thespis/message.hpp>
#include <thespis/message_type.hpp>

namespace thespis::sim {

enum class TraceKind : std::uint8_t {
  create,       ///< actor: the new actor, other: its parent
  start,        ///< actor constructed
  send,         ///< actor: sender, other: recipient
  deliver,      ///< actor: recipient, other: sender
  drop,         ///< message or frame discarded (filtered, lost, partitioned, dead letter...)
  exit,         ///< actor stopped
  timer_set,    ///< wakeup_after
  timer_fire,   ///< wakeup delivered to the mailbox
  poison,       ///< handler failed twice; actor: the failing actor, other: the sender
  dead_letter,  ///< actor: intended recipient, other: sender
  log,          ///< an actor's log line
  fault,        ///< an injected fault
  check,        ///< a check settled or violated
  duplicate,    ///< the network delivers a frame twice
  corrupt,      ///< a corrupted frame arrived and was rejected
  convention,   ///< actor: a node's admin, other: the member it saw join or lost
};

std::string_view to_string(TraceKind kind);

/// Trace::record's `cause` when the event follows from no earlier event of another actor.
inline constexpr std::uint64_t no_cause = ~std::uint64_t{0};

struct TraceEvent {
  std::uint64_t index = 0;
  std::chrono::nanoseconds time{};
  TraceKind kind = TraceKind::send;
  ActorAddress actor;
  ActorAddress other;
  Message message;
  std::string text;
  std::uint64_t hash = 0;           ///< the rolling hash after this event
  std::string node;                 ///< the node of `actor`
  LogLevel level = LogLevel::info;  ///< of a log event (not part of the hash)
  /// The index of the event this one follows from: a deliver, drop, duplicate, corrupt,
  /// dead_letter or poison names its message's send (both deliveries of a duplicated frame
  /// name the one send), a timer_fire its timer_set, the deliver of a wakeup its timer_fire,
  /// the deliver of a convention update (or of ChildActorExited for a child on a lost node)
  /// the convention event it reports.
  /// Recorded for reading the run's causality; not part of the hash, so hashes recorded
  /// before it existed still compare.
  std::optional<std::uint64_t> cause;

  /// One readable line: `12.000000ms #5 send @1.2 <-> @1.3 Ping{payload: "x"}`.
  std::string to_string() const;
  /// One JSON object (no newline).
  std::string to_json() const;
};

class Trace {
 public:
  explicit Trace(bool recording = false) : recording_(recording) {}

  /// `contents`: a digest of the message's encoded bytes (thespis::detail::bytes_digest), folded
  /// in when not 0; the kernel gives it for sends, where every message's contents enter the run.
  /// `cause`: see TraceEvent::cause (kept, never folded). Returns the event's index.
  std::uint64_t record(TraceKind kind, std::chrono::nanoseconds time, const ActorAddress& actor,
                       const ActorAddress& other, const Message* message,
                       std::string_view text = {}, std::uint64_t contents = 0,
                       LogLevel level = LogLevel::info, std::uint64_t cause = no_cause) {
    fold(static_cast<std::uint64_t>(kind));
    fold(static_cast<std::uint64_t>(time.count()));
    fold(actor.local() ^ (actor.system() << 48));
    fold(other.local() ^ (other.system() << 48));
    fold(message && !message->empty() ? message->type()->name_hash : 0);
    if (!text.empty()) fold(thespis::detail::fnv1a(text));
    if (contents != 0) fold(contents);
    if (recording_ || tail_capacity_ > 0)
      keep(kind, time, actor, other, message, text, level, cause);
    return count_++;
  }

  /// Keeps the latest `capacity` events even when not recording (for failure reports).
  void keep_tail(std::size_t capacity) { tail_capacity_ = capacity; }
  /// The latest events kept, oldest first.
  std::vector<TraceEvent> tail() const;
  /// Names the node behind an address's system id, for rendering.
  void name_system(std::uint64_t system, std::string node);

  std::uint64_t hash() const { return hash_; }
  std::uint64_t event_count() const { return count_; }
  bool recording() const { return recording_; }
  /// Recorded events (empty unless recording).
  const std::vector<TraceEvent>& events() const { return events_; }
  void write_jsonl(std::ostream& out) const;

 private:
  void fold(std::uint64_t value) {
    hash_ = (hash_ ^ value) * 0x100000001b3ULL;
    hash_ ^= hash_ >> 29;
  }
  void keep(TraceKind kind, std::chrono::nanoseconds time, const ActorAddress& actor,
            const ActorAddress& other, const Message* message, std::string_view text,
            LogLevel level, std::uint64_t cause);

  bool recording_;
  std::size_t tail_capacity_ = 0;
  std::vector<TraceEvent> tail_;  // ring buffer when not recording
  std::size_t tail_next_ = 0;
  std::vector<std::pair<std::uint64_t, std::string>> system_names_;
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
  std::uint64_t count_ = 0;
  std::vector<TraceEvent> events_;
};

}  // namespace thespis::sim
