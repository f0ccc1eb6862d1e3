// The kernel's run loop, routing, timers and dead letters.
#include "kernel.hpp"

#include <algorithm>
#include <limits>

#include <thespis/assert.hpp>
#include <thespis/system_messages.hpp>

namespace thespis::sim::detail {

Kernel::Kernel(SimOptions options)
    : options_(std::move(options)),
      sink_(options_.log_sink ? options_.log_sink : stderr_log_sink(options_.log_level)),
      capabilities_(options_.capabilities),
      choices_(options_.replay_tape.empty() ? ChoiceSource(options_.seed)
                                            : ChoiceSource::replay(options_.replay_tape)),
      trace_(options_.record_trace) {}

Kernel::~Kernel() { shutdown(); }

Record& Kernel::add_record(ActorAddress parent, bool is_endpoint) {
  const LocalId id = records_.size() + 1;
  auto& record = records_.emplace_back(std::make_unique<Record>());
  record->address = ActorAddress(node_system_, id);
  record->parent = parent;
  record->is_endpoint = is_endpoint;
  record->state = is_endpoint ? RecordState::running : RecordState::starting;
  return *record;
}

LocalId Kernel::open_endpoint() { return add_record({}, true).address.local(); }

Record* Kernel::find(const ActorAddress& address) {
  if (address.system() != node_system_ || address.local() == 0 ||
      address.local() > records_.size()) {
    return nullptr;
  }
  return &record(address.local());
}

std::uint64_t Kernel::live_actors() const {
  return static_cast<std::uint64_t>(
      std::count_if(records_.begin(), records_.end(),
                    [](const auto& r) { return !r->is_endpoint && r->live(); }));
}

Message Kernel::through_codec(const Message& message) {
  if (message.empty()) return message;
  encoder_.clear();
  message.type()->encode(encoder_, message.value());
  return Message(*message.type(), message.type()->decode(decoder_.parse(encoder_.bytes())));
}

void Kernel::send(const ActorAddress& from, const ActorAddress& to, Message message) {
  if (shut_down_) return;
  if (options_.wire_codec) message = through_codec(message);
  trace_.record(TraceKind::send, now_, from, to, &message);
  route(from, to, std::move(message));
}

void Kernel::route(const ActorAddress& from, const ActorAddress& to, Message message) {
  Record* target = find(to);
  if (target == nullptr || !target->live()) {
    dead_letter(from, to, std::move(message));
  } else if (target->is_endpoint) {
    arrive_at_endpoint(*target, from, std::move(message));
  } else {
    target->mailbox.push_back({std::move(message), from, false});
    make_ready(*target);
  }
}

void Kernel::arrive_at_endpoint(Record& endpoint, const ActorAddress& from, Message message) {
  // Code outside actors sees replies and poison, never the system's own bookkeeping.
  if (!message.empty() && message.type()->is_system && !message.is<PoisonMessage>()) {
    trace_.record(TraceKind::drop, now_, endpoint.address, from, &message, "filtered");
    return;
  }
  endpoint.inbox.push_back({std::move(message), from, ++endpoint.arrivals});
}

void Kernel::dead_letter(const ActorAddress& from, const ActorAddress& to, Message message) {
  trace_.record(TraceKind::dead_letter, now_, to, from, &message);
  if (message.is<ChildActorExited>() || message.is<DeadEnvelope>()) {
    ++dropped_;
    return;
  }
  auto handler = std::find_if(dead_letter_handlers_.rbegin(), dead_letter_handlers_.rend(),
                              [&](LocalId id) { return record(id).live(); });
  if (handler == dead_letter_handlers_.rend()) {
    ++dropped_;
    return;
  }
  route(from, record(*handler).address, DeadEnvelope{to, std::move(message)});
}

void Kernel::make_ready(Record& record) {
  if (record.ready) return;
  record.ready = true;
  ready_.push_back(record.address.local());
}

void Kernel::wakeup_after(LocalId id, Nanos delay, Message payload) {
  Record& r = record(id);
  Message wakeup = WakeupMessage{delay, std::move(payload)};
  trace_.record(TraceKind::timer_set, now_, r.address, r.address, &wakeup);
  timers_.push({now_ + std::max(delay, Nanos(0)), ++timer_sequence_, id, std::move(wakeup)});
}

void Kernel::fire_due_timers() {
  while (!timers_.empty() && timers_.top().time <= now_) {
    Timer timer = timers_.top();
    timers_.pop();
    Record& r = record(timer.actor);
    if (!r.live()) continue;  // pending wakeups of an exited actor vanish
    trace_.record(TraceKind::timer_fire, now_, r.address, r.address, &timer.wakeup);
    r.mailbox.push_back({std::move(timer.wakeup), r.address, false});
    make_ready(r);
  }
}

void Kernel::step() {
  const std::uint64_t pick = choices_.choose(ready_.size());
  const LocalId id = ready_[pick];
  ready_.erase(ready_.begin() + static_cast<std::ptrdiff_t>(pick));
  Record& r = record(id);
  MailboxEntry entry = std::move(r.mailbox.front());
  r.mailbox.pop_front();
  if (r.mailbox.empty()) {
    r.ready = false;
  } else {
    ready_.push_back(id);
  }
  if (entry.start) {
    (void)start(r);  // a failure is reported to the parent as ChildActorExited
  } else {
    deliver(r, std::move(entry));
  }
}

void Kernel::check_livelock() {
  if (options_.max_events_per_instant == 0 ||
      ++events_at_instant_ <= options_.max_events_per_instant) {
    return;
  }
  throw Error("sim: " + std::to_string(events_at_instant_) + " events ran at virtual time " +
              std::to_string(now_.count()) +
              "ns without time advancing (actors messaging each other forever?); raise "
              "SimOptions::max_events_per_instant if this is intended");
}

bool Kernel::run_until(const std::function<bool()>& done, Nanos deadline) {
  events_at_instant_ = 0;  // the guard counts the events of one call at one instant
  while (!done()) {
    if (shutdown_requested_) {
      shutdown();
      return done();
    }
    fire_due_timers();
    if (!ready_.empty()) {
      check_livelock();
      step();
      continue;
    }
    if (timers_.empty() || timers_.top().time > deadline) {
      if (deadline != Nanos::max()) now_ = std::max(now_, deadline);
      return done();
    }
    now_ = timers_.top().time;
    events_at_instant_ = 0;
  }
  return true;
}

void Kernel::diagnose(LogLevel level, std::string_view text) { sink_(level, "sim", text); }

void Kernel::log(const ActorAddress& source, LogLevel level, std::string_view text) {
  trace_.record(TraceKind::log, now_, source, {}, nullptr, text);
  const double ms = static_cast<double>(now_.count()) / 1e6;
  sink_(level, source.to_string() + " t=" + std::to_string(ms) + "ms", text);
}

}  // namespace thespis::sim::detail
