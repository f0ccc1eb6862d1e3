// The admin's state and behaviour, shared by admin.cpp (directory, requests, lifecycle) and
// admin_convention.cpp (members, heartbeats, placement and resolution across admins).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <thespis/actor_type.hpp>
#include <thespis/net/log_file.hpp>

#include "admin.hpp"
#include "clock.hpp"
#include "directory.hpp"
#include "dispatch.hpp"
#include "listener.hpp"
#include "log_stream.hpp"
#include "placement.hpp"
#include "protocol.hpp"
#include "router.hpp"
#include "spawner.hpp"

namespace thespis::net::detail {
using ConnectionPtr = Connection::Ptr;

struct Entry {
  enum class State { spawning, running, exited };
  ActorAddress address;
  ActorAddress parent;
  std::string type;  ///< empty for an endpoint
  std::string global_name;
  Requirements extra;
  std::int64_t pid = 0;
  std::string host;  ///< where its process listens, as other hosts reach it
  std::uint16_t port = 0;
  std::uint64_t incarnation = 0;  ///< of the process at `port` (udp tells processes apart by it)
  State state = State::spawning;
  std::uint64_t owner = 0;  ///< an endpoint: the request connection of the program that opened it
  bool endpoint() const { return type.empty(); }
};

/// The admin is the Directory of its own Router: it knows where its actors live.
class Admin final : private Directory {
 public:
  Admin(const AdminOptions& options, SpawnerPipes spawner);
  void run(int ready_fd);

 private:
  /// Handlers of what arrives on a request connection: (message, connection, its number).
  using Requests = Dispatch<const ConnectionPtr&, std::uint64_t>;

  Connection::Handlers request_handlers(std::uint64_t connection);
  void connection_closed(std::uint64_t connection);
  void add_request_handlers(Requests& on);
  void add_report_handlers(Dispatch<>& on);
  void read_reports();

  // Directory (for the Router)
  Location locate(const ActorAddress& address) override;
  void hand_in(Envelope) override {}  // no actor sends to the admin's port
  void undeliverable(Envelope envelope) override;
  void bad_frame(const std::string& why) override;
  void auth_failure(const std::string& why) override;
  void too_large(Envelope envelope, std::size_t frame_bytes, std::size_t limit) override;
  /// Sends to an actor of this admin's, or relays to the admin of another's.
  void send(Envelope envelope);

  ActorAddress address_of(std::uint64_t local) const { return {system_, local}; }
  Entry* entry(const ActorAddress& address);
  using CreateAnswer = std::function<void(NetCreated)>;
  using ResolveAnswer = std::function<void(NetResolved)>;

  void attach(const ConnectionPtr& from, const NetAttach& attach);
  void open_endpoint(const ConnectionPtr& from, std::uint64_t connection,
                     const NetOpenEndpoint& open);
  void spawned(const NetSpawned& spawned);
  void reaped(const NetReaped& reaped);
  void create(const NetCreate& request, bool wait_started, CreateAnswer answer);
  void resolve(const ActorAddress& address, ResolveAnswer answer);
  void answer_resolves(Entry& e);
  bool waits_for_start(const ActorAddress& parent);
  void started(const NetStarted& started);
  void exited(Entry& e);
  void dead_letter(Envelope envelope);
  void registration(const NetRegistration& note);
  void log(const NetLog& line);
  /// A line of the admin's own (a refused connection, a bad frame), kept like an actor's.
  void admin_log(LogLevel level, std::string text);
  /// Writes `record` to the log file, keeps it for `thespis logs`, and passes an own warning on.
  void keep_log(LogRecord record, bool own);
  void forward_log(const LogRecord& record);
  void keep_trace(const NetTraceBatch& batch);
  TraceState trace_state() const {
    return {.enabled = tracing_, .events = traced_.size(), .dropped = trace_dropped_};
  }
  std::string node_name() const {
    return options_.advertise_host + ":" + std::to_string(options_.port);
  }
  void update_capability(const NetCapability& update);
  AdminStatus status();
  void shutdown(const ConnectionPtr& from);
  void finish_shutdown();
  void kill_actor_processes();
  [[noreturn]] void exit_admin();

  // admin_convention.cpp
  NetMember self() const {
    return {.system = system_,
            .host = options_.advertise_host,
            .port = options_.port,
            .capabilities = options_.capabilities,
            .actor_types = runnable_actor_types()};
  }
  void join_convention();
  void follow_leaders();
  void connect_leader(std::size_t link);
  void leader_closed(std::size_t link, std::uint64_t generation);
  void choose_leader();
  void heartbeat();
  void add_convention_handlers(Requests& on);
  void members_listed(const ConnectionPtr& from, const NetMembers& list);
  void remote_created(const NetRemoteCreated& created);
  void remote_resolved(const NetRemoteResolved& resolved);
  void relayed(const NetRelay& relayed);
  void member_heard(const NetMember& member, const ConnectionPtr& connection);
  void member_lost(std::uint64_t system);
  void stop_orphans_of(std::uint64_t system);
  void tell_watchers(const NetMember& member, bool added);
  ConnectionPtr admin_connection(std::uint64_t system);
  /// The connection to the leader this admin follows, or null (it leads, or none answers).
  ConnectionPtr leader_connection() const;
  /// Asks a member that has the type and fits (placement.hpp), or answers why none can.
  void place_remotely(const NetCreate& request, const ActorType* type, const Requirements& extra,
                      bool wait_started, const CreateAnswer& answer);
  void resolve_remotely(const ActorAddress& address, ResolveAnswer answer);
  void hold_resolve(const ActorAddress& address, ResolveAnswer answer);
  void release_resolves(std::uint64_t system);
  void relay(Envelope envelope);
  void leave_convention();

