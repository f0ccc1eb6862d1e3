// Actor lifecycle in the kernel: creation, construction, delivery with retry and poison, exit
// (recursive and not), and shutdown.
#include <algorithm>
#include <exception>

#include <thespis/delivery_rules.hpp>
#include <thespis/system_messages.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

ActorAddress Kernel::create_actor(LocalId parent, std::string_view type_name,
                                  const CreateOptions& options, bool construct_now) {
  if (shut_down_) throw SystemShutDown();
  const NodeIndex here = record(parent).node;
  // Semantics 9: a taken global name answers with its actor, whatever type was asked for.
  if (options.global_name) {
    auto& names = nodes_[here].global_names;
    auto it = names.find(*options.global_name);
    if (it != names.end() && record(it->second).live()) return record(it->second).address;
  }
  const ActorType& type = actor_type_named(type_name);
  const NodeIndex target = place(here, type, options.requirements);
  // A named actor belongs to the system, not to whoever created it first (Thespian too).
  const bool named = options.global_name.has_value();
  Record& r = add_record(target, named ? ActorAddress() : record(parent).address, false);
  const LocalId id = r.address.local();
  r.type = &type;
  r.extra_requirements = options.requirements;
  r.context.emplace(*this, id, r.address);
  if (options.global_name) {
    r.global_name = options.global_name;
    r.name_owner = here;
    nodes_[here].global_names[*options.global_name] = id;
  }
  if (!named) record(parent).children.push_back(id);
  trace_.record(TraceKind::create, now_, r.address, r.parent, nullptr, type.name);
  if (target != here) {
    // The creation request travels to the other node; messages sent meanwhile wait for it.
    r.awaiting_create = true;
    const Hop h = hop(here, target);
    push_event(control_arrival(h), event::CreateRequest{.hop = h, .actor = id});
    return construct_now ? await_remote_start(r) : r.address;
  }
  if (construct_now) {
    if (auto failure = start(r)) throw ActorCreationError(type.name, *failure);
  } else {
    r.mailbox.push_back({Message{}, {}, true, no_cause});
    make_ready(r);
  }
  return r.address;
}

ActorAddress Kernel::await_remote_start(Record& r) {
  const LocalId id = r.address.local();
  const Nanos deadline = now_ + options_.convention.remote_create_timeout;
  run_until([&] { return record(id).state != RecordState::starting; }, deadline);
  Record& created = record(id);
  if (created.state == RecordState::starting) {
    fail_creation(
        created, "node " + nodes_[created.node].name + " did not start it within " +
                     std::to_string(options_.convention.remote_create_timeout.count() / 1'000'000) +
                     "ms");
  }
  if (created.state == RecordState::stopped) {
    throw ActorCreationError(created.type->name, created.failure);
  }
  return created.address;
}

void Kernel::fail_creation(Record& r, std::string reason) {
  diagnose(LogLevel::warning, "creating " + r.type->name + " " + r.address.to_string() +
                                  " on node " + nodes_[r.node].name + " failed: " + reason);
  r.failure = std::move(reason);
  r.awaiting_create = false;
  r.exit_reported = true;  // by the parent's own node, which is the one that knows
  finish(r);
  if (const Record* parent = find(r.parent); parent != nullptr && parent->live()) {
    route(parent->node, r.address, r.parent, ChildActorExited{r.address});
  }
}

std::optional<std::string> Kernel::start(Record& r) {
  trace_.record(TraceKind::start, now_, r.address, r.parent, nullptr);
  try {
    thespis::detail::ConstructionScope scope(*r.context);
    r.actor = r.type->make();
    r.state = RecordState::running;
    return std::nullopt;
  } catch (...) {
    r.failure = describe_current_exception();
    diagnose(LogLevel::warning, "constructor of " + r.type->name + " " + r.address.to_string() +
                                    " threw: " + r.failure);
    finish(r);
    return r.failure;
  }
}

void Kernel::deliver(Record& r, MailboxEntry entry) {
  ++deliveries_;
  trace_.record(TraceKind::deliver, now_, r.address, entry.from, &entry.message, {}, 0,
                LogLevel::info, entry.cause);
  note_delivery(r.address, entry.from, entry.message);
  if (entry.message.is<ActorExitRequest>()) {
    handle_exit_request(r, entry);
    return;
  }
  if (auto inspection = inspection_answer(
          *r.actor, r.type->name, [&] { return r.context->now(); }, entry.message)) {
    send(r.node, r.address, entry.from, std::move(*inspection));
    return;
  }
  if (auto status = status_answer(entry.message, r.counters, [&] { return runtime_facts(r); })) {
    send(r.node, r.address, entry.from, std::move(*status));
    return;
  }
  const std::optional<std::string> failure =
      receive_with_retry(*r.actor, entry.message, entry.from, r.counters);
  if (!failure) return;
  trace_.record(TraceKind::poison, now_, r.address, entry.from, &entry.message, *failure, 0,
                LogLevel::info, entry.cause);
  diagnose(LogLevel::warning, r.type->name + " " + r.address.to_string() + " failed twice on " +
                                  entry.message.to_string() + ": " + *failure);
  if (auto poison = poison_for_failure(entry.message, *failure, r.counters)) {
    send(r.node, r.address, entry.from, std::move(*poison));
  }
}

