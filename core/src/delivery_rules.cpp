#include <thespis/delivery_rules.hpp>
#include <thespis/message_type.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

bool may_be_dead_lettered(const Message& message) {
  return !message.is<ChildActorExited>() && !message.is<DeadEnvelope>();
}

bool vanishes_with_its_actor(const Message& message, const ActorAddress& sender,
                             const ActorAddress& recipient) {
  return sender == recipient && message.is<WakeupMessage>();
}

bool endpoint_may_see(const Message& message) {
  return message.empty() || !message.type()->is_system || message.is<PoisonMessage>();
}

}  // namespace thespis
