#include "net_base.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/detail/hash.hpp>
#include <thespis/system_messages.hpp>

#include "admin.hpp"
#include "creation.hpp"
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
  const pid_t child = fork();
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

}  // namespace

std::uint16_t leader_port(const std::string& leader) {
  if (leader.empty()) return 0;
  const auto colon = leader.rfind(':');
  const std::string host = colon == std::string::npos ? "" : leader.substr(0, colon);
  if (host != "127.0.0.1" && host != "localhost") {
    throw Error("convention leader '" + leader +
                "': the tcp base joins conventions on 127.0.0.1 only so far (HOST:PORT with host "
                "127.0.0.1)");
  }
  try {
    const unsigned long port = std::stoul(leader.substr(colon + 1));
    if (port == 0 || port > 65535) throw std::out_of_range(leader);
    return static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    throw Error("convention leader '" + leader + "': expected HOST:PORT");
  }
}

const std::string& build_identity() {
  // The executable file as built: its identity on disk, size and modification time. Rebuilding
  // or replacing the program changes it; reading the whole binary to hash it would cost
  // hundreds of milliseconds per program start.
  static const std::string identity = [] {
    struct stat file {};
    if (stat("/proc/self/exe", &file) != 0) return std::string("unknown");
    const std::string fields = std::to_string(file.st_dev) + ":" + std::to_string(file.st_ino) +
                               ":" + std::to_string(file.st_size) + ":" +
                               std::to_string(file.st_mtim.tv_sec) + "." +
                               std::to_string(file.st_mtim.tv_nsec);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(thespis::detail::fnv1a(fields)));
    return std::string(hex);
  }();
  return identity;
}

std::string admin_log_path(std::uint16_t port) {
  return (std::filesystem::temp_directory_path() /
          ("thespis-admin-" + std::to_string(port) + ".log"))
      .string();
}

NetBase::NetBase(const SystemOptions& options)
    : options_(options), port_(options.admin_port != 0 ? options.admin_port : default_admin_port) {
  attach();
  router_ = std::make_unique<Router>(
      io_, listen_local(io_, 0),
      Router::Hooks{[this](Envelope e) { arrive(std::move(e)); },
                    [this](const ActorAddress& a) {
                      return admin_->call(NetResolve{a}).get<NetResolved>().port;
                    },
                    [this](Envelope e) {
                      if (e.message.is<ChildActorExited>() || e.message.is<DeadEnvelope>()) return;
                      admin_->note(NetDeadLetter{e.sender, e.recipient, std::move(e.message)});
                    },
                    {}},
      options_.max_frame_bytes);
  router_->start();
  open_endpoint();
}

NetBase::~NetBase() = default;

void NetBase::attach() {
  bool started = false;
  bool replaced = false;
  for (;;) {
    try {
      admin_ = std::make_unique<RpcClient>(port_);
    } catch (const TransportError&) {
      if (started) throw;
      AdminOptions admin{port_, options_.capabilities, build_identity(), admin_log_path(port_)};
      admin.leader_port = leader_port(options_.convention_leader);
      admin.heartbeat = options_.heartbeat_interval;
      admin.missed_heartbeats = options_.missed_heartbeats;
      admin.max_frame = options_.max_frame_bytes;
      start_admin_daemon(admin);
      started = true;
      continue;
    }
    const auto attached =
        admin_->call(NetAttach{build_identity(), getpid(), options_.replace_stale_admin})
            .get<NetAttached>();
    if (attached.refusal.empty()) {
      system_ = attached.system;
      admin_pid_ = attached.admin_pid;
      return;
    }
    if (!options_.replace_stale_admin || replaced) {
      throw TransportError(attached.refusal +
                           "; set SystemOptions::replace_stale_admin to replace it, or run "
                           "`thespis shutdown --port " +
                           std::to_string(port_) + "`");
    }
    admin_->call(NetShutdown{});  // the stale admin goes, and its actors with it
    admin_.reset();
    wait_until_port_free();
    replaced = true;
  }
}

