#include <string>

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

Message too_large_poison(const Message& message, std::size_t bytes, std::size_t limit) {
  return PoisonMessage{message, "a message of " + std::to_string(bytes) +
                                    " bytes is over the transport's limit of " +
                                    std::to_string(limit) + " bytes; it was not sent"};
}

bool endpoint_may_see(const Message& message) {
  return message.empty() || !message.type()->is_system || message.is<PoisonMessage>();
}

}  // namespace thespis
