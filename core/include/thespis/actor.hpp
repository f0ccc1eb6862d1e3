// Actor: the base class of every actor. An actor handles one message at a time; its handlers
// run to completion on the thread of its base. Override receive() to see every message, or
// register typed handlers with on<T>() in the constructor (unmatched messages go to
// unhandled(), which ignores them). The base owns the actor object; users hold addresses.
//
// Actors are only constructed by a base (through create_actor); the protected helpers are the
// actor's whole view of the world: its time is now(), its randomness random().
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/actor_context.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/message.hpp>
#include <thespis/message_type.hpp>

namespace thespis {

class Encoder;
class Decoder;

class Actor {
 public:
  Actor();
  virtual ~Actor();
  Actor(const Actor&) = delete;
  Actor& operator=(const Actor&) = delete;

  /// Entry point of every message. The default dispatches to the on<T>() handlers and falls
  /// back to unhandled().
  virtual void receive(const Message& message, const ActorAddress& sender);

  /// Writes the state the app's checks read (one msgpack array) and returns true; a type
  /// without THESPIS_INSPECT (inspect.hpp) writes nothing and returns false.
  virtual bool inspect_state(Encoder& out) const;
  /// Restores what inspect_state() wrote; throws DecodeError for a state that does not decode
  /// and Error for a type without THESPIS_INSPECT.
  virtual void restore_state(const Decoder& in);

 protected:
  /// Registers the handler for messages of type T; a later registration replaces it.
  /// `handler` takes (const T&, const ActorAddress& sender) or (const T&).
  template <class T, class F>
  void on(F handler);

  /// Runs the typed handler for `message`; false if none is registered.
  bool dispatch(const Message& message, const ActorAddress& sender);
  virtual void unhandled(const Message& message, const ActorAddress& sender);

  void send(const ActorAddress& to, Message message) { context_.send(to, std::move(message)); }
  template <class T>
  ActorAddress create_actor(const CreateOptions& options = {}) {
    return context_.create_actor(actor_type<T>().name, options);
  }
  ActorAddress create_actor(std::string_view type_name, const CreateOptions& options = {}) {
    return context_.create_actor(type_name, options);
  }
  void wakeup_after(std::chrono::nanoseconds delay, Message payload = {}) {
    context_.wakeup_after(delay, std::move(payload));
  }
  const ActorAddress& my_address() const { return context_.self(); }
  const std::optional<std::string>& global_name() const { return context_.global_name(); }
  std::chrono::nanoseconds now() const { return context_.now(); }
  std::uint64_t random() { return context_.random(); }
  /// Uniform in [0, bound); bound > 0.
  std::uint64_t random_below(std::uint64_t bound);
  void log(LogLevel level, std::string_view text) { context_.log(level, text); }
  void log(std::string_view text) { context_.log(LogLevel::info, text); }
  void handle_dead_letters(bool enable = true) { context_.handle_dead_letters(enable); }
  void notify_on_system_registration_changes(bool enable = true) {
    context_.notify_on_system_registration_changes(enable);
  }
  void update_capability(const std::string& name, std::optional<CapabilityValue> value) {
    context_.update_capability(name, std::move(value));
  }
  Capabilities capabilities() const { return context_.capabilities(); }
  void system_shutdown() { context_.system_shutdown(); }

 private:
  using Handler = std::function<void(const Message&, const ActorAddress&)>;
  void set_handler(std::uint32_t type_id, Handler handler);

  ActorContext& context_;
  // In registration order, found by scanning: an actor has a few handlers, while a table
  // indexed by MessageType::id cost every actor a slot for every type the program registers.
  std::vector<std::pair<std::uint32_t, Handler>> handlers_;
};

template <class T, class F>
void Actor::on(F handler) {
  if constexpr (std::invocable<F&, const T&, const ActorAddress&>) {
    set_handler(message_type<T>().id,
                [h = std::move(handler)](const Message& m, const ActorAddress& from) mutable {
                  h(*static_cast<const T*>(m.value()), from);
                });
  } else {
    static_assert(std::invocable<F&, const T&>,
                  "thespis: on<T>(handler): handler must take (const T&, const ActorAddress&) "
                  "or (const T&)");
    set_handler(message_type<T>().id,
                [h = std::move(handler)](const Message& m, const ActorAddress&) mutable {
                  h(*static_cast<const T*>(m.value()));
                });
  }
}

}  // namespace thespis
