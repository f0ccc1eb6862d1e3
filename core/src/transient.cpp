#include <thespis/transient.hpp>

namespace thespis::detail {
namespace {

// During static initialisation, as every message type is (the registry is read-only afterwards).
[[maybe_unused]] const MessageType& transient_timer_type = message_type<TransientTimer>();

}  // namespace

std::optional<std::chrono::nanoseconds> TransientClock::on_message(const Message& message,
                                                                   std::chrono::nanoseconds now) {
  const bool first = !started_;
  started_ = true;
  // The idle clock restarts on what others ask of the actor, not on the system's own reports.
  const bool restarts = when_.clock == TransientExit::Clock::idle && message.type() != nullptr &&
                        !message.type()->is_system;
  if (first || restarts) deadline_ = now + when_.delay();
  // From the first message on, one timer is always pending (on_timer sets it again) until exit.
  if (!first) return std::nullopt;
  return when_.delay();
}

TransientClock::OnTimer TransientClock::on_timer(std::chrono::nanoseconds now) {
  if (exiting_) return {};
  // A timer fires no earlier than it was set for, but the idle deadline may have moved on since.
  if (now < deadline_) return {.exit = false, .rearm = deadline_ - now};
  exiting_ = true;
  return {.exit = true, .rearm = std::nullopt};
}

}  // namespace thespis::detail
