// Rules of delivery that every base applies the same way (ARCHITECTURE.md §3), each written
// once here so that a simulated and a real base cannot drift apart. A base calls these where
// it decides what becomes of a message it cannot deliver.
#pragma once

#include <cstddef>

#include <thespis/actor_address.hpp>
#include <thespis/message.hpp>

namespace thespis {

/// Semantics 7: a message for an address with no live actor becomes a DeadEnvelope, except
/// ChildActorExited and DeadEnvelope themselves (no dead letter of a dead letter, no report
/// of a report).
bool may_be_dead_lettered(const Message& message);

/// Semantics 8: what an actor had pending for itself vanishes when it exits: its wakeups are
/// not dead letters.
bool vanishes_with_its_actor(const Message& message, const ActorAddress& sender,
                             const ActorAddress& recipient);

/// Semantics 13: a message too large for the transport is never lost silently: its sender
/// gets this PoisonMessage (from the intended recipient) instead.
Message too_large_poison(const Message& message, std::size_t bytes, std::size_t limit);

/// Semantics 10: what code outside actors may see at its endpoint (replies and
/// PoisonMessage, never the system's own bookkeeping).
bool endpoint_may_see(const Message& message);

}  // namespace thespis
