// The events of the simulation kernel: what is due at a later virtual time. One small struct
// per kind, holding only the fields that kind means; the kernel's heap wraps each in an Event
// with the time, the sequence number that orders events due at the same instant, and whether
// it keeps the simulation from being quiescent. Kernel::process dispatches them with one
// std::visit.
//
// Each struct states `foreground`: whether an event of its kind counts against quiescence
// (heartbeats and random fault draws go on forever, so they do not; a deadline stops counting
// once its check has held).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include <thespis/actor_address.hpp>
#include <thespis/message.hpp>
#include <thespis/sim/trace.hpp>

namespace thespis::sim::detail {

using Nanos = std::chrono::nanoseconds;
using LocalId = std::uint64_t;
using NodeIndex = std::uint32_t;

/// The way something travels between nodes: the directed link, its epoch when sent (a tcp
/// connection that reset since loses it), and the incarnation of the receiving node it was
/// meant for.
struct Hop {
  NodeIndex src = 0;
  NodeIndex dst = 0;
  std::uint64_t epoch = 0;
  std::uint64_t dst_system = 0;
};

namespace event {

/// A timer of `actor` fires; `message` is its WakeupMessage.
struct Wakeup {
  static constexpr bool foreground = true;
  LocalId actor = 0;
  Message message;
  std::uint64_t cause = no_cause;  ///< the trace index of its timer_set
};

/// A message from `from` to `to` crossing the network.
struct Frame {
  static constexpr bool foreground = true;
  Hop hop;
  ActorAddress from;
  ActorAddress to;
  Message message;
  std::shared_ptr<const std::string> corrupted;  ///< the damaged bytes of a corrupted frame
  std::uint64_t cause = no_cause;                ///< the trace index of its send
};

/// The request to start `actor`, placed on the node at the end of the hop.
struct CreateRequest {
  static constexpr bool foreground = true;
  Hop hop;
  LocalId actor = 0;
};

/// Node `node` heartbeats its peers and looks for lost members, while it is `incarnation`.
struct HeartbeatTick {
  static constexpr bool foreground = false;
  NodeIndex node = 0;
  std::uint64_t incarnation = 0;
};

/// A heartbeat from incarnation `incarnation` of the node at the start of the hop.
struct Heartbeat {
  static constexpr bool foreground = false;
  Hop hop;
  std::uint64_t incarnation = 0;
};

/// Incarnation `incarnation` of the node at the start of the hop leaves the convention.
struct Leave {
  static constexpr bool foreground = false;
  Hop hop;
  std::uint64_t incarnation = 0;
};

/// A fault scheduled in advance: an index into the kernel's scheduled faults.
struct ScheduledFault {
  static constexpr bool foreground = true;
  std::size_t index = 0;
};

/// Time to draw random faults.
struct FaultTick {
  static constexpr bool foreground = false;
};

/// The deadline of an `eventually` check: an index into the kernel's eventually checks.
struct Deadline {
  static constexpr bool foreground = true;
  std::size_t check = 0;
};

/// An obligation of a leads_to check falls due: an index into the kernel's leads_to checks.
/// Background: an open obligation alone does not keep the world busy (run_until_checks_settle
/// waits for it).
struct LeadsToDeadline {
  static constexpr bool foreground = false;
  std::size_t check = 0;
};

}  // namespace event

using EventBody =
    std::variant<event::Wakeup, event::Frame, event::CreateRequest, event::HeartbeatTick,
                 event::Heartbeat, event::Leave, event::ScheduledFault, event::FaultTick,
                 event::Deadline, event::LeadsToDeadline>;

/// An entry of the kernel's heap, ordered by (time, sequence).
struct Event {
  Nanos time{0};
  // One word for both, so a frame with its cause still fits two cache lines; 2^63 events
  // never run out.
  std::uint64_t sequence : 63 = 0;
  std::uint64_t foreground : 1 = 1;  ///< counts against quiescence
  EventBody body;
};

// The heap moves events as it sifts; the variant keeps them no larger than the flat struct
// with every kind's fields that it replaced (two cache lines).
static_assert(sizeof(Event) <= 128);

}  // namespace thespis::sim::detail
