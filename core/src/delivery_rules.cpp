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

namespace {

// The counters of the delivery in progress on this thread. A message an actor hands itself
// within a delivery (redeliver_within_delivery) is counted there: the actor cannot reach its
// runtime's counters, and the runtime cannot see the message.
thread_local DeliveryCounters* counters_in_progress = nullptr;

/// Makes `counters` those of the delivery in progress while it lives; restores the outer ones
/// after (a base may deliver within a delivery).
class DeliveryInProgress {
 public:
  explicit DeliveryInProgress(DeliveryCounters& counters)
      : outer_(std::exchange(counters_in_progress, &counters)) {}
  ~DeliveryInProgress() { counters_in_progress = outer_; }
  DeliveryInProgress(const DeliveryInProgress&) = delete;
  DeliveryInProgress& operator=(const DeliveryInProgress&) = delete;

 private:
  DeliveryCounters* outer_;
};

/// Semantics 5: the handler, and once more if it throws; what the second failure said, if it
/// failed twice. Counts the retry in `counters`.
std::optional<std::string> try_twice(Actor& actor, const Message& message,
                                     const ActorAddress& sender, DeliveryCounters& counters) {
  std::string details;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt > 0) ++counters.retries;
    try {
      actor.receive(message, sender);
      return std::nullopt;
    } catch (...) {
      details = describe_current_exception();
    }
  }
  return details;
}

}  // namespace

std::optional<std::string> receive_with_retry(Actor& actor, const Message& message,
                                              const ActorAddress& sender,
                                              DeliveryCounters& counters) {
  ++counters.messages_handled;
  const DeliveryInProgress in_progress(counters);
  return try_twice(actor, message, sender, counters);
}

std::optional<Message> redeliver_within_delivery(Actor& actor, const Message& message,
                                                 const ActorAddress& sender) {
  DeliveryCounters outside;  // no delivery in progress (an actor driven by hand): counted nowhere
  DeliveryCounters& counters = counters_in_progress != nullptr ? *counters_in_progress : outside;
  std::optional<std::string> failure = try_twice(actor, message, sender, counters);
  if (!failure) return std::nullopt;
  return poison_for_failure(message, std::move(*failure), counters);
}

bool is_inspection_request(const Message& message) { return message.is<InspectActor>(); }

std::optional<Message> inspection_answer(const Actor& actor, std::string_view type_name,
                                         std::chrono::nanoseconds now, const Message& message) {
  if (!is_inspection_request(message)) return std::nullopt;
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

std::optional<Message> poison_for_failure(const Message& message, std::string details,
                                          DeliveryCounters& counters) {
  std::optional<Message> poison = poison_for(message, std::move(details));
  if (poison) ++counters.poison_sent;
  return poison;
}

Message status_report(ActorRuntimeFacts facts, const DeliveryCounters& counters) {
  return Message(ActorStatusReport{.address = facts.address,
                                   .type_name = std::move(facts.type_name),
                                   .global_name = std::move(facts.global_name),
                                   .children = std::move(facts.children),
                                   .pending_wakeups = facts.pending_wakeups,
                                   .mailbox_length = facts.mailbox_length,
                                   .messages_handled = counters.messages_handled,
                                   .retries = counters.retries,
                                   .poison_sent = counters.poison_sent});
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
         message.is<ActorInspection>() || message.is<ActorStatusReport>();
}

std::optional<Message> exit_request_if_unfit(const ActorType& type,
                                             const Capabilities& capabilities,
                                             const Requirements& extra) {
  if (accepts(type, capabilities, extra)) return std::nullopt;
  return exit_request_for_child_left();
}

}  // namespace thespis
