// The system messages every base delivers. They are ordinary registered message types (so
// they encode, render and compare like user messages) flagged as system messages: an external
// `ask` filters them out, except PoisonMessage, which answers the asker.
#pragma once

#include <chrono>
#include <string>

#include <thespis/actor_address.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/message.hpp>
#include <thespis/message_type.hpp>

namespace thespis {

/// Asks an actor to stop. The handler sees it, then the actor stops; with `recursive` its
/// children are stopped first (bottom-up).
struct ActorExitRequest {
  bool recursive = false;
};

/// To a parent, once, when one of its children has stopped for any reason.
struct ChildActorExited {
  ActorAddress child;
};

/// To a sender whose message made the receiver's handler throw twice.
struct PoisonMessage {
  Message original;
  std::string details;
};

/// From an actor to itself, `delay` after wakeup_after(delay, payload).
struct WakeupMessage {
  std::chrono::nanoseconds delay{};
  Message payload;
};

/// To the dead-letter handler: `message` was sent to `intended`, which has no live actor.
struct DeadEnvelope {
  ActorAddress intended;
  Message message;
};

/// To watchers: a convention member joined (`added`) or left.
struct ActorSystemConventionUpdate {
  ActorAddress admin;
  Capabilities capabilities;
  bool added = false;
};

/// Asks an actor for the state its app's checks read. The runtime answers it (with
/// ActorInspection, to the sender) without calling the actor's receive(); see inspect.hpp.
struct InspectActor {};

/// The answer to InspectActor: the actor's registered type, whether it declares
/// THESPIS_INSPECT, and if so its state (the msgpack bytes of Actor::inspect_state), and what
/// the actor's clock read when its runtime answered (a check may compare the state with now();
/// a mirror's clock reads this).
struct ActorInspection {
  std::string type;
  bool inspectable = false;
  std::string state;
  std::chrono::nanoseconds now{0};
};

#define THESPIS_DETAIL_SYSTEM_MESSAGE(Type, ...)                                          \
  [[maybe_unused]] constexpr bool thespis_is_system_message(const Type*) { return true; } \
  THESPIS_MESSAGE(Type, __VA_ARGS__)

THESPIS_DETAIL_SYSTEM_MESSAGE(ActorExitRequest, recursive);
THESPIS_DETAIL_SYSTEM_MESSAGE(ChildActorExited, child);
THESPIS_DETAIL_SYSTEM_MESSAGE(PoisonMessage, original, details);
THESPIS_DETAIL_SYSTEM_MESSAGE(WakeupMessage, delay, payload);
THESPIS_DETAIL_SYSTEM_MESSAGE(DeadEnvelope, intended, message);
THESPIS_DETAIL_SYSTEM_MESSAGE(ActorSystemConventionUpdate, admin, capabilities, added);
THESPIS_DETAIL_SYSTEM_MESSAGE(InspectActor);
THESPIS_DETAIL_SYSTEM_MESSAGE(ActorInspection, type, inspectable, state, now);

}  // namespace thespis
