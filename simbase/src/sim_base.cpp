#include "sim_base.hpp"

#include <algorithm>

#include <thespis/assert.hpp>

namespace thespis::sim::detail {

SimBase::SimBase(std::shared_ptr<Kernel> kernel, NodeIndex node)
    : kernel_(std::move(kernel)), node_(node), incarnation_(kernel_->node(node).system) {
  open_endpoint();
}

EndpointId SimBase::open_endpoint() {
  endpoints_.push_back(kernel_->open_endpoint(node_));
  return static_cast<EndpointId>(endpoints_.size() - 1);
}

Record& SimBase::endpoint(EndpointId id) {
  THESPIS_ASSERT(id < endpoints_.size(), "unknown endpoint id");
  return kernel_->record(endpoints_[id]);
}

ActorAddress SimBase::endpoint_address(EndpointId id) const {
  THESPIS_ASSERT(id < endpoints_.size(), "unknown endpoint id");
  return kernel_->record(endpoints_[id]).address;
}

void SimBase::check_running() const {
  if (kernel_->is_shut_down()) throw SystemShutDown();
  const Node& n = kernel_->node(node_);
  if (!n.up || n.system != incarnation_) {
    throw Error("sim: node '" + n.name + "' crashed; this ActorSystem handle belonged to it" +
                (n.up ? " before its restart (make a new one with Simulation::system)" : ""));
  }
}

Nanos SimBase::deadline_after(Nanos timeout) const {
  const Nanos now = kernel_->now();
  return timeout >= Nanos::max() - now ? Nanos::max() : now + std::max(timeout, Nanos(0));
}

SystemFacts SimBase::system_facts() {
  check_running();
  return kernel_->system_facts(node_);
}

ActorAddress SimBase::create_actor(EndpointId id, std::string_view type_name,
                                   const CreateOptions& options) {
  check_running();
  return kernel_->create_actor(endpoints_.at(id), type_name, options, true);
}

void SimBase::tell(EndpointId id, const ActorAddress& to, Message message) {
  check_running();
  kernel_->send(node_, endpoint(id).address, to, std::move(message));
}

std::optional<Message> SimBase::ask(EndpointId id, const ActorAddress& to, Message message,
                                    Nanos timeout) {
  check_running();
  Record& self = endpoint(id);
  Inbox& inbox = *self.inbox;
  const std::uint64_t asked_after = inbox.arrivals;
  kernel_->send(node_, self.address, to, std::move(message));
  const auto answered = [&] {
    return !inbox.entries.empty() && inbox.entries.back().arrival > asked_after;
  };
  if (!kernel_->run_until(answered, deadline_after(timeout))) return std::nullopt;
  // The first message that arrived after the request; earlier ones stay for listen().
  auto it = std::find_if(inbox.entries.begin(), inbox.entries.end(),
                         [&](const InboxEntry& e) { return e.arrival > asked_after; });
  Message reply = std::move(it->message);
  inbox.entries.erase(it);
  return reply;
}

std::optional<Message> SimBase::listen(EndpointId id, Nanos timeout) {
  check_running();
  Inbox& inbox = *endpoint(id).inbox;
  if (!kernel_->run_until([&] { return !inbox.entries.empty(); }, deadline_after(timeout))) {
    return std::nullopt;
  }
  Message message = std::move(inbox.entries.front().message);
  inbox.entries.pop_front();
  return message;
}

void SimBase::update_capability(const std::string& name, std::optional<CapabilityValue> value) {
  check_running();
  kernel_->update_capability(node_, name, std::move(value));
}

}  // namespace thespis::sim::detail
