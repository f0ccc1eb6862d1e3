#include "net_base.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/delivery_rules.hpp>
#include <thespis/detail/hash.hpp>
#include <thespis/net/loaded_libraries.hpp>
#include <thespis/net/runtime_dir.hpp>
#include <thespis/net/system_status.hpp>
#include <thespis/system_messages.hpp>

#include "admin.hpp"
#include "creation.hpp"
#include "datagram.hpp"
#include "fork_gate.hpp"
#include "loaded_libraries_impl.hpp"
#include "protocol.hpp"

namespace thespis::net::detail {
namespace {

using namespace std::chrono_literals;

/// Forks the admin as a daemon (setsid, double fork) that outlives this program; returns once
/// it listens.
void start_admin_daemon(const AdminOptions& options) {
  int ready[2];
  if (pipe(ready) != 0) throw TransportError("cannot create a pipe to start the admin");
  std::fflush(nullptr);
  const pid_t child = fork_with_io_parked();
  if (child < 0) throw TransportError("cannot fork the admin");
  if (child == 0) {
    setsid();
    if (fork() != 0) _exit(0);
    // The daemon keeps only the pipe that says it is ready: none of the program's sockets.
    const auto keep = static_cast<unsigned>(ready[1]);
    if (keep > 3) close_range(3, keep - 1, 0);
    close_range(keep + 1, ~0U, 0);
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    admin_main(options, ready[1]);
  }
  close(ready[1]);
  int status = 0;
  waitpid(child, &status, 0);
  pollfd wait{ready[0], POLLIN, 0};
  char byte = 0;
  const bool up = poll(&wait, 1, 10'000) == 1 && read(ready[0], &byte, 1) == 1;
  close(ready[0]);
  if (!up) {
    throw TransportError("the admin on port " + std::to_string(options.port) +
                         " did not start (is the port taken?)");
  }
}

/// The admin's answer to NetAttach; anything else is a TransportError (a refusal must reach the
/// program as one, from the ActorSystem constructor, whatever the admin is).
NetAttached attach_answer(const Message& answer, std::uint16_t port) {
  if (const auto* attached = answer.get_if<NetAttached>()) return *attached;
  throw TransportError("the admin on port " + std::to_string(port) + " answered the attach with " +
                       std::string(answer.type_name()) +
                       " (is it of another thespis version? run `thespis shutdown --port " +
                       std::to_string(port) + "`)");
}

}  // namespace

std::vector<HostPort> convention_leaders_of(const std::string& first,
                                            const std::vector<std::string>& rest) {
  std::vector<HostPort> leaders;
  if (!first.empty()) leaders.push_back(parse_host_port(first, "convention leader"));
  for (const std::string& leader : rest) {
    HostPort at = parse_host_port(leader, "convention leader");
    if (std::find(leaders.begin(), leaders.end(), at) == leaders.end()) leaders.push_back(at);
  }
  return leaders;
}

std::string build_identity() {
  // The executable file as built, and each library loaded into it (`thespis node --load`):
  // rebuilding or replacing any of them makes another build.
  static const std::string executable = file_identity("/proc/self/exe");
  const auto& libraries = loaded_libraries();
  if (libraries.empty()) return executable;
  std::string files = executable;
  for (const LoadedLibrary& library : libraries) files += ":" + library.identity;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(thespis::detail::fnv1a(files)));
  return hex;
}

std::string admin_log_path(const std::string& bind_host, std::uint16_t port) {
  const std::string host = bind_host == "127.0.0.1" ? "" : bind_host + "-";
  return (runtime_dir() / ("admin-" + host + std::to_string(port) + ".log")).string();
}

namespace {

std::size_t or_default(std::size_t value, std::size_t fallback) {
  return value != 0 ? value : fallback;
}

/// A descriptor that becomes readable when the process ends (no PID-reuse race).
int open_pidfd(std::int64_t pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
}

/// Whether the process behind `pidfd` ends within `wait` (true if there is none to wait for).
bool ended_within(int pidfd, std::chrono::milliseconds wait) {
  if (pidfd < 0) return true;
  pollfd ended{pidfd, POLLIN, 0};
  return poll(&ended, 1, static_cast<int>(wait.count())) == 1;
}

}  // namespace

NetBase::NetBase(const SystemOptions& options, Transport transport, Joining joining)
    : options_(options),
      transport_(transport),
      hosts_(hosts_of(options.bind_host, options.advertise_host)),
      admin_host_(options.admin_host.empty() ? local_host_of(hosts_.bind) : options.admin_host),
      port_(options.admin_port != 0 ? options.admin_port : default_port_of(transport)),
      secret_(std::make_shared<const Secret>(Secret::load(options.secret_file))) {
  if (options_.request_timeout.count() == 0) options_.request_timeout = default_request_timeout;
  if (joining == Joining::program) {
    attach();
  } else {
    observe();
  }
  resolver_ = std::make_unique<RpcClient>(admin_host_, port_, *secret_, options_.request_timeout);
  const ConnectionSettings settings{
      .secret = secret_,
      .max_frame = or_default(options_.max_frame_bytes, default_max_frame_bytes),
      .max_queued_bytes = or_default(options_.max_queued_bytes, default_max_queued_bytes)};
  Directory& directory = *this;  // a private base: converted here, not inside make_unique
  router_ =
      open_router(transport_, io_, hosts_.bind, 0, 0, directory,
                  {.connection = settings,
                   .max_connections = or_default(options_.max_connections, default_max_connections),
                   .receive_buffer_bytes = options_.receive_buffer_bytes});
  router_->start();
  open_endpoint();
  parked_at_fork_.emplace(io_);
  io_thread_ = std::thread([this] {
    const auto work = asio::make_work_guard(io_);
    io_.run();
  });
}

NetBase::~NetBase() {
  if (!shut_down_) flush(Clock::now() + std::chrono::seconds(2));  // a last tell still goes out
  stop_io_thread();
  if (admin_pidfd_ >= 0) close(admin_pidfd_);
}

void NetBase::stop_io_thread() {
  if (!io_thread_.joinable()) return;
  parked_at_fork_.reset();  // a fork from now on must not wait for this thread
  asio::post(io_, [this] {
    router_->close();
    io_.stop();
  });
  io_thread_.join();
}

void NetBase::attach() {
  bool started = false;
  bool replaced = false;
  for (;;) {
    try {
      admin_ = std::make_unique<RpcClient>(admin_host_, port_, *secret_, options_.request_timeout);
    } catch (const NotListening&) {
      if (started) throw;
      if (!is_local_host(admin_host_, hosts_.bind)) {
        throw TransportError("no admin answers at " + admin_host_ + ":" + std::to_string(port_) +
                             " (a program starts an admin only on its own host)");
      }
      AdminOptions admin{
          .port = port_,
          .capabilities = options_.capabilities,
          .build = build_identity(),
          .log_path = admin_log_path(hosts_.bind, port_),
          .bind_host = hosts_.bind,
          .advertise_host = hosts_.advertise,
          .leaders = convention_leaders_of(options_.convention_leader, options_.convention_leaders),
          .heartbeat = options_.heartbeat_interval,
          .missed_heartbeats = options_.missed_heartbeats,
          .max_frame = or_default(options_.max_frame_bytes, default_max_frame_bytes),
          .max_connections = or_default(options_.max_connections, default_max_connections),
          .max_queued_bytes = or_default(options_.max_queued_bytes, default_max_queued_bytes),
          .secret = secret_,
          .transport = transport_,
          .receive_buffer_bytes = options_.receive_buffer_bytes};
      start_admin_daemon(admin);
      started = true;
      continue;
    }
    const NetAttached attached =
        attach_answer(admin_->call(NetAttach{.build = build_identity(),
                                             .pid = getpid(),
                                             .replace_stale = options_.replace_stale_admin,
                                             .transport = std::string(base_name())}),
                      port_);
    if (attached.transport != base_name()) {
      // Replacing it would take another base's admin, and its actors, away from its programs.
      throw TransportError(attached.refusal + "; give this system another admin_port (the " +
                           std::string(base_name()) + " base's default is " +
                           std::to_string(default_port_of(transport_)) + ")");
    }
    if (attached.refusal.empty()) {
      system_ = attached.system;
      admin_pid_ = attached.admin_pid;
      // Only an admin on this host has its pid here (shutdown waits for it, and kills it stuck).
      if (is_local_host(admin_host_, hosts_.bind)) admin_pidfd_ = open_pidfd(admin_pid_);
      return;
    }
    if (!options_.replace_stale_admin || replaced) {
      throw TransportError(attached.refusal +
                           "; set SystemOptions::replace_stale_admin to replace it, or run "
                           "`thespis shutdown --host " +
                           admin_host_ + " --port " + std::to_string(port_) + "`");
    }
    admin_->call(NetShutdown{});  // the stale admin goes, and its actors with it
    admin_.reset();
    wait_until_port_free();
    replaced = true;
  }
}

void NetBase::observe() {
  try {
    admin_ = std::make_unique<RpcClient>(admin_host_, port_, *secret_, options_.request_timeout);
  } catch (const NotListening&) {
    throw TransportError("no admin answers at " + admin_host_ + ":" + std::to_string(port_));
  }
}

void NetBase::wait_until_port_free() {
  for (int i = 0; i < 500; ++i) {
    try {
      RpcClient probe(admin_host_, port_, *secret_, std::chrono::milliseconds(200));
    } catch (const NotListening&) {
      return;
    } catch (const TransportError&) {
      // still there, and busy going
    }
    std::this_thread::sleep_for(10ms);  // the old admin is exiting
  }
  throw TransportError("the admin at " + admin_host_ + ":" + std::to_string(port_) +
                       " does not go away");
}

NetBase::Endpoint& NetBase::endpoint(EndpointId id) {
  std::lock_guard lock(mutex_);
  return endpoints_.at(id);
}

const NetBase::Endpoint& NetBase::endpoint(EndpointId id) const {
  std::lock_guard lock(mutex_);
  return endpoints_.at(id);
}

EndpointId NetBase::open_endpoint() {
  NetEndpointOpened opened;
  {
    std::lock_guard lock(admin_mutex_);
    opened = admin_
                 ->call(NetOpenEndpoint{.port = router_->port(),
                                        .host = hosts_.advertise,
                                        .incarnation = router_->incarnation()})
                 .get<NetEndpointOpened>();
  }
  std::lock_guard lock(mutex_);
  endpoints_.push_back({opened.address, {}, 0});
  by_address_[opened.address] = endpoints_.size() - 1;
  return static_cast<EndpointId>(endpoints_.size() - 1);
}

ActorAddress NetBase::endpoint_address(EndpointId id) const { return endpoint(id).address; }

void NetBase::check_running() const {
  if (shut_down_) throw SystemShutDown();
}

SystemFacts NetBase::system_facts() {
  check_running();
  std::lock_guard lock(admin_mutex_);
  return net::system_facts(admin_->call(NetStatus{}).get<AdminStatus>());
}

ActorAddress NetBase::create_actor(EndpointId id, std::string_view type_name,
                                   const CreateOptions& options) {
  check_running();
  const ActorAddress parent = endpoint_address(id);
  std::lock_guard lock(admin_mutex_);
  return request_creation(*admin_, type_name, options, parent).address;
}

void NetBase::hand_in(Envelope envelope) {
  std::lock_guard lock(mutex_);
  auto found = by_address_.find(envelope.recipient);
  if (found == by_address_.end() || !endpoint_may_see(envelope.message)) return;
  Endpoint& self = endpoints_[found->second];
  self.inbox.push_back({std::move(envelope.message), ++self.arrivals});
  arrived_.notify_all();
}

Location NetBase::locate(const ActorAddress& address) {
  try {
    const auto resolved = resolver_->call(NetResolve{.address = address}).get<NetResolved>();
    return {resolved.host, resolved.port, resolved.incarnation};
  } catch (const Error&) {
    return {};  // the admin is gone: so is every actor
  }
}

void NetBase::undeliverable(Envelope envelope) {
  if (!may_be_dead_lettered(envelope.message)) return;
  try {
    resolver_->note(NetDeadLetter{.sender = envelope.sender,
                                  .intended = envelope.recipient,
                                  .message = std::move(envelope.message)});
  } catch (const Error&) {
    // The admin is gone, and with it the dead-letter handlers: nobody is left to tell.
  }
}

void NetBase::too_large(Envelope envelope, std::size_t frame_bytes, std::size_t limit) {
  // The caller's ask() returns this poison (semantics 10 and 13).
  if (auto poison = too_large_poison(envelope.message, frame_bytes, limit)) {
    hand_in({envelope.recipient, envelope.sender, std::move(*poison)});
  }
}

void NetBase::route(Envelope envelope) {
  try {
    router_->send(std::move(envelope));
  } catch (const std::exception&) {
    // Nothing may escape into the event loop; the router has dead-lettered what it could.
  }
}

void NetBase::lost(std::int64_t envelopes) {
  try {
    resolver_->note(NetLost{.envelopes = envelopes});
  } catch (const Error&) {
    // The admin is gone: nobody is left to count.
  }
}

void NetBase::check_fits(const Envelope& envelope) const {
  // Semantics 13: a message that no datagram can carry is an error for an outside sender, at
  // once, rather than a loss nobody hears of.
  if (transport_ != Transport::datagrams) return;
  thread_local Encoder scratch;
  thread_local std::string frame;
  frame.clear();
  append_frame(frame, envelope, scratch);
  if (frame.size() > max_datagram_frames_bytes) {
    throw TransportError("a " + std::string(envelope.message.type_name()) + " of " +
                         std::to_string(frame.size()) +
                         " bytes is over the udp base's limit of one datagram (" +
                         std::to_string(max_datagram_frames_bytes) + " bytes); it was not sent");
  }
}

void NetBase::post(Envelope envelope) {
  check_fits(envelope);
  asio::post(io_, [this, e = std::move(envelope)]() mutable { route(std::move(e)); });
}

void NetBase::flush(Clock::time_point until) {
  // Only the I/O thread may look at the router: ask it, until it is idle or time is up.
  for (;;) {
    auto idle = std::make_shared<std::promise<bool>>();
    asio::post(io_, [this, idle] { idle->set_value(router_->idle()); });
    if (idle->get_future().get() || Clock::now() >= until) return;
    std::this_thread::sleep_for(1ms);
  }
}

void NetBase::tell(EndpointId id, const ActorAddress& to, Message message) {
  check_running();
  post({endpoint_address(id), to, std::move(message)});
}

NetBase::Clock::time_point NetBase::deadline_after(std::chrono::nanoseconds timeout) const {
  const auto now = Clock::now();
  return timeout >= std::chrono::hours(24 * 365)
             ? Clock::time_point::max()
             : now + std::chrono::ceil<Clock::duration>(timeout);
}

std::optional<Message> NetBase::ask(EndpointId id, const ActorAddress& to, Message message,
                                    std::chrono::nanoseconds timeout) {
  check_running();
  const auto until = deadline_after(timeout);
  Endpoint& self = endpoint(id);
  std::unique_lock lock(mutex_);
  const std::uint64_t asked_after = self.arrivals;
  post({self.address, to, std::move(message)});
  const auto answered = [&] {
    return !self.inbox.empty() && self.inbox.back().arrival > asked_after;
  };
  if (!arrived_.wait_until(lock, until, answered)) return std::nullopt;
  // The first message that arrived after the request; earlier ones stay for listen().
  auto it = std::find_if(self.inbox.begin(), self.inbox.end(),
                         [&](const Arrival& a) { return a.arrival > asked_after; });
  Message reply = std::move(it->message);
  self.inbox.erase(it);
  return reply;
}

std::optional<Message> NetBase::listen(EndpointId id, std::chrono::nanoseconds timeout) {
  check_running();
  const auto until = deadline_after(timeout);
  Endpoint& self = endpoint(id);
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_until(lock, until, [&] { return !self.inbox.empty(); })) return std::nullopt;
  Message message = std::move(self.inbox.front().message);
  self.inbox.pop_front();
  return message;
}