void NetBase::wait_until_port_free() {
  for (int i = 0; i < 500; ++i) {
    try {
      RpcClient probe(port_);
    } catch (const TransportError&) {
      return;
    }
    std::this_thread::sleep_for(10ms);  // the old admin is exiting
  }
  throw TransportError("the admin on port " + std::to_string(port_) + " does not go away");
}

EndpointId NetBase::open_endpoint() {
  const auto opened = admin_->call(NetOpenEndpoint{router_->port()}).get<NetEndpointOpened>();
  endpoints_.push_back({opened.address, {}, 0});
  return static_cast<EndpointId>(endpoints_.size() - 1);
}

ActorAddress NetBase::endpoint_address(EndpointId endpoint) const {
  return endpoints_.at(endpoint).address;
}

void NetBase::check_running() const {
  if (shut_down_) throw SystemShutDown();
}

ActorAddress NetBase::create_actor(EndpointId endpoint, std::string_view type_name,
                                   const CreateOptions& options) {
  check_running();
  const NetCreated created =
      request_creation(*admin_, type_name, options, endpoint_address(endpoint));
  return created.address;
}

void NetBase::arrive(Envelope envelope) {
  auto it = std::find_if(endpoints_.begin(), endpoints_.end(),
                         [&](const Endpoint& e) { return e.address == envelope.recipient; });
  if (it == endpoints_.end()) return;
  const Message& m = envelope.message;
  // Code outside actors sees replies and poison, never the system's own bookkeeping.
  if (!m.empty() && m.type()->is_system && !m.is<PoisonMessage>()) return;
  it->inbox.push_back({std::move(envelope.message), ++it->arrivals});
}

void NetBase::flush() {
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (!router_->idle() && std::chrono::steady_clock::now() < until) io_.run_one_for(10ms);
}

void NetBase::tell(EndpointId endpoint, const ActorAddress& to, Message message) {
  check_running();
  router_->send({endpoint_address(endpoint), to, std::move(message)});
  flush();
}

bool NetBase::wait(const std::function<bool()>& done, std::chrono::nanoseconds timeout) {
  const auto now = std::chrono::steady_clock::now();
  const auto until = timeout >= std::chrono::hours(24 * 365)
                         ? std::chrono::steady_clock::time_point::max()
                         : now + timeout;
  while (!done()) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds(0)) return done();
    io_.run_one_for(std::min<std::chrono::steady_clock::duration>(left, 100ms));
  }
  return true;
}

std::optional<Message> NetBase::ask(EndpointId endpoint, const ActorAddress& to, Message message,
                                    std::chrono::nanoseconds timeout) {
  check_running();
  Endpoint& self = endpoints_.at(endpoint);
  io_.poll();  // what reached this process before the request is earlier than the request
  const std::uint64_t asked_after = self.arrivals;
  router_->send({self.address, to, std::move(message)});
  const auto answered = [&] {
    return !self.inbox.empty() && self.inbox.back().arrival > asked_after;
  };
  if (!wait(answered, timeout)) return std::nullopt;
  // The first message that arrived after the request; earlier ones stay for listen().
  auto it = std::find_if(self.inbox.begin(), self.inbox.end(),
                         [&](const Arrival& a) { return a.arrival > asked_after; });
  Message reply = std::move(it->message);
  self.inbox.erase(it);
  return reply;
}

std::optional<Message> NetBase::listen(EndpointId endpoint, std::chrono::nanoseconds timeout) {
  check_running();
  Endpoint& self = endpoints_.at(endpoint);
  if (!wait([&] { return !self.inbox.empty(); }, timeout)) return std::nullopt;
  Message message = std::move(self.inbox.front().message);
  self.inbox.pop_front();
  return message;
}

void NetBase::update_capability(const std::string& name, std::optional<CapabilityValue> value) {
  check_running();
  if (value) {
    options_.capabilities.set(name, *value);
  } else {
    options_.capabilities.erase(name);
  }
  admin_->note(NetCapability{name, std::move(value)});
}

void NetBase::shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  flush();
  try {
    admin_->call(NetShutdown{});
  } catch (const TransportError&) {
    // The admin is already gone.
  }
  router_->close();
}

}  // namespace thespis::net::detail
