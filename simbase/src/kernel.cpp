// The kernel's run loop, routing within a node, timers and dead letters.
#include "kernel.hpp"

#include <algorithm>
#include <limits>

#include <thespis/assert.hpp>
#include <thespis/delivery_rules.hpp>
#include <thespis/system_messages.hpp>

namespace thespis::sim::detail {
namespace {

ChoiceSource make_choice_source(const SimOptions& options) {
  return options.replay_tape.empty() ? ChoiceSource(options.seed, options.calm_choices)
                                     : ChoiceSource::replay(options.replay_tape);
}

bool later(const Event& a, const Event& b) {
  return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
}

}  // namespace

Kernel::Kernel(SimOptions options)
    : options_(std::move(options)),
      sink_(options_.log_sink ? options_.log_sink : stderr_log_sink(options_.log_level)),
      choices_(make_choice_source(options_)),
      trace_(options_.record_trace) {
  if (options_.pct.depth > 0 && options_.replay_tape.empty()) {
    pct_ = std::make_unique<PctScheduler>(options_.seed, options_.pct.depth, options_.pct.steps);
  }
  if (options_.keep_recent_events) trace_.keep_tail(options_.report_events);
  // Choice 0 of every run says whether a swarm mix follows it on the tape, so a tape replays a
  // swarm run without the strategy. It is recorded, not drawn (choose_as): a seed's run is the
  // same as without it, and calm (0) is no mix, the base options' rates.
  if (choices_.choose_as(2, options_.swarm ? 1 : 0) == 1) draw_swarm_mix();
  std::vector<NodeOptions> nodes = std::move(options_.nodes);
  if (nodes.empty()) nodes.push_back({"main", options_.capabilities, {}});
  for (NodeOptions& node : nodes) add_node(std::move(node));
  set_random_faults(options_.random_faults);
}

Kernel::~Kernel() {
  // Exit handlers run even when the owner never shut down; nothing may escape a destructor
  // (an allocation failing there would otherwise abort the program).
  try {
    shutdown();
  } catch (...) {
  }
}

Record& Kernel::add_record(NodeIndex node, ActorAddress parent, bool is_endpoint) {
  const LocalId id = records_.size() + 1;
  Record* record = &records_.emplace_back();
  record->address = ActorAddress(nodes_[node].system, id);
  record->parent = parent;
  record->node = node;
  record->is_endpoint = is_endpoint;
  record->state = is_endpoint ? RecordState::running : RecordState::starting;
  if (is_endpoint) record->inbox = std::make_unique<Inbox>();
  return *record;
}

LocalId Kernel::open_endpoint(NodeIndex node) { return add_record(node, {}, true).address.local(); }

Record* Kernel::find(const ActorAddress& address) {
  if (address.local() == 0 || address.local() > records_.size()) return nullptr;
  Record& r = record(address.local());
  return r.address == address ? &r : nullptr;
}

std::uint64_t Kernel::live_actors() const {
  return static_cast<std::uint64_t>(
      std::count_if(records_.begin(), records_.end(),
                    [](const auto& r) { return !r->is_endpoint && r->live(); }));
}

std::string_view Kernel::encode(const Message& message) {
  // The encoder is shared scratch: cleared first, so no caller ever sees an earlier
  // message's bytes (an empty message encodes to none).
  encoder_.clear();
  if (!message.empty()) message.type()->encode(encoder_, message.value());
  return encoder_.bytes();
}

Message Kernel::through_codec(const Message& message, std::string_view bytes) {
  if (message.empty()) return message;
  return Message(*message.type(), message.type()->decode(decoder_.parse(bytes)));
}

bool Kernel::chance(double probability) {
  // Choice 0 is the calm outcome, so the fault takes the top of the range.
  constexpr std::uint64_t range = 1u << 20;
  if (probability <= 0) return false;
  const auto calm = static_cast<std::uint64_t>((1.0 - std::min(probability, 1.0)) * range);
  return choices_.choose(range) >= calm;
}

void Kernel::send(NodeIndex from_node, const ActorAddress& from, const ActorAddress& to,
                  Message message) {
  if (shut_down_) return;
  // The hash folds what the message says, from the bytes the codec writes anyway: a replay of an
  // edited scenario diverges at the send whose contents changed, not later (or never).
  const std::string_view bytes = encode(message);
  const std::size_t size = bytes.size();
  const std::uint64_t contents = thespis::detail::bytes_digest(bytes);
  if (options_.wire_codec) message = through_codec(message, bytes);
  const std::uint64_t sent = trace_.record(TraceKind::send, now_, from, to, &message, {}, contents);
  if (over_datagram_limit(from, to, size)) {
    refuse_oversized(from_node, from, to, message, size, sent);
    return;
  }
  // Within the node (most sends) without a lookup: a message for an address of no running
  // node's incarnation is routed here too, where it becomes a dead letter.
  const auto dst = to.system() == nodes_[from_node].system ? std::optional<NodeIndex>(from_node)
                                                           : node_of_system(to.system());
  if (!dst || *dst == from_node) {
    route(from_node, from, to, std::move(message), sent);
  } else {
    transmit(from_node, *dst, from, to, std::move(message), sent);
  }
}

void Kernel::route(NodeIndex here, const ActorAddress& from, const ActorAddress& to,
                   Message message, std::uint64_t cause) {
  Record* target = find(to);
  if (target == nullptr || !target->live()) {
    dead_letter(here, from, to, std::move(message), cause);
  } else if (target->is_endpoint) {
    arrive_at_endpoint(*target, from, std::move(message), cause);
  } else {
    target->mailbox.push_back({std::move(message), from, false, cause});
    make_ready(*target);
  }
}

void Kernel::arrive_at_endpoint(Record& endpoint, const ActorAddress& from, Message message,
                                std::uint64_t cause) {
  if (!endpoint_may_see(message)) {
    trace_.record(TraceKind::drop, now_, endpoint.address, from, &message, "filtered", 0,
                  LogLevel::info, cause);
    return;
  }
  note_delivery(endpoint.address, from, message);
  endpoint.inbox->entries.push_back({std::move(message), from, ++endpoint.inbox->arrivals});
}

void Kernel::dead_letter(NodeIndex here, const ActorAddress& from, const ActorAddress& to,
                         Message message, std::uint64_t cause) {
  trace_.record(TraceKind::dead_letter, now_, to, from, &message, {}, 0, LogLevel::info, cause);
  ++dead_letters_;
  if (!may_be_dead_lettered(message)) {
    ++dropped_;
    return;
  }
  const auto& handlers = nodes_[here].dead_letter_handlers;
  auto handler = std::find_if(handlers.rbegin(), handlers.rend(),
                              [&](LocalId id) { return record(id).live(); });
  if (handler == handlers.rend()) {
    ++dropped_;
    return;
  }
  route(here, from, record(*handler).address, DeadEnvelope{to, std::move(message)}, cause);
}

void Kernel::make_ready(Record& record) {
  if (record.ready || record.awaiting_create || nodes_[record.node].paused) return;
  record.ready = true;
  join_ready(record);
}

void Kernel::join_ready(Record& record) {
  record.ready_ticket = ready_.push(record.address.local());
  if (pct_) pct_->became_ready(record.address.local(), record.ready_ticket);
}

void Kernel::unready(Record& record) {
  if (!record.ready) return;
  record.ready = false;
  ready_.erase(record.ready_ticket);
  if (pct_) pct_->became_unready(record.address.local(), record.ready_ticket);
}

void Kernel::push_event(Event event) {
  event.sequence = ++event_sequence_ & (~std::uint64_t{0} >> 1);
  if (event.foreground) ++foreground_events_;
  events_.push_back(std::move(event));
  std::push_heap(events_.begin(), events_.end(), later);
}

Event Kernel::pop_event() {
  std::pop_heap(events_.begin(), events_.end(), later);
  Event event = std::move(events_.back());
  events_.pop_back();
  if (event.foreground) --foreground_events_;
  return event;
}

void Kernel::wakeup_after(LocalId id, Nanos delay, Message payload) {
  Record& r = record(id);
  const Node& n = nodes_[r.node];
  Message wakeup = WakeupMessage{delay, std::move(payload)};
  const std::uint64_t set =
      trace_.record(TraceKind::timer_set, now_, r.address, r.address, &wakeup);
  // The delay is measured on the node's clock, which may run fast or slow.
  __extension__ using Wide = __int128;
  const Wide ticks = static_cast<Wide>(std::max(delay, Nanos(0)).count()) * 1'000'000 /
                     (1'000'000 + std::clamp<std::int64_t>(n.drift_ppm, -999'999, 1'000'000));
  Nanos real = Nanos(static_cast<std::int64_t>(ticks));
  if (options_.timer_jitter > Nanos(0)) {
    real += Nanos(static_cast<std::int64_t>(
        choices_.choose(static_cast<std::uint64_t>(options_.timer_jitter.count()) + 1)));
  }
  ++r.pending_wakeups;
  push_event(now_ + real, event::Wakeup{.actor = id, .message = std::move(wakeup), .cause = set});
}

void Kernel::fire_wakeup(event::Wakeup& wakeup) {
  Record& r = record(wakeup.actor);
  --r.pending_wakeups;
  if (!r.live()) return;  // pending wakeups of an exited actor vanish
  // The wakeup's delivery follows from the firing, which follows from the setting.
  const std::uint64_t fired = trace_.record(TraceKind::timer_fire, now_, r.address, r.address,
                                            &wakeup.message, {}, 0, LogLevel::info, wakeup.cause);
  r.mailbox.push_back({std::move(wakeup.message), r.address, false, fired});
  make_ready(r);
}

/// Hands each kind of event to the kernel function that handles it.
struct Kernel::EventVisitor {
  Kernel& kernel;

  void operator()(event::Wakeup& e) const { kernel.fire_wakeup(e); }
  void operator()(event::Frame& e) const { kernel.arrive(e); }
  void operator()(const event::CreateRequest& e) const { kernel.arrive_create_request(e); }
  void operator()(const event::HeartbeatTick& e) const { kernel.heartbeat_tick(e); }
  void operator()(const event::Heartbeat& e) const { kernel.heartbeat_arrived(e); }
  void operator()(const event::Leave& e) const { kernel.left(e); }
  void operator()(const event::ScheduledFault& e) const {
    kernel.apply(kernel.scheduled_faults_[e.index]);
  }
  void operator()(const event::FaultTick&) const { kernel.random_faults_tick(); }
  void operator()(const event::Deadline& e) const { kernel.deadline_passed(e.check); }
  void operator()(const event::LeadsToDeadline& e) const { kernel.leads_to_deadline(e.check); }
};

void Kernel::process(Event event) { std::visit(EventVisitor{*this}, event.body); }

void Kernel::step() {
  if (ready_.size() > 1) ++scheduling_steps_;
  const std::uint64_t pick = pct_ && ready_.size() > 1
                                 ? choices_.choose_as(ready_.size(), pct_->pick(ready_))
                                 : choices_.choose(ready_.size());
  Record& r = record(ready_.take(pick));
  // With thousands of actors busy the record has left the cache since its message came: ask
  // for all its lines at once rather than miss on each in turn.
  const char* lines = reinterpret_cast<const char*>(&r);
  for (std::size_t at = 64; at < sizeof(Record); at += 64) __builtin_prefetch(lines + at);
  if (pct_) pct_->became_unready(r.address.local(), r.ready_ticket);
  MailboxEntry entry = r.mailbox.take_front();
  if (r.mailbox.empty()) {
    r.ready = false;
  } else {
    join_ready(r);  // the newest again: its next message waits for the others' turns
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
  if (failure_) throw CheckFailed(*failure_);
  events_at_instant_ = 0;  // the guard counts the events of one call at one instant
  while (!done()) {
    if (shutdown_requested_) {
      shutdown();
      return done();
    }
    if (!events_.empty() && events_.front().time <= now_) {
      process(pop_event());
    } else if (!ready_.empty()) {
      check_livelock();
      step();
    } else if (events_.empty() || events_.front().time > deadline) {
      if (deadline != Nanos::max()) now_ = std::max(now_, deadline);
      return done();
    } else if (deadline == Nanos::max() && foreground_events_ == 0) {
      // Waiting forever with nothing left but heartbeats and fault draws would never end.
      return done();
    } else {
      now_ = events_.front().time;
      events_at_instant_ = 0;
      continue;
    }
    if (has_checks()) evaluate_checks();
  }
  return true;
}

void Kernel::for_each_actor(std::string_view type_name,
                            const std::function<void(const ActorAddress&, Actor&)>& visit) {
  for (const auto& r : records_) {
    if (!r->is_endpoint && r->state == RecordState::running && r->type->name == type_name) {
      if (subjects_ != nullptr) subjects_->push_back(r->type->name);
      visit(r->address, *r->actor);
    }
  }
  for (Mirror& mirror : mirrors_) {
    if (mirror.type->name != type_name) continue;
    if (subjects_ != nullptr) subjects_->push_back(mirror.type->name);
    visit(mirror.address, *mirror.actor);
  }
}

void Kernel::diagnose(LogLevel level, std::string_view text) { sink_(level, "sim", text); }

void Kernel::log(const ActorAddress& source, LogLevel level, std::string_view text) {
  trace_.record(TraceKind::log, now_, source, {}, nullptr, text, 0, level);
  const double ms = static_cast<double>(now_.count()) / 1e6;
  std::string where = source.to_string();
  if (const auto n = node_that_had(source.system()); n && nodes_.size() > 1) {
    where += "[" + nodes_[*n].name + "]";
  }
  sink_(level, where + " t=" + std::to_string(ms) + "ms", text);
}

}  // namespace thespis::sim::detail
