// Initialising messages (Thespian's @initializing_messages): an actor that needs some messages
// before it starts work. It derives from InitialisingActor<Ts...>, one type per message it needs:
//
//   class Croaker : public thespis::InitialisingActor<Config, ActorAddress> {
//    public:
//     Croaker() { on<Croak>([this](const Croak& c) { send(init<ActorAddress>(), c); }); }
//     void on_initialised() override { send(init_sender<Config>(), std::string("running")); }
//   };
//
// Until one message of each type has arrived, other messages are held, in arrival order, and the
// ones of the declared types are kept (the last of a type wins; init<T>() reads it, typed, and
// init_sender<T>() says who sent it) instead of reaching the handlers. When the last one arrives,
// on_initialised() runs, then the held messages are handed to the actor in the order they came,
// each with the usual retry and poison (semantics 5), all within the handling of that last
// message. From then on every message, of a declared type too, goes to the handlers as usual; the
// kept values do not change.
//
// What is never held (as Thespian, which passes every ActorSystemMessage through): system
// messages (system_messages.hpp): ActorExitRequest, ChildActorExited, PoisonMessage,
// WakeupMessage, DeadEnvelope, ActorSystemConventionUpdate. They report what has happened (or, for
// ActorExitRequest, must take effect now), so the handlers see them at once. With
// `pass_through` (Thespian's init_passthru) nothing is held: every message reaches the handlers at
// once, the declared ones too, and on_initialised() still runs when the last declared one arrives.
//
// The bound: at most `hold_limit` messages are held. One more is refused by throwing from the
// handler, so the base's own retry-then-poison path (semantics 5) answers its sender with a
// PoisonMessage naming the bound; nothing is lost silently. An actor told to exit before it is
// initialised answers each held message's sender with a PoisonMessage too, before its exit
// handler runs (Thespian drops them silently).
//
// Handle messages with on<T>() and unhandled(): InitialisingActor overrides receive(), so a
// derived class that overrides receive() itself must call InitialisingActor::receive() for every
// message. Transient<A, When> (transient.hpp) may wrap such a class: it then sees each message as
// it arrives, before it is held.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include <thespis/actor.hpp>
#include <thespis/assert.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

struct InitialisingOptions {
  /// Thespian's init_passthru: hand every message to the handlers at once; hold nothing.
  bool pass_through = false;
  /// The most messages held while waiting; one more makes its sender get a PoisonMessage.
  std::size_t hold_limit = 1000;
};

namespace detail {

/// The messages an initialising actor holds, and what becomes of them.
class HeldMessages {
 public:
  struct Held {
    Message message;
    ActorAddress sender;
  };

  explicit HeldMessages(std::size_t limit) : limit_(limit) {}

  /// Holds `message` after those held before; throws Error (for the retry-then-poison path)
  /// when `limit` are held already.
  void hold(const Message& message, const ActorAddress& sender);
  /// Everything held, in arrival order; none is held afterwards.
  std::deque<Held> take_all();
  bool empty() const { return held_.empty(); }

 private:
  std::size_t limit_;
  std::deque<Held> held_;
};

/// Semantics 5 for a message an actor hands itself later: its receive(), retried once on the
/// same instance; after a second failure, the PoisonMessage its sender is to get.
std::optional<Message> receive_released(Actor& actor, const HeldMessages::Held& held);

/// The PoisonMessage a held message's sender gets when the actor exits before it is initialised.
std::optional<Message> poison_for_unreleased(const Message& message);

/// Inside a catch block: the PoisonMessage the sender of the message that completed the
/// initialisation gets when on_initialised() threw.
std::optional<Message> poison_for_failed_initialisation(const Message& completing);

template <class T, class... Ts>
constexpr bool one_of = (std::is_same_v<T, Ts> || ...);

template <class... Ts>
constexpr bool distinct = true;
template <class T, class... Ts>
constexpr bool distinct<T, Ts...> = !one_of<T, Ts...> && distinct<Ts...>;

}  // namespace detail

