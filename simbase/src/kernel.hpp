// The simulation kernel: every node, actor record, mailbox, timer, frame in flight and endpoint
// of one simulation, the run loop over virtual time, and the choice source. Private to simbase.
//
// Scheduling: an actor with work waits in `ready_` (ready_set.hpp); each step the choice source (or
// the PCT scheduler, whose pick is recorded as a choice) picks one of the ready actors (choice 0:
// the one ready longest) and the actor handles the first entry of its mailbox. Everything that
// happens later — wakeups, frames arriving from the network, heartbeats, scheduled faults,
// deadlines of checks — is an Event in one heap keyed by (time, sequence), so events due at the
// same instant run in the order they were scheduled. A mailbox preserves arrival order, which
// gives FIFO per sender/receiver pair on one node; the tcp profile keeps it across nodes.
//
// Records of all nodes share one id space (ActorAddress::local); ActorAddress::system names a
// node's incarnation, so the addresses of a crashed node never come back to life.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <thespis/actor.hpp>
#include <thespis/actor_context.hpp>
#include <thespis/actor_status.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/codec.hpp>
#include <thespis/log.hpp>
#include <thespis/sim/check.hpp>
#include <thespis/sim/choice_source.hpp>
#include <thespis/sim/fault.hpp>
#include <thespis/sim/network.hpp>
#include <thespis/sim/sim_options.hpp>
#include <thespis/sim/trace.hpp>
#include <thespis/system_status.hpp>

#include "chunked_store.hpp"
#include "command_stubs.hpp"
#include "event.hpp"
#include "mailbox.hpp"
#include "mirror.hpp"
#include "pct.hpp"
#include "ready_set.hpp"
#include "watch_sources.hpp"

namespace thespis::sim::detail {

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
  Kernel& kernel() const { return kernel_; }

 private:
  Kernel& kernel_;
  LocalId id_;
  ActorAddress self_;
};

struct InboxEntry {
  Message message;
  ActorAddress from;
  std::uint64_t arrival = 0;
};

/// What an endpoint (an external ActorSystem handle) has been sent.
struct Inbox {
  std::deque<InboxEntry> entries;
  std::uint64_t arrivals = 0;
};

enum class RecordState : std::uint8_t { starting, running, stopped };

/// One actor or endpoint. What routing, scheduling and a delivery read comes first, in the
/// record's first two cache lines (it starts on a line), so that with thousands of actors busy a
/// delivery misses the cache as few times as it can; what only creation, exit and reports read
/// follows.
struct alignas(64) Record {
  ActorAddress address;
  NodeIndex node = 0;
  RecordState state = RecordState::starting;
  bool is_endpoint = false;
  bool ready = false;
  bool awaiting_create = false;    ///< placed on another node; the request is on its way
  std::uint64_t ready_ticket = 0;  ///< while ready: its ticket in the kernel's ready set
  std::unique_ptr<Actor> actor;
  Mailbox mailbox;  // its counts end the first line, its first message fills the second
  const ActorType* type = nullptr;
  DeliveryCounters counters;          ///< for status reports (delivery_rules.hpp)
  std::optional<SimContext> context;  // here, not apart: the actor holds it for its lifetime
  std::int64_t pending_wakeups = 0;   ///< timers set and not yet fired
  // Read at creation, exit and for reports.
  ActorAddress parent;
  bool exit_reported = false;  ///< the parent has been sent ChildActorExited
  NodeIndex name_owner = 0;    ///< the node whose registry holds `global_name`
  std::vector<LocalId> children;
  Requirements extra_requirements;
  std::optional<std::string> global_name;
  std::string failure;           ///< why a creation failed
  std::unique_ptr<Inbox> inbox;  ///< endpoints only

  bool live() const { return state != RecordState::stopped; }
};

/// What one node knows of another member of its convention.
struct Peer {
  std::uint64_t system = 0;  ///< the incarnation heard from
  Nanos last_heard{0};
  bool member = false;  ///< false: a contact being heartbeated, not yet heard from
};

