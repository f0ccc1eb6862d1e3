#include "process_trace.hpp"

#include "clock.hpp"
#include "protocol.hpp"

namespace thespis::net::detail {

void ProcessTrace::record(std::string_view kind, const ActorAddress& actor,
                          const ActorAddress& other, const Message* message, std::string text) {
  TracedEvent event{.time_ns = wall_clock_ns(),
                    .kind = std::string(kind),
                    .actor = actor,
                    .other = other,
                    .type = {},
                    .message = {},
                    .text = std::move(text),
                    .node = {},  // the admin knows its own name
                    .sequence = sequence_++};
  if (message != nullptr && !message->empty()) {
    event.type = std::string(message->type_name());
    event.message = message->to_string();
    if (event.message.size() > max_message_text) {
      event.message.resize(max_message_text);
      event.message += "...";
    }
  }
  pending_.push_back(std::move(event));
  if (pending_.size() >= batch) flush();
}

void ProcessTrace::flush() noexcept {
  if (pending_.empty()) return;
  try {
    admin_.note(NetTraceBatch{.events = std::move(pending_)});
  } catch (...) {
    // The admin is gone or overloaded: the trace has a gap, the actor goes on.
  }
  pending_.clear();
}

}  // namespace thespis::net::detail
