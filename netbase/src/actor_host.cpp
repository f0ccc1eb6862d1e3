// The process of one actor: its context, its mailbox, its timers, its connections.
//
// Incoming envelopes go to the mailbox and are delivered one at a time, never from inside another
// delivery: by a posted task, or (udp) at once from the read that brought them, which the
// datagram router re-armed first. Retry and poison, exit and recursive exit follow the
// semantics every base honours.
#include <deque>
#include <map>
#include <random>
#include <vector>

#include <unistd.h>

#include <thespis/actor.hpp>
#include <thespis/actor_context.hpp>
#include <thespis/actor_status.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/delivery_rules.hpp>
#include <thespis/system_messages.hpp>

#include "clock.hpp"
#include "creation.hpp"
#include "process_launcher.hpp"
#include "process_trace.hpp"
#include "protocol.hpp"
#include "router.hpp"
#include "rpc.hpp"
#include "spawner.hpp"

namespace thespis::net::detail {
namespace {

using namespace std::chrono_literals;

/// Envelopes an actor may have waiting for slow receivers before its sends block.
constexpr std::size_t max_queued = 1 << 16;
/// Envelopes waiting in the mailbox before this process stops reading its connections (their
/// senders then feel back-pressure), and the level at which it reads again.
constexpr std::size_t mailbox_high_water = 1 << 16;
constexpr std::size_t mailbox_low_water = 1 << 13;

/// The actor's context, and its Router's Directory (answered by the admin); its loop runs the
/// processes of a RunCommand actor (process_launcher.hpp).
class ActorHost final : public ActorContext, public ActorLoop, private Directory {
 public:
  ActorHost(const NetSpawn& spawn, const ActorProcessSetup& setup, const Secret& secret);
  [[noreturn]] void run();

  const ActorAddress& self() const override { return spawn_.address; }
  void send(const ActorAddress& to, Message message) override;
  ActorAddress create_actor(std::string_view type_name, const CreateOptions& options) override;
  void wakeup_after(std::chrono::nanoseconds delay, Message payload) override;
  std::chrono::nanoseconds now() const override {
    return std::chrono::nanoseconds(monotonic_ns() - spawn_.epoch_ns);
  }
  std::uint64_t random() override { return random_(); }
  void log(LogLevel level, std::string_view text) override {
    traced("log", spawn_.address, {}, nullptr,
           std::string(to_string(level)) + ": " + std::string(text));
    admin_.note(NetLog{.source = spawn_.address,
                       .level = static_cast<std::int64_t>(level),
                       .text = cut_log_text(text),
                       .time_ns = wall_clock_ns()});
  }
  const std::optional<std::string>& global_name() const override { return global_name_; }
  void handle_dead_letters(bool enable) override {
    admin_.note(NetRegistration{
        .address = spawn_.address, .kind = RegistrationKind::dead_letters, .enable = enable});
  }
  void notify_on_system_registration_changes(bool enable) override {
    admin_.note(NetRegistration{
        .address = spawn_.address, .kind = RegistrationKind::convention, .enable = enable});
  }
  void update_capability(const std::string& name, std::optional<CapabilityValue> value) override {
    admin_.note(NetCapability{.name = name, .value = std::move(value)});
  }
  Capabilities capabilities() const override { return spawn_.capabilities; }
  void system_shutdown() override { admin_.note(NetShutdown{}); }
  asio::io_context& loop() override { return io_; }

 private:
  enum class State { running, stopping, done };

  /// Into the mailbox; delivered from a turn of its own unless `now` (and nothing is being
  /// delivered).
  void arrive(Envelope envelope, bool now = false);
  void drain();
  void deliver(Envelope& envelope);
  void exit_requested(const Envelope& request);
  void stop_now();
  [[noreturn]] void finish();
  void dead_letter(Envelope envelope) {
    if (!may_be_dead_lettered(envelope.message)) return;
    if (vanishes_with_its_actor(envelope.message, envelope.sender, envelope.recipient)) return;
    traced("dead_letter", envelope.recipient, envelope.sender, &envelope.message);
    admin_.note(NetDeadLetter{.sender = envelope.sender,
                              .intended = envelope.recipient,
                              .message = std::move(envelope.message)});
  }
  void hold_while_peers_are_full();
  /// Bytes queued for one peer at which this actor is held (half the bound that closes).
  std::size_t byte_limit() const {
    return (spawn_.max_queued_bytes != 0 ? spawn_.max_queued_bytes : default_max_queued_bytes) / 2;
  }
  std::size_t max_frame() const {
    return spawn_.max_frame != 0 ? spawn_.max_frame : default_max_frame_bytes;
  }
  void arm_timer();
  ActorRuntimeFacts runtime_facts() const;

