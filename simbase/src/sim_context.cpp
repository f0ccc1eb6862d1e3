#include "kernel.hpp"

namespace thespis::sim::detail {

void SimContext::send(const ActorAddress& to, Message message) {
  kernel_.send(kernel_.record(id_).node, self_, to, std::move(message));
}

ActorAddress SimContext::create_actor(std::string_view type_name, const CreateOptions& options) {
  return kernel_.create_actor(id_, type_name, options, false);
}

void SimContext::wakeup_after(Nanos delay, Message payload) {
  kernel_.wakeup_after(id_, delay, std::move(payload));
}

Nanos SimContext::now() const { return kernel_.local_time(kernel_.record(id_).node); }

std::uint64_t SimContext::random() { return kernel_.random_bits(); }

void SimContext::log(LogLevel level, std::string_view text) { kernel_.log(self_, level, text); }

const std::optional<std::string>& SimContext::global_name() const {
  return kernel_.record(id_).global_name;
}

void SimContext::handle_dead_letters(bool enable) { kernel_.set_dead_letter_handler(id_, enable); }

void SimContext::notify_on_system_registration_changes(bool enable) {
  kernel_.set_registration_watcher(id_, enable);
}

void SimContext::update_capability(const std::string& name, std::optional<CapabilityValue> value) {
  kernel_.update_capability(kernel_.record(id_).node, name, std::move(value));
}

Capabilities SimContext::capabilities() const {
  return kernel_.node(kernel_.record(id_).node).capabilities;
}

void SimContext::system_shutdown() { kernel_.request_shutdown(); }

}  // namespace thespis::sim::detail
