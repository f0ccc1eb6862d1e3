// A recorded trace as a file holds it (the JSON lines of `thespis run --trace`, one event per
// line, see sim::TraceEvent::to_json), read back without the program's message types: what
// `thespis view` draws and `thespis why` explains. A trace from a tcp run has the same shape,
// stamped with wall-clock time instead of virtual time.
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
  std::int64_t time_ns = 0;  ///< virtual time on sim; wall clock (ns since the epoch) on tcp
  std::string kind;          ///< sim::to_string(TraceKind): "send", "deliver", "fault", ...
  std::string actor;         ///< "@S.L" (see TraceKind for what actor/other mean per kind)
  std::string other;
  std::string node;     ///< the node of `actor`, empty if unknown
  std::string type;     ///< the message's type name, empty without a message
  std::string message;  ///< the message as text
  std::string text;     ///< free text: a fault, a check ("violated: NAME"), a log line
  std::string level;    ///< a log event's level
  /// The event this one follows from across actors: a deliver/drop/duplicate/corrupt/
  /// dead_letter/poison names its send, a timer_fire its timer_set.
  std::optional<std::uint64_t> cause;
  std::uint64_t hash = 0;
};

/// Reads JSON lines; a line that is not a trace event throws scenario::ScenarioError (or
/// thespis::Error) naming the file, the line and the field.
std::vector<TraceRecord> read_trace(std::istream& in, const std::string& file_name);
std::vector<TraceRecord> read_trace(const std::filesystem::path& path);

/// The events that happen before `target` (Lamport's relation: program order within an actor,
/// a send before its delivery, a timer's setting before its firing, a fault before what it
/// changed), `target` included, as indices in ascending order.
std::vector<std::uint64_t> happens_before(const std::vector<TraceRecord>& trace,
                                          std::uint64_t target);

/// The first violated check ("check" event whose text starts "violated: "), if any.
std::optional<std::uint64_t> violation(const std::vector<TraceRecord>& trace);

}  // namespace thespis::scenario