struct Node {
  NodeIndex index = 0;
  std::string name;
  std::uint64_t system = 0;  ///< the current incarnation's address system id
  Capabilities capabilities;
  NodeIndex leader = 0;
  bool up = true;
  bool paused = false;
  bool ticking = false;
  Nanos clock_offset{0};
  std::int64_t drift_ppm = 0;
  std::map<std::string, LocalId, std::less<>> global_names;
  std::vector<LocalId> dead_letter_handlers;  // newest last
  std::vector<LocalId> registration_watchers;
  std::map<NodeIndex, Peer> peers;
};

struct Link {
  std::uint64_t epoch = 0;  ///< bumped when a tcp connection resets; older frames are lost
  Nanos last_arrival{0};    ///< tcp: no frame overtakes an earlier one
  bool blocked = false;     ///< partitioned
  std::optional<LinkOptions> options;
};

struct AlwaysCheck {
  std::string name;
  std::function<bool()> predicate;
};

struct EventuallyCheck {
  std::string name;
  std::function<bool()> predicate;
  Nanos deadline;
  bool settled = false;
};

/// Something a leads_to check saw that must be answered by `deadline`.
struct Obligation {
  Nanos deadline{0};
  Culprit opened_by;  ///< messages: the request's delivery (actor: receiver, other: sender)
};

/// `every X leads to Y within T`, over messages (request and answer types) or over predicates
/// (trigger and response). Obligations are opened in time order with one `within`, so the
/// earliest deadline is always first.
struct LeadsToCheck {
  std::string name;
  Nanos within{0};
  const MessageType* request = nullptr;
  const MessageType* answer = nullptr;
  std::function<bool()> trigger;
  std::function<bool()> response;
  std::vector<Obligation> open;
};

struct SometimesCheck {
  std::string name;
  std::function<bool()> predicate;
  bool held = false;
};

class Kernel {
 public:
  explicit Kernel(SimOptions options);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // --- nodes (kernel_convention.cpp) -------------------------------------------------------
  NodeIndex add_node(NodeOptions options);
  Node& node(NodeIndex index) { return nodes_[index]; }
  const Node& node(NodeIndex index) const { return nodes_[index]; }
  std::size_t node_count() const { return nodes_.size(); }
  /// Throws Error naming an unknown node.
  NodeIndex node_named(std::string_view name) const;
  /// The node whose current incarnation has this system id.
  std::optional<NodeIndex> node_of_system(std::uint64_t system) const;
  std::optional<NodeIndex> node_that_had(std::uint64_t system) const;
  std::vector<NodeIndex> members_seen_by(NodeIndex node) const;
  /// The node's clock: virtual time with its offset and drift.
  Nanos local_time(NodeIndex node) const;
  void set_link(NodeIndex from, NodeIndex to, LinkOptions options);

  // --- used by contexts and bases ----------------------------------------------------------
  LocalId open_endpoint(NodeIndex node);
  Record& record(LocalId id) { return records_[id - 1]; }
  const Record& record(LocalId id) const { return records_[id - 1]; }
  Record* find(const ActorAddress& address);

  void send(NodeIndex from_node, const ActorAddress& from, const ActorAddress& to, Message message);
  ActorAddress create_actor(LocalId parent, std::string_view type_name,
                            const CreateOptions& options, bool construct_now);
  void wakeup_after(LocalId id, Nanos delay, Message payload);
  void log(const ActorAddress& source, LogLevel level, std::string_view text);
  void set_dead_letter_handler(LocalId id, bool enable);
  void set_registration_watcher(LocalId id, bool enable);
  void update_capability(NodeIndex node, const std::string& name,
                         std::optional<CapabilityValue> value);
  void request_shutdown() { shutdown_requested_ = true; }
  /// The commands a RunCommand actor can run here (command_stub.hpp), by name.
  CommandStubs& command_stubs() { return command_stubs_; }
  /// The simulated descriptors actors can watch (watch_source.hpp).
  WatchSources& watch_sources() { return watch_sources_; }
  std::uint64_t random_bits() { return choices_.bits(); }

