// The simulation kernel: every actor record, mailbox, timer and endpoint of one simulation,
// the run loop over virtual time, and the choice source. Private to simbase.
//
// Scheduling: an actor with work waits in `ready_`; each step the choice source picks one of
// the ready actors (choice 0: the one ready longest) and the actor handles the first entry of
// its mailbox. Timers live in a heap keyed by (time, sequence), so timers due at the same
// instant fire in the order they were set. A mailbox preserves arrival order, which gives
// FIFO per sender/receiver pair (self-sends included).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include <thespis/actor.hpp>
#include <thespis/actor_context.hpp>
#include <thespis/codec.hpp>
#include <thespis/sim/choice_source.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/sim/trace.hpp>

namespace thespis::sim::detail {

using Nanos = std::chrono::nanoseconds;
using LocalId = std::uint64_t;

class Kernel;

/// The ActorContext of one simulated actor: forwards to the kernel with the actor's id.
class SimContext final : public ActorContext {
 public:
  SimContext(Kernel& kernel, LocalId id, ActorAddress self)
      : kernel_(kernel), id_(id), self_(self) {}

  const ActorAddress& self() const override { return self_; }
  void send(const ActorAddress& to, Message message) override;
  ActorAddress create_actor(std::string_view type_name, const CreateOptions& options) override;
  void wakeup_after(Nanos delay, Message payload) override;
  Nanos now() const override;
  std::uint64_t random() override;
  void log(LogLevel level, std::string_view text) override;
  const std::optional<std::string>& global_name() const override;
  void handle_dead_letters(bool enable) override;
  void notify_on_system_registration_changes(bool enable) override;
  void update_capability(const std::string& name, std::optional<CapabilityValue> value) override;
  Capabilities capabilities() const override;
  void system_shutdown() override;

 private:
  Kernel& kernel_;
  LocalId id_;
  ActorAddress self_;
};

struct MailboxEntry {
  Message message;
  ActorAddress from;
  bool start = false;  ///< construct the actor (always the first entry of a new actor)
};

struct InboxEntry {
  Message message;
  ActorAddress from;
  std::uint64_t arrival = 0;
};

enum class RecordState : std::uint8_t { starting, running, stopped };

struct Record {
  ActorAddress address;
  ActorAddress parent;
  bool is_endpoint = false;
  RecordState state = RecordState::starting;
  bool ready = false;
  const ActorType* type = nullptr;
  Requirements extra_requirements;
  std::unique_ptr<SimContext> context;
  std::unique_ptr<Actor> actor;
  std::deque<MailboxEntry> mailbox;
  std::vector<LocalId> children;
  std::optional<std::string> global_name;
  // Endpoints only.
  std::deque<InboxEntry> inbox;
  std::uint64_t arrivals = 0;

  bool live() const { return state != RecordState::stopped; }
};

struct Timer {
  Nanos time;
  std::uint64_t sequence;
  LocalId actor;
  Message wakeup;
};

struct TimerLater {
  bool operator()(const Timer& a, const Timer& b) const {
    return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
  }
};

class Kernel {
 public:
  explicit Kernel(SimOptions options);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // --- used by contexts and bases ----------------------------------------------------------
  std::uint64_t node_system() const { return node_system_; }
  LocalId open_endpoint();
  Record& record(LocalId id) { return *records_[id - 1]; }
  const Record& record(LocalId id) const { return *records_[id - 1]; }
  Record* find(const ActorAddress& address);

  void send(const ActorAddress& from, const ActorAddress& to, Message message);
  ActorAddress create_actor(LocalId parent, std::string_view type_name,
                            const CreateOptions& options, bool construct_now);
  void wakeup_after(LocalId id, Nanos delay, Message payload);
  void log(const ActorAddress& source, LogLevel level, std::string_view text);
  void set_dead_letter_handler(LocalId id, bool enable);
  void set_registration_watcher(LocalId id, bool enable);
  void update_capability(const std::string& name, std::optional<CapabilityValue> value);
  const Capabilities& capabilities() const { return capabilities_; }
  void request_shutdown() { shutdown_requested_ = true; }
  std::uint64_t random_bits() { return choices_.bits(); }

  /// Runs until `done()` holds (true), or until no work is due by `deadline` (time then moves
  /// to the deadline; returns done()).
  bool run_until(const std::function<bool()>& done, Nanos deadline);
  bool quiescent() const { return ready_.empty() && timers_.empty(); }
  void shutdown();
  bool is_shut_down() const { return shut_down_; }

  Nanos now() const { return now_; }
  const SimOptions& options() const { return options_; }
  const Trace& trace() const { return trace_; }
  const ChoiceSource& choices() const { return choices_; }
  std::uint64_t deliveries() const { return deliveries_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t live_actors() const;

 private:
  Record& add_record(ActorAddress parent, bool is_endpoint);
  Message through_codec(const Message& message);
  void route(const ActorAddress& from, const ActorAddress& to, Message message);
  void arrive_at_endpoint(Record& endpoint, const ActorAddress& from, Message message);
  void dead_letter(const ActorAddress& from, const ActorAddress& to, Message message);
  void make_ready(Record& record);
  void fire_due_timers();
  void step();
  /// Constructs the actor; on failure stops it and returns the reason.
  std::optional<std::string> start(Record& record);
  void deliver(Record& record, MailboxEntry entry);
  void handle_exit_request(Record& record, const MailboxEntry& entry);
  void stop(Record& record, const Message& exit_request, const ActorAddress& from, bool recursive);
  void finish(Record& record);
  void release(Record& record);
  void check_livelock();
  void diagnose(LogLevel level, std::string_view text);

  SimOptions options_;
  LogSink sink_;
  std::uint64_t node_system_ = 1;
  Capabilities capabilities_;
  ChoiceSource choices_;
  Trace trace_;
  Nanos now_{0};
  std::vector<std::unique_ptr<Record>> records_;  // LocalId - 1
  std::deque<LocalId> ready_;
  std::priority_queue<Timer, std::vector<Timer>, TimerLater> timers_;
  std::uint64_t timer_sequence_ = 0;
  std::map<std::string, LocalId, std::less<>> global_names_;
  std::vector<LocalId> dead_letter_handlers_;  // newest last
  std::vector<LocalId> registration_watchers_;
  Encoder encoder_;
  ByteDecoder decoder_;
  std::uint64_t deliveries_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t events_at_instant_ = 0;
  bool shutdown_requested_ = false;
  bool shut_down_ = false;
};

}  // namespace thespis::sim::detail