/// An actor that needs one message of each of `Ts` before it starts work (see the top of this
/// file). Each T is a registered message type (or a built-in one), all distinct.
template <class... Ts>
class InitialisingActor : public Actor {
  static_assert(sizeof...(Ts) > 0, "thespis: InitialisingActor needs at least one message type");
  static_assert(detail::distinct<Ts...>, "thespis: InitialisingActor: a type is listed twice");

 public:
  void receive(const Message& message, const ActorAddress& sender) override;

 protected:
  explicit InitialisingActor(InitialisingOptions options = {})
      : options_(options), held_(options.hold_limit) {}

  /// Runs once, when the last of the declared messages has arrived, before the held ones are
  /// released. If it throws, the held messages are still released and the sender of that last
  /// message gets a PoisonMessage.
  virtual void on_initialised() {}

  /// True once one message of each declared type has arrived.
  bool is_initialised() const { return initialised_; }
  /// True once a message of type T has arrived (with pass_through, handlers may ask early).
  template <class T>
  bool has_init() const {
    return std::get<std::optional<Received<T>>>(values_).has_value();
  }
  /// The last message of type T that arrived while initialising. Asserts that one has.
  template <class T>
  const T& init() const {
    return received<T>().value;
  }
  /// Who sent that message.
  template <class T>
  const ActorAddress& init_sender() const {
    return received<T>().sender;
  }

 private:
  template <class T>
  struct Received {
    T value;
    ActorAddress sender;
  };

  template <class T>
  const Received<T>& received() const {
    static_assert(detail::one_of<T, Ts...>, "thespis: init<T>(): T is not a declared type");
    const auto& slot = std::get<std::optional<Received<T>>>(values_);
    THESPIS_ASSERT(slot.has_value(), "init<T>(): no message of this type has arrived yet");
    return *slot;
  }
  /// Keeps `message` if it is of a declared type; says whether it was.
  bool keep(const Message& message, const ActorAddress& sender) {
    return (keep_as<Ts>(message, sender) || ...);
  }
  template <class T>
  bool keep_as(const Message& message, const ActorAddress& sender) {
    const T* value = message.get_if<T>();
    if (value == nullptr) return false;
    std::get<std::optional<Received<T>>>(values_) = Received<T>{*value, sender};
    return true;
  }
  bool all_arrived() const { return (has_init<Ts>() && ...); }
  void refuse_held();
  void finish(const Message& completing, const ActorAddress& sender);

  InitialisingOptions options_;
  std::tuple<std::optional<Received<Ts>>...> values_;
  detail::HeldMessages held_;
  bool initialised_ = false;
};

// --- implementation ------------------------------------------------------------------------

template <class... Ts>
void InitialisingActor<Ts...>::receive(const Message& message, const ActorAddress& sender) {
  if (initialised_) return Actor::receive(message, sender);
  const bool declared = keep(message, sender);
  const bool system = message.type() != nullptr && message.type()->is_system;
  if (message.is<ActorExitRequest>()) refuse_held();
  if (options_.pass_through || system) {
    Actor::receive(message, sender);
  } else if (!declared) {
    held_.hold(message, sender);
  }
  if (declared && all_arrived()) finish(message, sender);
}

template <class... Ts>
void InitialisingActor<Ts...>::refuse_held() {
  for (const auto& held : held_.take_all()) {
    if (auto poison = detail::poison_for_unreleased(held.message)) send(held.sender, *poison);
  }
}

template <class... Ts>
void InitialisingActor<Ts...>::finish(const Message& completing, const ActorAddress& sender) {
  initialised_ = true;
  std::optional<Message> failure;
  try {
    on_initialised();
  } catch (...) {
    failure = detail::poison_for_failed_initialisation(completing);
  }
  for (const auto& held : held_.take_all()) {
    if (auto poison = detail::receive_released(*this, held)) send(held.sender, std::move(*poison));
  }
  if (failure) send(sender, std::move(*failure));
}

}  // namespace thespis
