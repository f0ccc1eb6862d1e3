#include "admin.hpp"

#include <algorithm>
#include <map>

#include <malloc.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/actor_type.hpp>
#include <thespis/delivery_rules.hpp>
#include <thespis/detail/hash.hpp>
#include <thespis/net/loaded_libraries.hpp>
#include <thespis/system_messages.hpp>
#include <thespis/system_status.hpp>

#include "admin_impl.hpp"
#include "creation.hpp"
#include "placement.hpp"
#include "sequence_window.hpp"

namespace thespis::net::detail {
using namespace std::chrono_literals;
namespace {

/// Requests and notes are small; a connection per actor process is held all its life.
constexpr std::size_t request_read_bytes = 4096;

/// Unique across the convention's hosts: the advertised host (16 bits of its hash), the admin
/// port and the admin's pid (an admin on another machine may have the same port and pid).
std::uint64_t system_id(const std::string& host, std::uint16_t port) {
  const std::uint64_t host_tag =
      host == "127.0.0.1" ? 0 : (thespis::detail::fnv1a(host) & 0xffffu) | 1u;
  return (host_tag << 48) | (std::uint64_t{port} << 32) | static_cast<std::uint32_t>(getpid());
}

}  // namespace

Admin::Admin(const AdminOptions& options, SpawnerPipes spawner)
    : options_(options),
      spawner_(spawner),
      system_(system_id(options.advertise_host, options.port)),
      settings_{.secret = options.secret,
                .max_frame = options.max_frame,
                .max_queued_bytes = options.max_queued_bytes},
      listener_(listen_on(io_, options.bind_host, options.port), options.max_connections,
                [this](tcp::socket socket) {
                  ConnectionSettings requests = settings_;
                  requests.read_buffer_bytes = request_read_bytes;
                  return std::make_shared<Connection>(
                      std::move(socket), request_handlers(next_connection_++), requests);
                }),
      router_(open_router(options.transport, io_, options.bind_host, 0, 0, *this,
                          {.connection = settings_,
                           .max_connections = options.max_connections,
                           .receive_buffer_bytes = options.receive_buffer_bytes})) {
  if (!options_.log_path.empty()) {
    log_.emplace(options_.log_path, LogFile::Limits{options_.log_max_bytes, options_.log_files});
  }
  add_request_handlers(on_request_);
  add_convention_handlers(on_request_);
  add_report_handlers(on_report_);
}

void Admin::run(int ready_fd) {
  reports_.assign(spawner_.reports);
  read_reports();
  listener_.start();
  router_->start();
  join_convention();
  heartbeat();
  if (ready_fd >= 0) {
    const char ready = 1;
    (void)!write(ready_fd, &ready, 1);
    close(ready_fd);
  }
  io_.run();
}

Connection::Handlers Admin::request_handlers(std::uint64_t connection) {
  // The handlers name the connection by number, never hold it: it is its own to release.
  Connection::Handlers handlers;
  handlers.on_envelope = [this, connection](const ConnectionPtr& from, Envelope e) {
    if (!on_request_(e.message, from, connection)) ++bad_frames_;  // a confused or hostile peer
  };
  handlers.on_bad_frame = [this](const std::string& why) {
    ++bad_frames_;
    bad_frame(why);
  };
  handlers.on_close = [this, connection](std::deque<Envelope>) { connection_closed(connection); };
  handlers.on_auth_failure = [this](const std::string& why) {
    ++auth_failures_;
    auth_failure(why);
  };
  return handlers;
}

void Admin::auth_failure(const std::string& why) {
  // Counted by whoever saw it: the request connections above, or the router (its own count).
  admin_log(LogLevel::warning, "refused a connection: " + why);
}

void Admin::connection_closed(std::uint64_t connection) {
  // A burst of connections (a thousand actors starting at once) leaves the heap fragmented,
  // and the allocator keeps what it freed; give it back now and then, so that the admin's
  // memory returns to its baseline once the burst is over.
  if (++closed_connections_ % 256 == 0) malloc_trim(0);
  logs_.forget(connection);
  // A program that went away takes its endpoints with it.
  std::erase_if(entries_, [&](const auto& item) {
    const Entry& e = item.second;
    if (!e.endpoint() || e.owner != connection) return false;
    router_->forget(e.address);
    std::erase(dead_letter_handlers_, e.address);
    std::erase(watchers_, e.address);
    return true;
  });
}

Entry* Admin::entry(const ActorAddress& address) {
  if (address.system() != system_) return nullptr;
  auto it = entries_.find(address.local());
  return it == entries_.end() ? nullptr : &it->second;
}

void Admin::add_request_handlers(Requests& on) {
  // Requests: answered on the connection they came on.
  on.on<NetAttach>([this](const NetAttach& request, const ConnectionPtr& from, std::uint64_t) {
    attach(from, request);
  });
  on.on<NetCreate>([this](const NetCreate& request, const ConnectionPtr& from, std::uint64_t) {
    create(request, waits_for_start(request.parent),
           [from](NetCreated created) { send_protocol(from, std::move(created)); });
  });
  on.on<NetResolve>([this](const NetResolve& request, const ConnectionPtr& from, std::uint64_t) {
    resolve(request.address,
            [from](NetResolved resolved) { send_protocol(from, std::move(resolved)); });
  });
  on.on<NetOpenEndpoint>(
      [this](const NetOpenEndpoint& request, const ConnectionPtr& from, std::uint64_t connection) {
        open_endpoint(from, connection, request);
      });
  on.on<NetStatus>([this](const NetStatus&, const ConnectionPtr& from, std::uint64_t) {
    send_protocol(from, status());
  });
  on.on<NetShutdown>(
      [this](const NetShutdown&, const ConnectionPtr& from, std::uint64_t) { shutdown(from); });
  // Notes: one way.
  on.on<NetStarted>([this](const NetStarted& note) { started(note); });
  on.on<NetExited>([this](const NetExited& note) {
    if (Entry* e = entry(note.address)) exited(*e);
  });
  on.on<NetDeadLetter>([this](const NetDeadLetter& note) {
    dead_letter({.sender = note.sender, .recipient = note.intended, .message = note.message});
  });
  on.on<NetRegistration>([this](const NetRegistration& note) { registration(note); });
  on.on<NetLog>([this](const NetLog& note) { log(note); });
  on.on<LogRecord>([this](const LogRecord& record) { keep_log(record, false); });
  on.on<NetTraceStart>([this](const NetTraceStart&, const ConnectionPtr& from, std::uint64_t) {
    tracing_ = true;
    send_protocol(from, trace_state());
  });
  on.on<NetTraceBatch>([this](const NetTraceBatch& batch) { keep_trace(batch); });
  on.on<NetTraceFetch>(
      [this](const NetTraceFetch& fetch, const ConnectionPtr& from, std::uint64_t) {
        NetTraceChunk chunk{.events = {}, .total = traced_.size()};
        const std::uint64_t begin = std::min<std::uint64_t>(fetch.from, traced_.size());
        const std::uint64_t end =
            begin + std::min({traced_.size() - begin, fetch.max, trace_events_per_chunk});
        for (std::uint64_t i = begin; i < end; ++i) chunk.events.push_back(traced_[i]);
        send_protocol(from, std::move(chunk));
      });
  on.on<NetLogs>([this](const NetLogs& request, const ConnectionPtr& from,
                        std::uint64_t connection) { logs_.follow(from, connection, request); });
  on.on<NetCapability>([this](const NetCapability& note) { update_capability(note); });
  on.on<NetLost>([this](const NetLost& note) {
    lost_messages_ = add_saturating(lost_messages_, note.envelopes);
  });
}

void Admin::attach(const ConnectionPtr& from, const NetAttach& attach) {
  const std::string_view transport = transport_name(options_.transport);
  NetAttached answer{.system = system_,
                     .admin_pid = getpid(),
                     .build = options_.build,
                     .refusal = {},
                     .transport = std::string(transport)};
  if (attach.transport != transport) {
    answer.refusal = "the admin at " + options_.advertise_host + ":" +
                     std::to_string(options_.port) + " (pid " + std::to_string(getpid()) +
                     ") runs the " + std::string(transport) + " base, this program asked for " +
                     attach.transport;
  } else if (attach.build != options_.build && !options_.serves_any_build) {
    answer.refusal = "the admin at " + options_.advertise_host + ":" +
                     std::to_string(options_.port) + " (pid " + std::to_string(getpid()) +
                     ") runs build " + options_.build + ", this program is build " + attach.build;
  }
  send_protocol(from, answer);
}

void Admin::open_endpoint(const ConnectionPtr& from, std::uint64_t connection,
                          const NetOpenEndpoint& open) {
  Entry e;
  e.address = address_of(next_local_++);
  e.host = open.host.empty() ? options_.advertise_host : open.host;
  e.port = open.port;
  e.incarnation = open.incarnation;
  e.state = Entry::State::running;
  e.owner = connection;
  entries_[e.address.local()] = e;
  send_protocol(from, NetEndpointOpened{.address = e.address});
}

bool Admin::waits_for_start(const ActorAddress& parent) {
  // A program's create returns once the constructor has run (and throws if it threw).
  const Entry* e = entry(parent);
  return e != nullptr && e->endpoint();
}

void Admin::create(const NetCreate& request, bool wait_started, CreateAnswer answer) {
  NetCreated result;
  // Semantics 9: a taken global name answers with its actor, whatever type was asked for.
  if (!request.global_name.empty()) {
    auto it = names_.find(request.global_name);
    if (it != names_.end()) {
      result.address = address_of(it->second);
      result.existing = true;
      return answer(result);
    }
  }
  // Here if this admin has the type and fits; else on a member that has it and fits.
  const ActorType* type = find_actor_type(request.type_name);
  const Requirements extra = requirements_of(request);
  if (type == nullptr || !accepts(*type, options_.capabilities, extra)) {
    return place_remotely(request, type, extra, wait_started, answer);
  }
  Entry e;
  e.address = address_of(next_local_++);
  // A named actor belongs to the system, not to whoever created it first (Thespian too).
  e.parent = request.global_name.empty() ? request.parent : ActorAddress();
  e.type = request.type_name;
  e.host = options_.advertise_host;
  e.global_name = request.global_name;
  e.extra = extra;
  entries_[e.address.local()] = e;
  if (!e.global_name.empty()) names_[e.global_name] = e.address.local();
  write_frame(spawner_.requests, NetSpawn{.address = e.address,
                                          .type_name = e.type,
                                          .parent = e.parent,
                                          .global_name = e.global_name,
                                          .admin_port = options_.port,
                                          .epoch_ns = epoch_ns_,
                                          .capabilities = options_.capabilities,
                                          .max_frame = options_.max_frame,
                                          .max_queued_bytes = options_.max_queued_bytes,
                                          .max_connections = options_.max_connections,
                                          .receive_buffer_bytes = options_.receive_buffer_bytes,
                                          .trace = tracing_});
  if (wait_started) {
    waiting_creates_[e.address.local()] = std::move(answer);
  } else {
    result.address = e.address;
    answer(result);
  }
}

void Admin::resolve(const ActorAddress& address, ResolveAnswer answer) {
  if (address.system() != system_) return resolve_remotely(address, std::move(answer));
  Entry* e = entry(address);
  if (e != nullptr && e->state != Entry::State::exited && e->port == 0) {
    waiting_resolves_[address.local()].push_back(std::move(answer));  // once it is spawned
    return;
  }
  const Location at = locate(address);
  answer({.address = address, .host = at.host, .port = at.port, .incarnation = at.incarnation});
}

void Admin::answer_resolves(Entry& e) {
  auto it = waiting_resolves_.find(e.address.local());
  if (it == waiting_resolves_.end()) return;
  const std::uint16_t port = e.state == Entry::State::exited ? 0 : e.port;
  for (const ResolveAnswer& answer : it->second) {
    answer({.address = e.address, .host = e.host, .port = port, .incarnation = e.incarnation});
  }
  waiting_resolves_.erase(it);
}

void Admin::started(const NetStarted& note) {
  Entry* e = entry(note.address);
  if (e == nullptr) return;
  if (e->state == Entry::State::spawning) e->state = Entry::State::running;
  auto waiting = waiting_creates_.find(note.address.local());
  if (waiting == waiting_creates_.end()) return;
  NetCreated answer;
  answer.address = note.address;
  if (!note.error.empty()) {
    answer.error = note.error;
    answer.error_kind = CreateError::creation;
  }
  CreateAnswer reply = std::move(waiting->second);
  waiting_creates_.erase(waiting);
  reply(answer);
}

void Admin::exited(Entry& e) {
  if (e.state == Entry::State::exited) return;
  e.state = Entry::State::exited;
  answer_resolves(e);
  if (!e.global_name.empty() && names_[e.global_name] == e.address.local())
    names_.erase(e.global_name);
  std::erase(dead_letter_handlers_, e.address);
  std::erase(watchers_, e.address);
  router_->forget(e.address);
  if (auto waiting = waiting_creates_.find(e.address.local()); waiting != waiting_creates_.end()) {
    CreateAnswer reply = std::move(waiting->second);
    waiting_creates_.erase(waiting);
    reply({.address = e.address,
           .error = "its process ended before it started",
           .error_kind = CreateError::creation});
  }
  const Entry* parent = entry(e.parent);
  const bool parent_elsewhere = e.parent && e.parent.system() != system_;
  if (parent_elsewhere || (parent != nullptr && parent->state != Entry::State::exited)) {
    send({.sender = e.address, .recipient = e.parent, .message = ChildActorExited{e.address}});
  }
  // Forgotten at once: a directory that kept every actor that ever lived would only grow.
  entries_.erase(e.address.local());
  if (shutting_down_) finish_shutdown();
}

void Admin::dead_letter(Envelope envelope) {
  if (!may_be_dead_lettered(envelope.message)) {
    ++dropped_dead_letters_;
    return;
  }
  for (auto it = dead_letter_handlers_.rbegin(); it != dead_letter_handlers_.rend(); ++it) {
    const Entry* handler = entry(*it);
    if (handler == nullptr || handler->state == Entry::State::exited) continue;
    send({.sender = envelope.sender,
          .recipient = *it,
          .message = DeadEnvelope{envelope.recipient, envelope.message}});
    return;
  }
  ++dropped_dead_letters_;
}

void Admin::registration(const NetRegistration& note) {
  auto& list = note.kind == RegistrationKind::dead_letters ? dead_letter_handlers_ : watchers_;
  std::erase(list, note.address);
  if (note.enable) list.push_back(note.address);
}

Location Admin::locate(const ActorAddress& address) {
  const Entry* e = entry(address);
  if (e == nullptr || e->state == Entry::State::exited) return {options_.advertise_host, 0};
  return {e->host, e->port, e->incarnation};
}

void Admin::undeliverable(Envelope envelope) {
  // Asking an actor that is already gone to stop is no dead letter.
  if (!envelope.message.is<ActorExitRequest>()) dead_letter(std::move(envelope));
}

void Admin::bad_frame(const std::string& why) {
  admin_log(LogLevel::warning, "dropped a frame that does not decode: " + why);
}

void Admin::too_large(Envelope envelope, std::size_t frame_bytes, std::size_t limit) {
  admin_log(LogLevel::warning, "did not send a " + std::to_string(frame_bytes) + "-byte " +
                                   std::string(envelope.message.type_name()) +
                                   " over the transport's limit of " + std::to_string(limit) +
                                   " bytes");
}

void Admin::send(Envelope envelope) {
  if (envelope.recipient.system() != system_) return relay(std::move(envelope));
  router_->send(std::move(envelope));
}

void Admin::log(const NetLog& line) {
  // The level and time come from a peer: a level out of range is taken as an error, so that
  // nothing a broken process sends is hidden below a filter.
  const auto level = static_cast<LogLevel>(
      std::clamp<std::int64_t>(line.level, 0, static_cast<std::int64_t>(LogLevel::error)));
  const Entry* source = entry(line.source);
  keep_log({.time_ns = line.time_ns != 0 ? line.time_ns : wall_clock_ns(),
            .level = level,
            .source = line.source,
            .type = source != nullptr ? source->type : std::string("?"),
            .node = node_name(),
            .text = cut_log_text(line.text)},
           true);
}

void Admin::keep_trace(const NetTraceBatch& batch) {
  for (const TracedEvent& event : batch.events) {
    if (traced_.size() >= max_traced_events) {
      ++trace_dropped_;
      continue;
    }
    traced_.push_back(event);
    traced_.back().node = node_name();
  }
}

void Admin::admin_log(LogLevel level, std::string text) {
  keep_log({.time_ns = wall_clock_ns(),
            .level = level,
            .source = address_of(0),
            .type = "admin",
            .node = node_name(),
            .text = cut_log_text(text)},
           true);
}

void Admin::keep_log(LogRecord record, bool own) {
  if (log_) log_->write(log_line(record));
  // Warnings and errors of this admin's actors also go to the convention's leader; records
  // that came from another admin go no further, so none circles.
  if (own && record.level >= LogLevel::warning) forward_log(record);
  logs_.add(std::move(record));
}

void Admin::forward_log(const LogRecord& record) {
  const ConnectionPtr leader = leader_connection();
  if (!leader) return;
  // The link also carries placement and heartbeats: a flood of warnings must not fill it to its
  // bound (which closes it), so past a quarter of that bound they are counted and dropped.
  if (leader->queued_bytes() > options_.max_queued_bytes / 4) {
    ++unforwarded_logs_;
    return;
  }
  send_protocol(leader, record);
}

void Admin::update_capability(const NetCapability& update) {
  if (update.value) {
    options_.capabilities.set(update.name, *update.value);
  } else {
    options_.capabilities.erase(update.name);
  }
  // Semantics 11: a live actor the system no longer satisfies is asked to leave.
  for (auto& [local, e] : entries_) {
    if (e.endpoint() || e.state == Entry::State::exited) continue;
    const ActorType* type = find_actor_type(e.type);
    if (type == nullptr) continue;
    if (auto request = exit_request_if_unfit(*type, options_.capabilities, e.extra)) {
      send({.sender = {}, .recipient = e.address, .message = std::move(*request)});
    }
  }
}

AdminStatus Admin::status() {
  AdminStatus report;
  report.pid = getpid();
  report.host = options_.advertise_host;
  report.port = options_.port;
  report.build = options_.build;
  report.bad_frames = bad_frames_ + router_->bad_frames();
  report.connections = listener_.live() + router_->connections();
  report.auth_failures = auth_failures_ + router_->auth_failures();
  report.refused_connections = listener_.refused();
  for (const auto& [local, e] : entries_) {
    // The rule of system status (system_status.hpp); pid and place are the admin's extras.
    if (!listed_in_system_status({.summary = {.address = e.address,
                                              .type_name = e.type,
                                              .global_name = e.global_name,
                                              .parent = e.parent},
                                  .endpoint = e.endpoint(),
                                  .exited = e.state == Entry::State::exited})) {
      continue;
    }
    report.actors.push_back({.address = e.address,
                             .type = e.type,
                             .pid = e.pid,
                             .host = e.host,
                             .port = e.port,
                             .parent = e.parent,
                             .global_name = e.global_name});
  }
  for (const auto& [system, member] : members_) {
    report.members.push_back(member.info.host + ":" + std::to_string(member.info.port));
  }
  report.spawner_pid = spawner_.pid;
  report.libraries = describe_loaded_libraries();
  report.actor_types = runnable_actor_types();
  report.transport = std::string(transport_name(options_.transport));
  report.lost_messages = lost_messages_;
  return report;
}

void Admin::read_reports() {
  reports_.async_read_some(asio::buffer(report_buffer_), [this](error_code ec, std::size_t size) {
    if (ec) return;  // the spawner is gone: only at shutdown
    report_reader_.feed({report_buffer_, size});
    while (auto frame = report_reader_.next()) {
      if (auto* envelope = std::get_if<Envelope>(&*frame)) on_report_(envelope->message);
    }
    read_reports();
  });
}

void Admin::add_report_handlers(Dispatch<>& on) {
  on.on<NetSpawned>([this](const NetSpawned& report) { spawned(report); });
  on.on<NetReaped>([this](const NetReaped& report) { reaped(report); });
}

void Admin::spawned(const NetSpawned& spawned) {
  // Held whatever became of its entry: the actor may already have ended (its note comes by
  // socket, this report by pipe), and its process runs on in its afterlife until reaped; a
  // shutdown must kill it and count it like any other.
  if (spawned.pid > 0) live_pids_[spawned.pid] = spawned.address;
  Entry* e = entry(spawned.address);
  if (e == nullptr) {
    if (shutting_down_) finish_shutdown();  // which kills it now
    return;
  }
  e->pid = spawned.pid;
  e->port = spawned.port;
  e->incarnation = spawned.incarnation;
  if (spawned.pid <= 0) {
    started({.address = e->address, .error = "cannot fork an actor process"});
    return exited(*e);
  }
  answer_resolves(*e);
}

void Admin::reaped(const NetReaped& reaped) {
  // A process that ended without saying so (SIGKILL, a crash) is reported here, once.
  auto it = live_pids_.find(reaped.pid);
  if (it == live_pids_.end()) return;
  const ActorAddress address = it->second;
  live_pids_.erase(it);
  if (Entry* e = entry(address)) {
    started({.address = e->address,
             .error = "its process ended (status " + std::to_string(reaped.status) + ")"});
    exited(*e);
  }
  if (shutting_down_) finish_shutdown();
}

void Admin::shutdown(const ConnectionPtr& from) {
  shutdown_waiters_.push_back(from);
  if (shutting_down_) return;
  shutting_down_ = true;
  stop_families_from_the_top(
      entries_,
      [](const auto& local_entry) {
        const Entry& e = local_entry.second;
        return !e.endpoint() && e.state != Entry::State::exited;
      },
      [this](const auto& local_entry) {
        const Entry* parent = entry(local_entry.second.parent);
        return parent != nullptr && !parent->endpoint();
      },
      [this](const auto& local_entry, const Message& request) {
        send({.sender = {}, .recipient = local_entry.second.address, .message = request});
      });
  shutdown_deadline_.expires_after(default_stop_grace);
  shutdown_deadline_.async_wait([this](error_code ec) {
    if (ec) return;
    stop_grace_over_ = true;
    finish_shutdown();
    // SIGKILL is reaped in milliseconds; a process that still has not ended is named.
    shutdown_deadline_.expires_after(2s);
    shutdown_deadline_.async_wait([this](error_code late) {
      if (!late) exit_admin();
    });
  });
  finish_shutdown();
}

void Admin::kill_actor_processes() {
  for (const auto& [pid, address] : live_pids_) kill(static_cast<pid_t>(pid), SIGKILL);
}

void Admin::finish_shutdown() {
  const bool live = std::any_of(entries_.begin(), entries_.end(), [](const auto& entry) {
    return !entry.second.endpoint() && entry.second.state != Entry::State::exited;
  });
  if (live && !stop_grace_over_) return;
  // Every actor has stopped (or had its grace): what is left of their processes is the
  // afterlife that turns late messages into dead letters, which a system going down skips.
  kill_actor_processes();
  if (!live_pids_.empty()) return;  // their reaping comes back through read_reports()
  exit_admin();
}

void Admin::exit_admin() {
  std::uint64_t stopped = 0;
  for (const auto& [local, e] : entries_) stopped += e.endpoint() ? 0 : 1;
  // Leave last: until its actors have stopped, their remote children's exits must reach them.
  leave_convention();
  // The spawner ends when its request pipe closes, once it has reaped every actor process.
  close(spawner_.requests);
  int status = 0;
  waitpid(spawner_.pid, &status, 0);
  NetShutdownDone done{.stopped = stopped, .not_ended = {}};
  for (const auto& [pid, address] : live_pids_) {
    done.not_ended.push_back("pid " + std::to_string(pid) + " (" + address.to_string() + ")");
  }
  for (const ConnectionPtr& waiter : shutdown_waiters_) send_protocol(waiter, done);
  // Let the answers and the leaving notes out, then go.
  const auto busy = [](const std::vector<ConnectionPtr>& connections) {
    return std::any_of(connections.begin(), connections.end(), [](const ConnectionPtr& c) {
      return c->open() && (!c->idle() || !c->authenticated());
    });
  };
  const auto until = std::chrono::steady_clock::now() + 1s;
  while (std::chrono::steady_clock::now() < until &&
         (busy(shutdown_waiters_) || busy(leaving_notes_) || !router_->idle())) {
    io_.run_one_for(10ms);
  }
  _exit(0);
}

void admin_main(const AdminOptions& options, int ready_fd) {
  try {
    // The spawner is forked first, while this process has no event loop and no sockets.
    const auto bind_address = ipv4_of(options.bind_host);
    if (!bind_address) _exit(2);
    const SpawnerPipes spawner =
        start_spawner(*options.secret, {.bind_address = bind_address->to_uint(),
                                        .admin_host = local_host_of(options.bind_host),
                                        .transport = options.transport});
    Admin admin(options, spawner);
    admin.run(ready_fd);
  } catch (...) {
    _exit(2);
  }
  _exit(0);
}

}  // namespace thespis::net::detail