  AdminOptions options_;
  SpawnerPipes spawner_;
  std::int64_t epoch_ns_ = monotonic_ns();
  std::uint64_t system_;
  asio::io_context io_;
  ConnectionSettings settings_;
  Listener listener_;
  std::unique_ptr<Router> router_;
  Requests on_request_;
  Dispatch<> on_report_;  // the spawner's reports
  asio::posix::stream_descriptor reports_{io_};
  FrameReader report_reader_;
  char report_buffer_[16 * 1024];
  std::uint64_t next_connection_ = 1;
  std::uint64_t closed_connections_ = 0;
  std::map<std::uint64_t, Entry> entries_;
  std::map<std::int64_t, ActorAddress> live_pids_;  // actor processes not yet reaped
  std::uint64_t next_local_ = 1;
  std::map<std::string, std::uint64_t> names_;
  std::vector<ActorAddress> dead_letter_handlers_;  // newest last
  std::vector<ActorAddress> watchers_;
  std::map<std::uint64_t, std::vector<ResolveAnswer>> waiting_resolves_;
  std::map<std::uint64_t, CreateAnswer> waiting_creates_;
  std::optional<LogFile> log_;
  LogStream logs_{LogStream::Limits{}};
  std::uint64_t unforwarded_logs_ = 0;
  bool tracing_ = false;  ///< the actors it spawns record their events (trace_control.hpp)
  std::vector<TracedEvent> traced_;  // at most max_traced_events
  std::uint64_t trace_dropped_ = 0;  ///< warnings not passed to a leader whose link was full
  std::uint64_t bad_frames_ = 0;
  std::uint64_t auth_failures_ = 0;
  std::uint64_t dropped_dead_letters_ = 0;
  std::int64_t lost_messages_ = 0;  ///< as the processes counted them (NetLost)
  std::vector<ConnectionPtr> shutdown_waiters_;
  std::vector<ConnectionPtr> leaving_notes_;
  bool shutting_down_ = false;
  bool stop_grace_over_ = false;
  asio::steady_timer shutdown_deadline_{io_};

  struct Member {
    NetMember info;
    ConnectionPtr connection;
    std::chrono::steady_clock::time_point last_heard;
  };
  std::map<std::uint64_t, Member> members_;  // other admins of the convention, by system
  /// A potential leader ranked before this admin, and this admin's connection to it.
  struct LeaderLink {
    HostPort at;
    ConnectionPtr connection;
    std::uint64_t generation = 0;  ///< of `connection`: a late close of an older one is ignored
    std::uint64_t system = 0;      ///< the admin that last answered there (0: none)
    bool answered = false;         ///< since `connection` opened
    std::chrono::steady_clock::time_point last_answer;
  };
  static constexpr std::size_t no_leader = ~std::size_t{0};
  bool alive(const LeaderLink& link) const;
  std::chrono::nanoseconds silence_limit() const {
    return options_.heartbeat * options_.missed_heartbeats;
  }
  std::vector<LeaderLink> leaders_;  // in order of preference
  std::size_t leading_ = no_leader;  // the one this admin joins (no_leader: it leads, or none)
  std::chrono::steady_clock::time_point leader_since_;
  /// Members lost or gone lately: another admin's list that still names one does not bring it
  /// back (only hearing from it does) until a silence limit has passed.
  std::map<std::uint64_t, std::chrono::steady_clock::time_point> forgotten_;
  std::uint64_t next_request_ = 1;
  std::map<std::uint64_t, CreateAnswer> remote_creates_;
  std::map<std::uint64_t, ActorAddress> remote_create_parents_;
  std::map<std::uint64_t, ResolveAnswer> remote_resolves_;
  /// Resolves of addresses on a system this admin has not heard of yet (a member the leader has
  /// not listed to it yet), held until it is heard of or a silence limit passes.
  struct HeldResolves {
    std::unique_ptr<asio::steady_timer> deadline;
    std::vector<std::pair<ActorAddress, ResolveAnswer>> waiting;
  };
  std::map<std::uint64_t, HeldResolves> unheard_resolves_;
  std::map<ActorAddress, ActorAddress> remote_children_;  // child elsewhere -> parent here
  asio::steady_timer heartbeat_{io_};
};

}  // namespace thespis::net::detail
