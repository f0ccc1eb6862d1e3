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
#include "listener.hpp"
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
  std::uint16_t port = 0;
  State state = State::spawning;
  std::uint64_t owner = 0;  ///< an endpoint: the request connection of the program that opened it
  bool endpoint() const { return type.empty(); }
};

class Admin {
 public:
  Admin(const AdminOptions& options, SpawnerPipes spawner);
  void run(int ready_fd);

 private:
  Connection::Handlers request_handlers(std::uint64_t connection);
  void connection_closed(std::uint64_t connection);
  void handle(const ConnectionPtr& from, std::uint64_t connection, Envelope envelope);
  void auth_failure(const std::string& why);
  void read_reports();
  void report(const Message& message);

  ActorAddress address_of(std::uint64_t local) const { return {system_, local}; }
  Entry* entry(const ActorAddress& address);
  using CreateAnswer = std::function<void(NetCreated)>;
  using ResolveAnswer = std::function<void(NetResolved)>;

  void attach(const ConnectionPtr& from, const NetAttach& attach);
  void create(const NetCreate& request, bool wait_started, CreateAnswer answer);
  void resolve(const ActorAddress& address, ResolveAnswer answer);
  void answer_resolves(Entry& e);
  bool waits_for_start(const ActorAddress& parent);
  void started(const NetStarted& started);
  void exited(Entry& e);
  void dead_letter(Envelope envelope);
  void log(const NetLog& line);
  void log_bad_frame(const std::string& why);
  void write_log(const std::string& line);
  void update_capability(const NetCapability& update);
  NetStatusReport status();
  void shutdown(const ConnectionPtr& from);
  void finish_shutdown();
  void kill_actor_processes();
  [[noreturn]] void exit_admin();

  // admin_convention.cpp
  NetMember self() const { return {system_, "127.0.0.1", options_.port, options_.capabilities}; }
  void join_leader();
  void heartbeat();
  bool handle_convention(const ConnectionPtr& from, const Message& m);
  void member_heard(const NetMember& member, const ConnectionPtr& connection);
  void member_lost(std::uint64_t system);
  void tell_watchers(const NetMember& member, bool added);
  ConnectionPtr admin_connection(std::uint64_t system);
  bool place_remotely(const NetCreate& request, const ActorType& type, const Requirements& extra,
                      bool wait_started, const CreateAnswer& answer);
  void resolve_remotely(const ActorAddress& address, ResolveAnswer answer);
  void relay(Envelope envelope);
  void leave_convention();

  AdminOptions options_;
  SpawnerPipes spawner_;
  std::int64_t epoch_ns_ = monotonic_ns();
  std::uint64_t system_;
  asio::io_context io_;
  ConnectionSettings settings_;
  Listener listener_;
  Router router_;
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
  std::uint64_t bad_frames_ = 0;
  std::uint64_t auth_failures_ = 0;
  std::uint64_t dropped_dead_letters_ = 0;
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
  ConnectionPtr leader_;
  std::chrono::steady_clock::time_point leader_heard_;
  std::uint64_t next_request_ = 1;
  std::map<std::uint64_t, CreateAnswer> remote_creates_;
  std::map<std::uint64_t, ActorAddress> remote_create_parents_;
  std::map<std::uint64_t, ResolveAnswer> remote_resolves_;
  std::map<ActorAddress, ActorAddress> remote_children_;  // child elsewhere -> parent here
  asio::steady_timer heartbeat_{io_};
};

}  // namespace thespis::net::detail