  // --- faults (kernel_faults.cpp) ----------------------------------------------------------
  void inject(const Fault& fault);
  void schedule(Nanos at, Fault fault);
  void set_random_faults(RandomFaults faults);
  std::uint64_t faults_applied() const { return faults_applied_; }

  // --- checks (kernel_checks.cpp) ----------------------------------------------------------
  void add_always(std::string name, std::function<bool()> predicate);
  void add_eventually(std::string name, std::function<bool()> predicate, Nanos within);
  void add_leads_to(LeadsToCheck check);
  void add_sometimes(std::string name, std::function<bool()> predicate);
  std::vector<std::string> sometimes_reached() const;
  /// The live actor at `address` (noted as a subject while a check is judged), or nullptr.
  Actor* actor_at(const ActorAddress& address);
  const std::string& last_fault() const { return last_fault_; }
  const std::optional<CheckFailure>& failure() const { return failure_; }
  void run_until_checks_settle();
  void for_each_actor(std::string_view type_name,
                      const std::function<void(const ActorAddress&, Actor&)>& visit);
  std::uint64_t dead_letters() const { return dead_letters_; }

  // --- mirrors (kernel_mirrors.cpp) --------------------------------------------------------
  /// Constructs an actor of the named type with an inert context, seen by for_each_actor and
  /// actor_at under `address`; never delivered to. Throws UnknownTypeError, or Error when
  /// `address` already names an actor; a constructor's exception propagates.
  Actor& adopt_mirror(const ActorAddress& address, std::string_view type_name, Nanos clock);

  /// Runs until `done()` holds (true), or until no work is due by `deadline` (time then moves
  /// to the deadline; returns done()). Throws CheckFailed when a check is violated.
  bool run_until(const std::function<bool()>& done, Nanos deadline);
  /// No actor has work, and no wakeup, frame, creation, scheduled fault or open `eventually`
  /// is pending (heartbeats and random fault draws do not count).
  bool quiescent() const { return ready_.empty() && foreground_events_ == 0; }
  void shutdown();
  bool is_shut_down() const { return shut_down_; }

