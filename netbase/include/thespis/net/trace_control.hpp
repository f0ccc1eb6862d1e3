// Recording what the actors of a tcp or udp system do, so that a run on real processes can be
// looked at like a simulated one (`thespis run --base tcp --trace`, `thespis view`). Once an
// admin traces, every actor process it spawns records its own events (start, send, deliver,
// timers, creations, exits, poison, logs), stamped with the wall clock, and passes them to the
// admin in batches; collect_trace() fetches what the admin gathered, and trace_jsonl() merges
// the events of several admins into one trace in the JSON lines a simulated run writes.
//
// What differs from a simulated trace: times are the wall clock of the host (the merged trace
// counts them from its first event); there is no trace hash; a delivery is not linked to its
// send by an index (the viewer matches them by sender, recipient and message); the network's
// own losses are not events (the udp base counts them, see AdminStatus::lost_messages).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/net/admin_control.hpp>

namespace thespis::net {

struct TracedEvent {
  std::int64_t time_ns = 0;  ///< wall clock where it happened, ns since the UNIX epoch
  std::string kind;          ///< as a simulated trace names it: "send", "deliver", ...
  ActorAddress actor;        ///< as in sim::TraceKind: the sender of a send, the recipient...
  ActorAddress other;
  std::string type;            ///< the message's type name, empty without a message
  std::string message;         ///< the message as text, cut to 4 KiB
  std::string text;            ///< a creation's type, a poison's reason, a log line...
  std::string node;            ///< "host:port" of the admin whose process recorded it
  std::uint64_t sequence = 0;  ///< its place among the events of its process
};

/// How far an admin's recording has got.
struct TraceState {
  bool enabled = false;
  std::uint64_t events = 0;   ///< kept
  std::uint64_t dropped = 0;  ///< not kept: over the admin's bound (max_traced_events)
};

/// Events an admin keeps at most; later ones are counted as dropped.
inline constexpr std::uint64_t max_traced_events = 1'000'000;

/// From now on, the actors the admin at `options.host`:`port` spawns record their events
/// (actors already running do not). Throws TransportError if no admin answers in time.
TraceState start_tracing(std::uint16_t port, const ControlOptions& options = {});
/// Everything the admin has gathered so far, in the order it arrived. A process passes a turn's
/// events on as the turn ends, on its own connection to the admin, while the messages the turn
/// sent take the actors' transport: a reply can be seen before the events of the turn that sent
/// it have reached the admin. To read a trace up to an event, fetch until it is there.
std::vector<TracedEvent> collect_trace(std::uint16_t port, const ControlOptions& options = {});
/// One trace of the events of one or more admins, ordered by time (ties: as recorded in each
/// process), as JSON lines with an index from 0 and times from the first event.
std::string trace_jsonl(std::vector<TracedEvent> events);

}  // namespace thespis::net
