// Transient actors (Thespian's @transient and @transient_idle): an actor that exits on its own
// a given delay after its first message, or once no message has reached it for a given period.
//
//   class Worker : public thespis::Actor { ... };                      // an ordinary actor
//   using TempWorker = thespis::Transient<Worker, thespis::exit_after_first_message(2s)>;
//   using BoredWorker = thespis::Transient<Worker, thespis::exit_when_idle_for(300ms)>;
//   THESPIS_ACTOR(TempWorker)
//
// Transient<A, When> is the most derived class, like Thespian's decorator wraps the class: it
// sees every message before A does, whatever A overrides, so A needs no change. It exits the
// way any actor is asked to: it sends itself ActorExitRequest{false}, so A's exit handler runs,
// messages already queued are handled first, later ones become dead letters and its children
// are told to exit (semantics 6). Its clock is the actor's own (now(), wakeup_after()): virtual
// on `sim`, so the moment of exit is exact there, and the same code runs on every base.
//
// Which messages count (as Thespian): any message handed to the actor starts the clock; for the
// idle clock only a message that is not a system message (system_messages.hpp) restarts it, so
// the actor's own wakeups, a child's exit or a returned poison do not keep it alive. The timer is
// a wakeup with a payload of its own (detail::TransientTimer) that A never sees; A's own
// wakeups reach A as before. A transient actor that never receives a message never exits.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <thespis/actor.hpp>
#include <thespis/message_type.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

/// When a transient actor exits. A structural value, so that it can be a template argument.
struct TransientExit {
  enum class Clock { first_message, idle };
  Clock clock = Clock::first_message;
  std::int64_t delay_ns = 0;

  std::chrono::nanoseconds delay() const { return std::chrono::nanoseconds(delay_ns); }
};

/// Exit `delay` after the first message (Thespian's @transient(delay)).
constexpr TransientExit exit_after_first_message(std::chrono::nanoseconds delay) {
  return {.clock = TransientExit::Clock::first_message, .delay_ns = delay.count()};
}

/// Exit once no message other than a system message has arrived for `delay` (Thespian's
/// @transient_idle(delay)).
constexpr TransientExit exit_when_idle_for(std::chrono::nanoseconds delay) {
  return {.clock = TransientExit::Clock::idle, .delay_ns = delay.count()};
}

namespace detail {

/// The payload of a transient actor's own timer: its wrapper consumes it, the actor never sees it.
struct TransientTimer {};
// Its name and (empty) field list. transient.cpp registers it, and is linked into every program
// that makes an actor transient; a program that includes this header without doing so registers
// nothing more (tests/core checks what a plain program registers).
[[maybe_unused]] constexpr std::string_view thespis_type_name(const TransientTimer*) {
  return "TransientTimer";
}
[[maybe_unused]] constexpr auto thespis_fields(const TransientTimer*) { return std::make_tuple(); }

/// The rule of a transient actor's exit, apart from any actor: told of each message and of each
/// firing of its timer (with the actor's clock), it says when to set the timer and when to exit.
class TransientClock {
 public:
  explicit TransientClock(TransientExit when) : when_(when) {}

  /// A message (not its own timer) reached the actor at `now`: the delay of a timer to set, if
  /// one is needed (only for the first message: from then on one is always pending).
  std::optional<std::chrono::nanoseconds> on_message(const Message& message,
                                                     std::chrono::nanoseconds now);

  /// What to do when the timer fires at `now`.
  struct OnTimer {
    bool exit = false;                              ///< send the actor its ActorExitRequest
    std::optional<std::chrono::nanoseconds> rearm;  ///< or set the timer again
  };
  OnTimer on_timer(std::chrono::nanoseconds now);

 private:
  TransientExit when_;
  bool started_ = false;
  bool exiting_ = false;
  std::chrono::nanoseconds deadline_{0};
};

}  // namespace detail

/// Actor class A, made transient as `When` says (see the top of this file). A is default
/// constructible, as every registered actor is; register the alias with THESPIS_ACTOR.
template <class A, TransientExit When>
class Transient final : public A {
  static_assert(std::is_base_of_v<Actor, A>, "thespis: Transient<A, When>: A must be an Actor");
  static_assert(When.delay_ns >= 0, "thespis: Transient: the delay must not be negative");

 public:
  void receive(const Message& message, const ActorAddress& sender) override {
    if (is_own_timer(message, sender)) return on_timer();
    if (auto delay = clock_.on_message(message, this->now())) set_timer(*delay);
    A::receive(message, sender);
  }

 private:
  bool is_own_timer(const Message& message, const ActorAddress& sender) const {
    const auto* wakeup = message.get_if<WakeupMessage>();
    return wakeup != nullptr && wakeup->payload.is<detail::TransientTimer>() &&
           sender == this->my_address();
  }
  void on_timer() {
    const auto step = clock_.on_timer(this->now());
    if (step.exit) this->send(this->my_address(), ActorExitRequest{false});
    if (step.rearm) set_timer(*step.rearm);
  }
  void set_timer(std::chrono::nanoseconds delay) {
    this->wakeup_after(delay, detail::TransientTimer{});
  }

  detail::TransientClock clock_{When};
};

}  // namespace thespis
