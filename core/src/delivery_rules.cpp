#include <string>
#include <utility>

#include <thespis/actor.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/codec.hpp>
#include <thespis/delivery_rules.hpp>
#include <thespis/error.hpp>
#include <thespis/message_type.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

std::optional<std::string> receive_with_retry(Actor& actor, const Message& message,
                                              const ActorAddress& sender) {
  std::string details;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      actor.receive(message, sender);
      return std::nullopt;
    } catch (...) {
      details = describe_current_exception();
    }
  }
  return details;
}

std::optional<Message> inspection_answer(const Actor& actor, std::string_view type_name,
                                         std::chrono::nanoseconds now, const Message& message) {
  if (!message.is<InspectActor>()) return std::nullopt;
  Encoder out;
  const bool inspectable = actor.inspect_state(out);
  return Message(ActorInspection{.type = std::string(type_name),
                                 .inspectable = inspectable,
                                 .state = inspectable ? std::string(out.bytes()) : std::string(),
                                 .now = now});
}

std::optional<Message> poison_for(const Message& message, std::string details) {
  if (message.is<PoisonMessage>()) return std::nullopt;
  return Message(PoisonMessage{message, std::move(details)});
}

std::optional<Message> too_large_poison(const Message& message, std::size_t bytes,
                                        std::size_t limit) {
  return poison_for(message, "a message of " + std::to_string(bytes) +
                                 " bytes is over the transport's limit of " +
                                 std::to_string(limit) + " bytes; it was not sent");
}

bool may_be_dead_lettered(const Message& message) {
  return !message.is<ChildActorExited>() && !message.is<DeadEnvelope>();
}

bool vanishes_with_its_actor(const Message& message, const ActorAddress& sender,
                             const ActorAddress& recipient) {
  return sender == recipient && message.is<WakeupMessage>();
}

bool endpoint_may_see(const Message& message) {
  return message.empty() || !message.type()->is_system || message.is<PoisonMessage>() ||
         message.is<ActorInspection>();
}

std::optional<Message> exit_request_if_unfit(const ActorType& type,
                                             const Capabilities& capabilities,
                                             const Requirements& extra) {
  if (accepts(type, capabilities, extra)) return std::nullopt;
  return exit_request_for_child_left();
}

}  // namespace thespis