Capabilities NetBase::capabilities() const {
  std::lock_guard lock(mutex_);
  return options_.capabilities;
}

void NetBase::update_capability(const std::string& name, std::optional<CapabilityValue> value) {
  check_running();
  {
    std::lock_guard lock(mutex_);
    if (value) {
      options_.capabilities.set(name, *value);
    } else {
      options_.capabilities.erase(name);
    }
  }
  std::lock_guard lock(admin_mutex_);
  admin_->note(NetCapability{.name = name, .value = std::move(value)});
}

void NetBase::shutdown() {
  if (shut_down_.exchange(true)) return;
  flush(Clock::now() + 5s);
  NetShutdownDone done;
  std::string unanswered;
  try {
    std::lock_guard lock(admin_mutex_);
    // The admin stops every actor (a grace of default_stop_grace), then their processes.
    done = admin_->call(NetShutdown{}, default_stop_grace + 10s).get<NetShutdownDone>();
  } catch (const TransportError& e) {
    // The admin is gone already (or going), or it does not answer (stopped, stuck): its pidfd
    // below tells which.
    unanswered = e.what();
  }
  // Returns once the admin itself has ended: then no process of the system is left.
  const bool admin_ended = ended_within(admin_pidfd_, 5s);
  // A stuck admin is ended all the same, so that a failed shutdown leaves no daemon behind:
  // its spawner and every actor process die with it (PR_SET_PDEATHSIG down the chain).
  const bool admin_killed = !admin_ended && kill_admin();
  stop_io_thread();
  if (!done.not_ended.empty() || !admin_ended) {
    std::string names;
    for (const std::string& process : done.not_ended)
      names += (names.empty() ? "" : ", ") + process;
    if (!admin_ended) {
      names += (names.empty() ? "" : ", ") + ("the admin, pid " + std::to_string(admin_pid_));
      if (!unanswered.empty()) names += " (" + unanswered + ")";
      names += admin_killed ? "; it was killed, and its actor processes with it"
                            : "; it could not be killed";
    }
    throw TransportError("shutdown: these processes of the system had not ended: " + names);
  }
}

bool NetBase::kill_admin() {
  if (admin_pidfd_ < 0) return false;
  if (syscall(SYS_pidfd_send_signal, admin_pidfd_, SIGKILL, nullptr, 0) != 0) return false;
  return ended_within(admin_pidfd_, 5s);
}

}  // namespace thespis::net::detail