  Nanos now() const { return now_; }
  const SimOptions& options() const { return options_; }
  const Trace& trace() const { return trace_; }
  const ChoiceSource& choices() const { return choices_; }
  std::uint64_t deliveries() const { return deliveries_; }
  std::uint64_t scheduling_steps() const { return scheduling_steps_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t frames_lost() const { return frames_lost_; }
  std::uint64_t frames_duplicated() const { return frames_duplicated_; }
  std::uint64_t frames_corrupted() const { return frames_corrupted_; }
  std::uint64_t live_actors() const;
  /// What a status report of the node's system is made from (kernel_status.cpp).
  SystemFacts system_facts(NodeIndex node) const;

 private:
  // kernel.cpp: routing, timers, the run loop
  Record& add_record(NodeIndex node, ActorAddress parent, bool is_endpoint);
  /// The message's wire bytes, valid until the next encode (none for the empty message).
  std::string_view encode(const Message& message);
  /// The message decoded from `bytes`, its encoding (as a peer on the wire would see it).
  Message through_codec(const Message& message, std::string_view bytes);
  /// `cause`: the trace index of the message's send (TraceEvent::cause), carried to its
  /// delivery.
  void route(NodeIndex here, const ActorAddress& from, const ActorAddress& to, Message message,
             std::uint64_t cause = no_cause);
  void arrive_at_endpoint(Record& endpoint, const ActorAddress& from, Message message,
                          std::uint64_t cause);
  void dead_letter(NodeIndex here, const ActorAddress& from, const ActorAddress& to,
                   Message message, std::uint64_t cause);
  void make_ready(Record& record);
  /// Adds the ready record to the ready set as its newest member.
  void join_ready(Record& record);
  void unready(Record& record);
  /// Schedules `body` at `time`; events due at the same time run in the order scheduled.
  template <class Body>
  void push_event(Nanos time, Body body) {
    push_event(Event{.time = time, .foreground = Body::foreground, .body = std::move(body)});
  }
  void push_event(Event event);
  Event pop_event();
  void process(Event event);
  struct EventVisitor;
  void fire_wakeup(event::Wakeup& wakeup);
  void step();
  void check_livelock();
  void diagnose(LogLevel level, std::string_view text);
  bool chance(double probability);

  // kernel_lifecycle.cpp
  /// Constructs the actor; on failure stops it and returns the reason.
  std::optional<std::string> start(Record& record);
  void deliver(Record& record, MailboxEntry entry);
  void handle_exit_request(Record& record, const MailboxEntry& entry);
  /// What a status report says of `record` besides its counters.
  ActorRuntimeFacts runtime_facts(const Record& record) const;
  void stop(Record& record, const Message& exit_request, const ActorAddress& from, bool recursive);
  void finish(Record& record);
  /// Stops every actor for which `stopping` holds, families from the top (semantics 14); an
  /// actor heads a family unless its parent is a non-endpoint for which `parent_stopping` holds.
  void stop_families(const std::function<bool(const Record&)>& stopping,
                     const std::function<bool(const Record& parent)>& parent_stopping);
  void release(Record& record);
  ActorAddress await_remote_start(Record& record);
  void fail_creation(Record& record, std::string reason);

  // kernel_mirrors.cpp
  Mirror* mirror_at(const ActorAddress& address);

  // kernel_network.cpp
  Link& link(NodeIndex from, NodeIndex to) { return links_[from * nodes_.size() + to]; }
  const Link& link(NodeIndex from, NodeIndex to) const { return links_[from * nodes_.size() + to]; }
  const LinkOptions& link_options(NodeIndex from, NodeIndex to);
  Nanos draw_latency(const Latency& latency);
  void transmit(NodeIndex src, NodeIndex dst, const ActorAddress& from, const ActorAddress& to,
                Message message, std::uint64_t cause);
  /// Whether the udp profile refuses a message of `size` encoded bytes from `from` to `to`.
  bool over_datagram_limit(const ActorAddress& from, const ActorAddress& to,
                           std::size_t size) const;
  void refuse_oversized(NodeIndex src, const ActorAddress& from, const ActorAddress& to,
                        const Message& message, std::size_t size, std::uint64_t cause);
  void lose(const event::Frame& frame, std::string_view reason);
  void reset_link(NodeIndex from, NodeIndex to);
  /// The hop from node `src` to node `dst` as it stands now.
  Hop hop(NodeIndex src, NodeIndex dst) const;
  /// When a control message (creation request, heartbeat, leave notice) sent now over `hop`
  /// arrives: the link's latency, drawn.
  Nanos control_arrival(const Hop& hop);
  std::optional<std::string> frame_obstacle(const Hop& hop);
  void arrive(event::Frame& frame);
  void arrive_create_request(const event::CreateRequest& request);

  // kernel_convention.cpp
  NodeIndex place(NodeIndex local, const ActorType& type, const Requirements& extra);
  void join_now(NodeIndex node);
  void start_ticking(NodeIndex node);
  void schedule_heartbeat_tick(NodeIndex node);
  void heartbeat_tick(const event::HeartbeatTick& tick);
  void heartbeat_arrived(const event::Heartbeat& heartbeat);
  void member_joined(NodeIndex at, NodeIndex member, std::uint64_t system);
  void member_lost(NodeIndex at, NodeIndex member);
  /// `cause`: the trace index of the convention event they learn of (TraceEvent::cause).
  void tell_watchers(NodeIndex at, NodeIndex member, std::uint64_t system, bool added,
                     std::uint64_t cause);
  void report_lost_children(NodeIndex at, std::uint64_t lost_system, std::uint64_t cause);

  // kernel_faults.cpp
  void apply(const Fault& fault);
  void crash(NodeIndex node);
  void leave(NodeIndex node);
  void left(const event::Leave& notice);
  void take_down(NodeIndex node, bool crashed);
  void restart(NodeIndex node);
  void kill(const ActorAddress& address);
  void pause(NodeIndex node, bool paused);
  void block(NodeIndex from, NodeIndex to);
  void schedule_fault_tick();
  void random_faults_tick();
  void draw_swarm_mix();
  void schedule_undo(Fault undo);

  // kernel_checks.cpp
  bool has_checks() const {
    return !always_.empty() || !eventually_.empty() || !leads_to_.empty() || !sometimes_.empty();
  }
  void evaluate_checks();
  void evaluate_leads_to(std::size_t index);
  void deadline_passed(std::uint64_t index);
  /// A request delivered to `to` from `from` (or an answer to it), for leads_to over messages.
  void note_delivery(const ActorAddress& to, const ActorAddress& from, const Message& message) {
    if (!leads_to_.empty()) note_leads_to_delivery(to, from, message);
  }
  void note_leads_to_delivery(const ActorAddress& to, const ActorAddress& from,
                              const Message& message);
  void leads_to_deadline(std::size_t index);
  /// Evaluates `predicate`, collecting in `subjects` the types of the live actors it looks at.
  bool judge(const std::function<bool()>& predicate, std::vector<std::string>& subjects);
  Culprit culprit_of(const TraceEvent& event);
  std::string type_of(const ActorAddress& address);
  [[noreturn]] void fail_check(CheckFailure failure);

  SimOptions options_;
  LogSink sink_;
  ChoiceSource choices_;
  std::unique_ptr<PctScheduler> pct_;
  Trace trace_;
  Nanos now_{0};
  // Before records_: destroyed after the actors, whose watchers disarm themselves in it.
  WatchSources watch_sources_;
  std::vector<Node> nodes_;
  std::vector<NodeIndex> system_owner_;  // system id -> the node it was an incarnation of
  std::vector<Link> links_;              // from * nodes + to
  ChunkedStore<Record, 64> records_;     // LocalId - 1
  std::vector<Mirror> mirrors_;          // in adoption order
  CommandStubs command_stubs_;
  ReadySet ready_;
  std::vector<Event> events_;  // a binary heap, earliest on top
  std::uint64_t event_sequence_ = 0;
  std::uint64_t foreground_events_ = 0;
  std::vector<Fault> scheduled_faults_;
  std::vector<AlwaysCheck> always_;
  std::vector<EventuallyCheck> eventually_;
  std::vector<LeadsToCheck> leads_to_;
  std::vector<SometimesCheck> sometimes_;
  std::vector<std::string>* subjects_ = nullptr;  // while a check is judged
  bool settling_ = false;  // in run_until_checks_settle: no new leads_to obligations
  std::string last_fault_;
  std::optional<CheckFailure> failure_;
  Encoder encoder_;
  ByteDecoder decoder_;
  std::uint64_t deliveries_ = 0;
  std::uint64_t scheduling_steps_ = 0;  // steps that chose among two or more ready actors
  std::uint64_t dropped_ = 0;
  std::uint64_t dead_letters_ = 0;
  std::uint64_t faults_applied_ = 0;
  bool fault_ticking_ = false;
  std::uint64_t frames_lost_ = 0;
  std::uint64_t frames_duplicated_ = 0;
  std::uint64_t frames_corrupted_ = 0;
  std::uint64_t events_at_instant_ = 0;
  bool shutdown_requested_ = false;
  bool shut_down_ = false;
};

}  // namespace thespis::sim::detail
