// Dispatch: a table from protocol message type to handler, for the processes' own messages
// (protocol.hpp) as actors have on<T>() for theirs. It replaces a ladder of get_if tests that
// grew in several files: each file adds the handlers of its part of the protocol to one table,
// and a message nobody registered is reported to the caller, which counts it as a confused or
// hostile peer's. Handlers are looked up by the dense message type id; filled once, before the
// event loop runs, and used from the loop's thread only.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <vector>

#include <thespis/message.hpp>
#include <thespis/message_type.hpp>

namespace thespis::net::detail {

/// Handlers of protocol messages that take `(const T&, Context...)`.
template <class... Context>
class Dispatch {
 public:
  /// Registers the handler of T's; a later registration replaces it. `handler` takes
  /// (const T&, Context...) or, when it needs no context, (const T&).
  template <class T, class F>
  void on(F handler) {
    const std::uint32_t id = message_type<T>().id;
    if (handlers_.size() <= id) handlers_.resize(id + 1);
    if constexpr (std::invocable<F&, const T&, Context...>) {
      handlers_[id] = [h = std::move(handler)](const Message& m, Context... context) mutable {
        h(*static_cast<const T*>(m.value()), context...);
      };
    } else {
      static_assert(std::invocable<F&, const T&>,
                    "Dispatch::on<T>(handler): handler must take (const T&, Context...) or "
                    "(const T&)");
      handlers_[id] = [h = std::move(handler)](const Message& m, Context...) mutable {
        h(*static_cast<const T*>(m.value()));
      };
    }
  }

  /// Runs the handler of `message`'s type; false if none is registered.
  bool operator()(const Message& message, Context... context) const {
    const MessageType* type = message.type();
    if (type == nullptr || type->id >= handlers_.size() || !handlers_[type->id]) return false;
    handlers_[type->id](message, context...);
    return true;
  }

 private:
  std::vector<std::function<void(const Message&, Context...)>> handlers_;  // by MessageType::id
};

}  // namespace thespis::net::detail
