#include <string>
#include <utility>

#include <thespis/delivery_rules.hpp>
#include <thespis/error.hpp>
#include <thespis/init_messages.hpp>

namespace thespis::detail {

void HeldMessages::hold(const Message& message, const ActorAddress& sender) {
  if (held_.size() >= limit_) {
    throw Error("not initialised yet and already holding " + std::to_string(limit_) +
                " messages (InitialisingOptions::hold_limit): " + std::string(message.type_name()) +
                " refused");
  }
  held_.push_back({message, sender});
}

std::deque<HeldMessages::Held> HeldMessages::take_all() { return std::exchange(held_, {}); }

std::optional<Message> receive_released(Actor& actor, const HeldMessages::Held& held) {
  // Released within the delivery of the message that completed the initialisation: counted in
  // that delivery's counters, as the runtime counts any other (ActorStatusReport).
  return redeliver_within_delivery(actor, held.message, held.sender);
}

std::optional<Message> poison_for_unreleased(const Message& message) {
  return poison_for(message, "the actor exited before its initialising messages arrived");
}

std::optional<Message> poison_for_failed_initialisation(const Message& completing) {
  return poison_for(completing, "on_initialised() threw: " + describe_current_exception());
}

}  // namespace thespis::detail
