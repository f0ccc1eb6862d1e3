// A recorded trace as a file holds it (the JSON lines of `thespis run --trace`, one event per
// line, see sim::TraceEvent::to_json), read back without the program's message types: what
// `thespis view` draws and `thespis why` explains. A trace from a tcp run has the same shape,
// stamped with wall-clock time (counted from its first event) instead of virtual time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace thespis::scenario {

struct TraceRecord {
  std::uint64_t index = 0;   ///< position in the run (0 first)
  std::int64_t time_ns = 0;  ///< virtual time on sim; on tcp/udp wall clock, from the first event
  std::string kind;          ///< sim::to_string(TraceKind): "send", "deliver", "fault", ...
  std::string actor;         ///< "@S.L" (see TraceKind for what actor/other mean per kind)
  std::string other;
  std::string node;     ///< the node of `actor`, empty if unknown
  std::string type;     ///< the message's type name, empty without a message
  std::string message;  ///< the message as text
  std::string text;     ///< free text: a fault, a check ("violated: NAME"), a log line
  std::string level;    ///< a log event's level
  /// The event this one follows from across actors: a deliver/drop/duplicate/corrupt/
  /// dead_letter/poison names its send, a timer_fire its timer_set (sim::TraceEvent::cause,
  /// which says every case). Absent in traces recorded before causes were, and on tcp/udp.
  std::optional<std::uint64_t> cause;
  std::uint64_t hash = 0;
};

/// Reads JSON lines; a line that is not a trace event throws thespis::ScenarioError naming the
/// file, the line and the field: "FILE:LINE:COLUMN: FIELD: problem", or "FILE:LINE:COLUMN: problem"
/// when the line is no flat JSON object (a YAML file, a tape, a truncated line). Required fields:
/// index (strictly ascending), time_ns and kind (one of sim::TraceKind's names); the others default
/// to empty, fields it does not know are skipped. Blank lines are skipped. The path version reads a
/// file a chunk at a time; Error if it cannot be opened.
std::vector<TraceRecord> read_trace(std::istream& in, const std::string& file_name);
std::vector<TraceRecord> read_trace(const std::filesystem::path& path);

/// The events that happen before `target` (Lamport's relation: program order within an actor,
/// a send before its delivery, a timer's setting before its firing, a fault before what it
/// changed), `target` included, as indices in ascending order. Throws Error if no event has
/// the index `target`.
///
/// Precisely, event E directly follows (direct_causes) from:
///  * program order: the previous event of E's actor. An event's actor is `actor`, except
///    that a create is its parent's (`other`) and drop, duplicate, corrupt, dead_letter,
///    fault and check events belong to no actor (they happen in the network, the fault
///    injector, the checker).
///  * its cause: the event `E.cause` names (a delivery, drop, duplicate, corrupt, dead_letter
///    or poison its message's send; a timer_fire its timer_set; the delivery of a wakeup its
///    timer_fire; the delivery of a convention update, or of the ChildActorExited of a child
///    on a lost node, the convention event). In a trace that has no `cause` at all (written before
///    causes were recorded), a deliver, drop, dead_letter or corrupt matches the oldest unmatched
///    send with the same sender, recipient, type and message text (FIFO), a duplicate adds one more
///    arrival of the latest such send, and a timer_fire the oldest unmatched timer_set of its actor
///    with the same message.
///  * create -> start: an actor's start follows from its create.
///  * faults, by their text (sim::to_string(Fault)):
///    - a node fault (crash, leave, restart, pause, resume, clock_skew NODE) follows from the
///      previous node fault on NODE, and the first event of each actor on NODE after it
///      (by the actor's address's system: the node of that incarnation) follows from it,
///      e.g. the exits a crash causes, the first events of a restarted node's actors;
///    - kill @A: A's next event follows from it;
///    - partition, one_way, isolate and heal follow from the previous such fault; a drop
///      "partitioned" or "connection reset..." follows from the latest partition, one_way or
///      isolate before it;
///    - a drop "host down" follows from the latest node fault of the recipient's node;
///    - a convention event "joined NODE" or "lost NODE" follows from the latest node fault of
///      NODE, and "lost NODE" also from the latest partition, one_way or isolate (heartbeats
///      missed).
///  * a dead_letter follows from its recipient's exit.
///  * a check follows from the step it was judged after: the latest deliver, exit, fault,
///    start, convention or poison before it (the step kernel_checks.cpp blames).
std::vector<std::uint64_t> happens_before(const std::vector<TraceRecord>& trace,
                                          std::uint64_t target);

/// The direct predecessors of each event (indices, ascending), by position in `trace`: the
/// edges listed above, whose transitive closure happens_before is.
std::vector<std::vector<std::uint64_t>> direct_causes(const std::vector<TraceRecord>& trace);

/// A short causal chain to `target` (indices, oldest first, `target` last): from its root
/// cause — the earliest fault among its ancestors, else the earliest start among them — along
/// the fewest direct-cause steps to `target`. Throws Error if no event has index `target`.
std::vector<std::uint64_t> causal_chain(const std::vector<TraceRecord>& trace,
                                        std::uint64_t target);

/// The first violated check ("check" event whose text starts "violated: "), if any. Its
/// direct cause (direct_causes) is the step that broke it.
std::optional<std::uint64_t> violation(const std::vector<TraceRecord>& trace);

}  // namespace thespis::scenario