ActorRuntimeFacts Kernel::runtime_facts(const Record& r) const {
  ActorRuntimeFacts facts{.address = r.address,
                          .type_name = r.type->name,
                          .global_name = r.global_name.value_or(std::string()),
                          .children = {},
                          .pending_wakeups = r.pending_wakeups,
                          .mailbox_length = static_cast<std::int64_t>(r.mailbox.size())};
  for (const LocalId child : r.children) {
    if (record(child).live()) facts.children.push_back(record(child).address);
  }
  return facts;
}

void Kernel::handle_exit_request(Record& r, const MailboxEntry& entry) {
  stop(r, entry.message, entry.from, stops_children_first(entry.message.get<ActorExitRequest>()));
}

void Kernel::stop(Record& r, const Message& exit_request, const ActorAddress& from,
                  bool recursive) {
  if (!r.live()) return;
  if (recursive) {
    const Message child_request = exit_request_for_child_first();
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
  for (MailboxEntry& entry : r.mailbox.take_all()) {
    if (!entry.start)
      dead_letter(r.node, entry.from, r.address, std::move(entry.message), entry.cause);
  }
  for (const LocalId child : r.children) {
    if (record(child).live())
      send(r.node, r.address, record(child).address, exit_request_for_child_left());
  }
  if (!r.exit_reported) {
    r.exit_reported = true;
    if (r.parent) send(r.node, r.address, r.parent, ChildActorExited{r.address});
  }
}

void Kernel::release(Record& r) {
  unready(r);
  if (r.global_name) {
    auto& names = nodes_[r.name_owner].global_names;
    auto it = names.find(*r.global_name);
    if (it != names.end() && it->second == r.address.local()) names.erase(it);
  }
  const LocalId id = r.address.local();
  std::erase(nodes_[r.node].dead_letter_handlers, id);
  std::erase(nodes_[r.node].registration_watchers, id);
}

void Kernel::set_dead_letter_handler(LocalId id, bool enable) {
  auto& handlers = nodes_[record(id).node].dead_letter_handlers;
  std::erase(handlers, id);
  if (enable) handlers.push_back(id);
}

void Kernel::set_registration_watcher(LocalId id, bool enable) {
  auto& watchers = nodes_[record(id).node].registration_watchers;
  std::erase(watchers, id);
  if (enable) watchers.push_back(id);
}

void Kernel::update_capability(NodeIndex index, const std::string& name,
                               std::optional<CapabilityValue> value) {
  Node& n = nodes_[index];
  if (value) {
    n.capabilities.set(name, std::move(*value));
  } else {
    n.capabilities.erase(name);
  }
  // Semantics 11: a live actor the node no longer satisfies is asked to leave.
  for (const auto& r : records_) {
    if (r->is_endpoint || !r->live() || r->address.system() != n.system) continue;
    if (auto request = exit_request_if_unfit(*r->type, n.capabilities, r->extra_requirements)) {
      send(index, {}, r->address, std::move(*request));
    }
  }
}

void Kernel::stop_families(const std::function<bool(const Record&)>& stopping,
                           const std::function<bool(const Record& parent)>& parent_stopping) {
  const auto stop_record = [this](Record* r, const Message& request) {
    stop(*r, request, {}, true);
  };
  std::vector<Record*> records(records_.begin(), records_.end());
  stop_families_from_the_top(
      records, [&](Record* r) { return stopping(*r); },
      [&](Record* r) {
        const Record* parent = find(r->parent);
        return parent != nullptr && !parent->is_endpoint && parent_stopping(*parent);
      },
      stop_record);
  // Then whatever is left: actors whose parent had stopped before them.
  const Message request = exit_request_for_child_first();
  for (const auto& r : records_) {
    if (stopping(*r)) stop_record(r, request);
  }
}

void Kernel::shutdown() {
  if (shut_down_) return;
  shutdown_requested_ = false;
  stop_families([](const Record& r) { return !r.is_endpoint && r.live(); },
                [](const Record&) { return true; });
  shut_down_ = true;
  ready_.clear();
  events_.clear();
  foreground_events_ = 0;
}

}  // namespace thespis::sim::detail