  // Directory (for the Router)
  Location locate(const ActorAddress& address) override {
    const auto resolved = admin_.call(NetResolve{.address = address}).get<NetResolved>();
    return {resolved.host, resolved.port, resolved.incarnation};
  }
  void hand_in(Envelope envelope) override { arrive(std::move(envelope), deliver_on_arrival_); }
  void undeliverable(Envelope envelope) override { dead_letter(std::move(envelope)); }
  void bad_frame(const std::string& why) override {
    log(LogLevel::warning, "dropped a frame that does not decode: " + why);
  }
  void auth_failure(const std::string& why) override {
    log(LogLevel::warning, "refused a connection: " + why);
  }
  void too_large(Envelope envelope, std::size_t frame_bytes, std::size_t limit) override {
    if (auto poison = too_large_poison(envelope.message, frame_bytes, limit)) {
      arrive({envelope.recipient, spawn_.address, std::move(*poison)});
    }
  }
  void lost(std::int64_t envelopes) override;

  NetSpawn spawn_;
  asio::io_context io_;
  std::shared_ptr<const Secret> secret_;
  RpcClient admin_;
  std::unique_ptr<Router> router_;
  /// The datagram router hands envelopes in after re-arming its read, so they may be delivered
  /// in that turn (a stream connection re-arms after: its envelopes wait for a turn of their own).
  bool deliver_on_arrival_;
  std::unique_ptr<Actor> actor_;
  std::optional<std::string> global_name_;
  std::deque<Envelope> mailbox_;
  bool delivering_ = false;
  bool drain_posted_ = false;
  State state_ = State::running;
  std::vector<ActorAddress> children_;  // live, in the order created
  DeliveryCounters counters_;           // for status reports (delivery_rules.hpp)
  Envelope exit_request_;
  std::mt19937_64 random_{std::random_device{}()};
  std::map<std::pair<std::int64_t, std::uint64_t>, Message> wakeups_;  // (due, sequence)
  std::uint64_t wakeup_sequence_ = 0;
  asio::steady_timer timer_{io_};
  asio::steady_timer stop_deadline_{io_};
  std::unique_ptr<ProcessTrace> trace_;  // while the admin traces (trace_control.hpp)

