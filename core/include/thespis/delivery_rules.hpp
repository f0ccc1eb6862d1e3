// Rules of delivery that every base applies the same way (ARCHITECTURE.md §3), each written
// once here so that a simulated and a real base cannot drift apart. A base calls these where
// it hands a message to an actor, stops a family, or decides what becomes of a message it
// cannot deliver.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <thespis/actor_address.hpp>
#include <thespis/actor_status.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/message.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

class Actor;
struct ActorType;

/// Semantics 5: hands `message` to the actor's handler and, if it throws, once more to the
/// same instance (its state kept). Returns what the second failure said, or nothing when one
/// of the two attempts returned. Counts the message and the retry in `counters`.
std::optional<std::string> receive_with_retry(Actor& actor, const Message& message,
                                              const ActorAddress& sender,
                                              DeliveryCounters& counters);

/// Semantics 5 for a message an actor hands itself within the delivery of another (an
/// initialising actor releasing what it held): its handler, retried once; after a second
/// failure, the PoisonMessage its sender is to get (poison_for_failure). Its retry and poison
/// are counted in the counters of the delivery in progress (receive_with_retry), the message
/// itself not again: it was counted when it arrived.
std::optional<Message> redeliver_within_delivery(Actor& actor, const Message& message,
                                                 const ActorAddress& sender);

/// Semantics 5: the PoisonMessage the sender of `message` gets after the handler failed twice
/// saying `details` (poison_for), counted in `counters` when there is one.
std::optional<Message> poison_for_failure(const Message& message, std::string details,
                                          DeliveryCounters& counters);

/// Inspection (inspect.hpp): the runtime answers an InspectActor itself, never the actor's
/// handler. For an InspectActor, the ActorInspection the sender gets back from `actor` of type
/// `type_name` whose clock reads `now`; for any other message, nothing (deliver it as usual).
std::optional<Message> inspection_answer(const Actor& actor, std::string_view type_name,
                                         std::chrono::nanoseconds now, const Message& message);
/// Whether the runtime answers `message` itself as an inspection (inspection_answer).
bool is_inspection_request(const Message& message);
/// The same, reading the clock (`now()`) only for an InspectActor: a simulated node's clock is
/// a computation, and every delivery asks.
template <class Now>
requires std::is_invocable_r_v<std::chrono::nanoseconds, const Now&> std::optional<Message>
inspection_answer(const Actor& actor, std::string_view type_name, const Now& now,
                  const Message& message) {
  if (!is_inspection_request(message)) return std::nullopt;
  return inspection_answer(actor, type_name, now(), message);
}

/// Status (actor_status.hpp): the runtime answers an ActorStatusRequest itself, never the
/// actor's handler. For an ActorStatusRequest, the ActorStatusReport the sender gets back: the
/// facts `facts()` gives (called only then) with `counters`; for any other message, nothing.
Message status_report(ActorRuntimeFacts facts, const DeliveryCounters& counters);
template <class Facts>
std::optional<Message> status_answer(const Message& message, const DeliveryCounters& counters,
                                     const Facts& facts) {
  if (!message.is<ActorStatusRequest>()) return std::nullopt;
  return status_report(facts(), counters);
}

/// Semantics 5 and 13: what the sender of a message that could not be handled or sent gets
/// back: `PoisonMessage{message, details}`, or nothing when the message was itself a
/// PoisonMessage (no poison is ever sent for a poison).
std::optional<Message> poison_for(const Message& message, std::string details);

/// Semantics 13: a message too large for the transport is never lost silently: its sender
/// gets this PoisonMessage (from the intended recipient) instead, unless it was a poison.
std::optional<Message> too_large_poison(const Message& message, std::size_t bytes,
                                        std::size_t limit);

/// Semantics 7: a message for an address with no live actor becomes a DeadEnvelope, except
/// ChildActorExited and DeadEnvelope themselves (no dead letter of a dead letter, no report
/// of a report).
bool may_be_dead_lettered(const Message& message);

/// Semantics 8: what an actor had pending for itself vanishes when it exits: its wakeups are
/// not dead letters.
bool vanishes_with_its_actor(const Message& message, const ActorAddress& sender,
                             const ActorAddress& recipient);

/// Semantics 10: what code outside actors may see at its endpoint (replies, PoisonMessage,
/// ActorInspection and ActorStatusReport, never the system's own bookkeeping).
bool endpoint_may_see(const Message& message);

/// Semantics 6: an actor told to exit with `recursive` stops its children first, each with a
/// recursive request of its own, and runs its own exit handler after they have stopped.
inline bool stops_children_first(const ActorExitRequest& request) { return request.recursive; }
inline Message exit_request_for_child_first() { return ActorExitRequest{true}; }

/// Semantics 6: children still live when their parent has stopped are asked to exit (not
/// recursively: each of them stops its own family the same way).
inline Message exit_request_for_child_left() { return ActorExitRequest{false}; }

/// Semantics 11: what a live actor of `type` (created with `extra` requirements) is sent when
/// a capability update leaves its system offering `capabilities`: ActorExitRequest{false} once
/// they no longer satisfy it, nothing while they do.
std::optional<Message> exit_request_if_unfit(const ActorType& type,
                                             const Capabilities& capabilities,
                                             const Requirements& extra);

/// Semantics 14: shutting a system (or one node of it) down stops families from the top:
/// each actor to stop whose parent is not stopping with it heads a family and gets a
/// recursive ActorExitRequest (then its family stops bottom-up, semantics 6). `stopping(a)`
/// says whether `a` is to stop, `parent_stopping(a)` whether its parent stops with it, and
/// `stop(a, request)` stops it. Iterates `actors` in their order, so a deterministic base
/// stays deterministic.
template <class Actors, class Stopping, class ParentStopping, class Stop>
void stop_families_from_the_top(Actors& actors, const Stopping& stopping,
                                const ParentStopping& parent_stopping, const Stop& stop) {
  const Message request = exit_request_for_child_first();
  for (auto& actor : actors) {
    if (stopping(actor) && !parent_stopping(actor)) stop(actor, request);
  }
}

}  // namespace thespis
