// Actor lifecycle in the kernel: creation, construction, delivery with retry and poison, exit
// (recursive and not), and shutdown.
#include <algorithm>
#include <exception>

#include <thespis/system_messages.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {
namespace {

std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

ActorAddress Kernel::create_actor(LocalId parent, std::string_view type_name,
                                  const CreateOptions& options, bool construct_now) {
  if (shut_down_) throw SystemShutDown();
  const ActorType& type = actor_type_named(type_name);
  if (options.global_name) {
    auto it = global_names_.find(*options.global_name);
    if (it != global_names_.end() && record(it->second).live()) return record(it->second).address;
  }
  if (!accepts(type, capabilities_, options.requirements)) {
    Requirements all = type.requirements;
    all.insert(all.end(), options.requirements.begin(), options.requirements.end());
    throw NoCompatibleSystemForActor(type.name, to_string(all));
  }
  Record& r = add_record(record(parent).address, false);
  const LocalId id = r.address.local();
  r.type = &type;
  r.extra_requirements = options.requirements;
  r.context = std::make_unique<SimContext>(*this, id, r.address);
  if (options.global_name) {
    r.global_name = options.global_name;
    global_names_[*options.global_name] = id;
  }
  record(parent).children.push_back(id);
  trace_.record(TraceKind::create, now_, r.address, r.parent, nullptr, type.name);
  if (construct_now) {
    if (auto failure = start(r)) throw ActorCreationError(type.name, *failure);
  } else {
    r.mailbox.push_back({Message{}, {}, true});
    make_ready(r);
  }
  return r.address;
}

std::optional<std::string> Kernel::start(Record& r) {
  trace_.record(TraceKind::start, now_, r.address, r.parent, nullptr);
  try {
    thespis::detail::ConstructionScope scope(*r.context);
    r.actor = r.type->make();
    r.state = RecordState::running;
    return std::nullopt;
  } catch (...) {
    std::string reason = describe_current_exception();
    diagnose(LogLevel::warning,
             "constructor of " + r.type->name + " " + r.address.to_string() + " threw: " + reason);
    finish(r);
    return reason;
  }
}

void Kernel::deliver(Record& r, MailboxEntry entry) {
  ++deliveries_;
  trace_.record(TraceKind::deliver, now_, r.address, entry.from, &entry.message);
  if (entry.message.is<ActorExitRequest>()) {
    handle_exit_request(r, entry);
    return;
  }
  std::string details;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      r.actor->receive(entry.message, entry.from);
      return;
    } catch (...) {
      details = describe_current_exception();
    }
  }
  trace_.record(TraceKind::poison, now_, r.address, entry.from, &entry.message, details);
  diagnose(LogLevel::warning, r.type->name + " " + r.address.to_string() + " failed twice on " +
                                  entry.message.to_string() + ": " + details);
  if (!entry.message.is<PoisonMessage>()) {
    send(r.address, entry.from, PoisonMessage{entry.message, details});
  }
}

void Kernel::handle_exit_request(Record& r, const MailboxEntry& entry) {
  stop(r, entry.message, entry.from, entry.message.get<ActorExitRequest>().recursive);
}

void Kernel::stop(Record& r, const Message& exit_request, const ActorAddress& from,
                  bool recursive) {
  if (!r.live()) return;
  if (recursive) {
    const Message child_request = ActorExitRequest{true};
    const std::vector<LocalId> children = r.children;
    for (const LocalId child : children) stop(record(child), child_request, r.address, true);
  }
  if (r.state == RecordState::running) {
    try {
      r.actor->receive(exit_request, from);
    } catch (...) {
      diagnose(LogLevel::warning,
               r.type->name + " " + r.address.to_string() +
                   " threw while handling ActorExitRequest: " + describe_current_exception());
    }
  }
  finish(r);
}

void Kernel::finish(Record& r) {
  r.state = RecordState::stopped;
  trace_.record(TraceKind::exit, now_, r.address, r.parent, nullptr);
  r.actor.reset();
  release(r);
  std::deque<MailboxEntry> queued = std::move(r.mailbox);
  r.mailbox.clear();
  for (MailboxEntry& entry : queued) {
    if (!entry.start) dead_letter(entry.from, r.address, std::move(entry.message));
  }
  for (const LocalId child : r.children) {
    if (record(child).live()) send(r.address, record(child).address, ActorExitRequest{false});
  }
  send(r.address, r.parent, ChildActorExited{r.address});
}

void Kernel::release(Record& r) {
  if (r.ready) {
    r.ready = false;
    ready_.erase(std::find(ready_.begin(), ready_.end(), r.address.local()));
  }
  if (r.global_name) global_names_.erase(*r.global_name);
  const LocalId id = r.address.local();
  std::erase(dead_letter_handlers_, id);
  std::erase(registration_watchers_, id);
}

void Kernel::set_dead_letter_handler(LocalId id, bool enable) {
  std::erase(dead_letter_handlers_, id);
  if (enable) dead_letter_handlers_.push_back(id);
}

void Kernel::set_registration_watcher(LocalId id, bool enable) {
  std::erase(registration_watchers_, id);
  if (enable) registration_watchers_.push_back(id);
}

void Kernel::update_capability(const std::string& name, std::optional<CapabilityValue> value) {
  if (value) {
    capabilities_.set(name, std::move(*value));
  } else {
    capabilities_.erase(name);
  }
  // Semantics 11: a live actor the node no longer satisfies is asked to leave.
  for (const auto& r : records_) {
    if (r->is_endpoint || !r->live() || accepts(*r->type, capabilities_, r->extra_requirements))
      continue;
    send({}, r->address, ActorExitRequest{false});
  }
}

void Kernel::shutdown() {
  if (shut_down_) return;
  shutdown_requested_ = false;
  const Message request = ActorExitRequest{true};
  // Top-level actors first (each stops its family bottom-up), then any orphans left.
  for (const auto& r : records_) {
    if (!r->is_endpoint && r->live() && find(r->parent)->is_endpoint) stop(*r, request, {}, true);
  }
  for (const auto& r : records_) {
    if (!r->is_endpoint && r->live()) stop(*r, request, {}, true);
  }
  shut_down_ = true;
  ready_.clear();
  timers_ = {};
}

}  // namespace thespis::sim::detail