  void traced(std::string_view kind, const ActorAddress& actor, const ActorAddress& other,
              const Message* message = nullptr, std::string text = {}) {
    if (trace_) trace_->record(kind, actor, other, message, std::move(text));
  }
};

ActorHost::ActorHost(const NetSpawn& spawn, const ActorProcessSetup& setup, const Secret& secret)
    : spawn_(spawn),
      secret_(std::make_shared<const Secret>(secret)),
      admin_(setup.admin_host, spawn.admin_port, secret),
      router_(adopt_router(setup.transport, io_, setup.socket_fd, setup.incarnation, *this,
                           {.connection = {.secret = secret_,
                                           .max_frame = max_frame(),
                                           .max_queued_bytes = spawn.max_queued_bytes != 0
                                                                   ? spawn.max_queued_bytes
                                                                   : default_max_queued_bytes},
                            .max_connections = spawn.max_connections != 0 ? spawn.max_connections
                                                                          : default_max_connections,
                            .receive_buffer_bytes = spawn.receive_buffer_bytes})),
      deliver_on_arrival_(setup.transport == Transport::datagrams) {
  if (!spawn.global_name.empty()) global_name_ = spawn.global_name;
  if (spawn.trace) trace_ = std::make_unique<ProcessTrace>(admin_);
}

void ActorHost::run() {
  router_->start();
  try {
    thespis::detail::ConstructionScope scope(*this);
    actor_ = actor_type_named(spawn_.type_name).make();
  } catch (...) {
    admin_.note(NetStarted{.address = spawn_.address, .error = describe_current_exception()});
    finish();
  }
  traced("start", spawn_.address, spawn_.parent);
  if (trace_) trace_->flush();
  admin_.note(NetStarted{.address = spawn_.address, .error = {}});
  io_.run();
  finish();
}

void ActorHost::send(const ActorAddress& to, Message message) {
  traced("send", spawn_.address, to, &message);
  Envelope envelope{spawn_.address, to, std::move(message)};
  if (to == spawn_.address) return arrive(std::move(envelope));  // self-sends keep their order
  const std::optional<Backlog> backlog = router_->send(std::move(envelope));
  if (backlog && (backlog->envelopes > max_queued || backlog->bytes > byte_limit())) {
    hold_while_peers_are_full();
  }
}

void ActorHost::hold_while_peers_are_full() {
  // Back-pressure: a receiver that cannot keep up holds its sender here. Running the loop is
  // safe: what arrives meanwhile waits in the mailbox (delivering_ is set). A receiver that
  // reads nothing for a whole request timeout (stopped, wedged) loses its connection instead,
  // and what was queued for it becomes dead letters: never silent loss, never a stuck sender.
  const auto full = [&] {
    return router_->most_queued() > max_queued || router_->most_queued_bytes() > byte_limit();
  };
  if (!full()) return;
  // While this actor is held, it keeps reading: a peer held on it in turn must not deadlock.
  router_->pause_incoming(false);
  const auto until = std::chrono::steady_clock::now() + default_request_timeout;
  while (full()) {
    if (std::chrono::steady_clock::now() >= until) {
      router_->drop_fullest();
      continue;
    }
    io_.run_one_for(std::chrono::milliseconds(10));
  }
  if (mailbox_.size() >= mailbox_high_water) router_->pause_incoming(true);
}

ActorAddress ActorHost::create_actor(std::string_view type_name, const CreateOptions& options) {
  const NetCreated created = request_creation(admin_, type_name, options, spawn_.address);
  // A named actor is the system's child, not its creator's (semantics 9).
  if (!created.existing && !options.global_name) children_.push_back(created.address);
  if (!created.existing)
    traced("create", created.address, spawn_.address, nullptr, std::string(type_name));
  return created.address;
}

void ActorHost::wakeup_after(std::chrono::nanoseconds delay, Message payload) {
  const std::int64_t due = monotonic_ns() + std::max<std::int64_t>(delay.count(), 0);
  WakeupMessage wakeup{delay, std::move(payload)};
  if (trace_) {
    const Message as_message(wakeup);
    traced("timer_set", spawn_.address, spawn_.address, &as_message);
  }
  wakeups_.emplace(std::make_pair(due, ++wakeup_sequence_), std::move(wakeup));
  arm_timer();
}

void ActorHost::arm_timer() {
  if (wakeups_.empty()) return;
  const auto due = std::chrono::steady_clock::time_point(
      std::chrono::nanoseconds(wakeups_.begin()->first.first));
  timer_.expires_at(due);
  timer_.async_wait([this](error_code ec) {
    if (ec) return;
    // Wakeups due together go to the mailbox in the order they were set.
    const std::int64_t now_ns = monotonic_ns();
    while (!wakeups_.empty() && wakeups_.begin()->first.first <= now_ns) {
      traced("timer_fire", spawn_.address, spawn_.address, &wakeups_.begin()->second);
      arrive({spawn_.address, spawn_.address, std::move(wakeups_.begin()->second)});
      wakeups_.erase(wakeups_.begin());
    }
    arm_timer();
  });
}

void ActorHost::lost(std::int64_t envelopes) {
  try {
    admin_.note(NetLost{.envelopes = envelopes});
  } catch (const Error&) {
  }
}

void ActorHost::arrive(Envelope envelope, bool now) {
  if (envelope.recipient != spawn_.address || state_ == State::done) {
    return dead_letter(std::move(envelope));
  }
  mailbox_.push_back(std::move(envelope));
  if (mailbox_.size() == mailbox_high_water) router_->pause_incoming(true);
  if (drain_posted_ || delivering_) return;
  if (now && actor_) return drain();  // a turn of the loop saved
  // Delivered from a task of its own, not from inside the read that brought it: the
  // connection re-arms its read first, so a handler that ends the actor (and keeps the loop
  // running for its afterlife) still hears what that connection brings.
  drain_posted_ = true;
  asio::post(io_, [this] {
    drain_posted_ = false;
    drain();
  });
}

void ActorHost::drain() {
  delivering_ = true;
  while (!mailbox_.empty() && state_ != State::done) {
    Envelope envelope = std::move(mailbox_.front());
    mailbox_.pop_front();
    if (mailbox_.size() == mailbox_low_water) router_->pause_incoming(false);
    deliver(envelope);
  }
  delivering_ = false;
  if (trace_) trace_->flush();  // what a turn recorded reaches the admin with the turn
}

void ActorHost::deliver(Envelope& envelope) {
  traced("deliver", spawn_.address, envelope.sender, &envelope.message);
  if (auto* exited = envelope.message.get_if<ChildActorExited>()) {
    std::erase(children_, exited->child);
  }
  if (state_ == State::stopping) {
    if (children_.empty()) stop_now();
    dead_letter(std::move(envelope));
    return;
  }
  if (envelope.message.is<ActorExitRequest>()) return exit_requested(envelope);
  if (auto inspection = inspection_answer(
          *actor_, spawn_.type_name, [this] { return now(); }, envelope.message)) {
    return send(envelope.sender, std::move(*inspection));
  }
  if (auto status = status_answer(envelope.message, counters_, [&] { return runtime_facts(); })) {
    return send(envelope.sender, std::move(*status));
  }
  const std::optional<std::string> failure =
      receive_with_retry(*actor_, envelope.message, envelope.sender, counters_);
  if (!failure) return;
  traced("poison", spawn_.address, envelope.sender, &envelope.message, *failure);
  if (auto poison = poison_for_failure(envelope.message, *failure, counters_))
    send(envelope.sender, std::move(*poison));
}

ActorRuntimeFacts ActorHost::runtime_facts() const {
  return {.address = spawn_.address,
          .type_name = spawn_.type_name,
          .global_name = global_name_.value_or(std::string()),
          .children = children_,
          .pending_wakeups = static_cast<std::int64_t>(wakeups_.size()),
          .mailbox_length = static_cast<std::int64_t>(mailbox_.size())};
}

void ActorHost::exit_requested(const Envelope& request) {
  exit_request_ = request;
  if (!stops_children_first(request.message.get<ActorExitRequest>()) || children_.empty()) {
    return stop_now();
  }
  // Children first: they stop bottom-up and report; then this actor's own handler runs.
  state_ = State::stopping;
  for (const ActorAddress& child : children_) send(child, exit_request_for_child_first());
  stop_deadline_.expires_after(5s);
  stop_deadline_.async_wait([this](error_code ec) {
    if (!ec && state_ == State::stopping) stop_now();
  });
}

void ActorHost::stop_now() {
  state_ = State::done;
  try {
    actor_->receive(exit_request_.message, exit_request_.sender);
  } catch (...) {
  }
  for (const ActorAddress& child : children_) send(child, exit_request_for_child_left());
  finish();
}

void ActorHost::finish() {
  state_ = State::done;
  wakeups_.clear();
  timer_.cancel();
  router_->pause_incoming(false);
  while (!mailbox_.empty()) {
    dead_letter(std::move(mailbox_.front()));
    mailbox_.pop_front();
  }
  actor_.reset();
  // What this actor sent is written before the process goes; bounded, in case a peer is stuck.
  const auto until = std::chrono::steady_clock::now() + 2s;
  while (!router_->idle() && std::chrono::steady_clock::now() < until) {
    io_.run_one_for(10ms);
  }
  traced("exit", spawn_.address, spawn_.parent);
  if (trace_) trace_->flush();
  try {
    admin_.note(NetExited{.address = spawn_.address});
  } catch (const Error&) {
  }
  // A short afterlife: senders that still hold a connection to this process get their
  // messages dead-lettered instead of lost; new connections are refused, which senders also
  // turn into dead letters.
  router_->stop_accepting();
  const auto afterlife = std::chrono::steady_clock::now() + 1s;
  while (std::chrono::steady_clock::now() < afterlife) io_.run_one_for(10ms);
  _exit(0);
}

}  // namespace

void actor_process_main(const NetSpawn& spawn, const ActorProcessSetup& setup,
                        const Secret& secret) {
  try {
    ActorHost host(spawn, setup, secret);
    host.run();
  } catch (...) {
    _exit(3);
  }
}

}  // namespace thespis::net::detail
