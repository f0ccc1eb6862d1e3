#include <algorithm>
#include <fstream>
#include <random>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/loaded_libraries.hpp>

#include "admin.hpp"
#include "listener.hpp"
#include "net_base.hpp"
#include "protocol.hpp"
#include "rpc.hpp"

namespace thespis::net {

AdminStatus admin_status(std::uint16_t port, const ControlOptions& options) {
  detail::RpcClient admin(options.host, port, Secret::load(options.secret_file), options.timeout);
  return admin.call(detail::NetStatus{}).get<AdminStatus>();
}

ActorStatusReport actor_status(std::uint16_t port, const ActorAddress& address,
                               const ControlOptions& options) {
  // The admin says which transport its actors use; the observer's endpoint must speak it.
  const AdminStatus admin = admin_status(port, options);
  SystemOptions system;
  system.admin_port = port;
  system.admin_host = options.host;
  system.secret_file = options.secret_file;
  system.request_timeout = options.timeout;
  system.log_level = LogLevel::error;
  detail::NetBase observer(system, *detail::transport_named(admin.transport),
                           detail::Joining::observer);
  const EndpointId endpoint = 0;  // the one a base opens when it starts
  const std::optional<Message> report =
      observer.ask(endpoint, address, ActorStatusRequest{}, options.timeout);
  if (!report || !report->is<ActorStatusReport>()) {
    throw Error("no status report from " + address.to_string() + " within " +
                std::to_string(options.timeout.count()) + "ms (no such actor, or it is busy)");
  }
  return report->get<ActorStatusReport>();
}

void admin_logs(std::uint16_t port, const LogsRequest& request,
                const std::function<void(const LogRecord&)>& each, const ControlOptions& options) {
  detail::RpcClient admin(options.host, port, Secret::load(options.secret_file), options.timeout);
  const auto take = [&](const Message& message) {
    const auto* batch = message.get_if<detail::NetLogBatch>();
    if (batch == nullptr) {
      throw TransportError("the admin at " + options.host + ":" + std::to_string(port) +
                           " answered a log request with " + std::string(message.type_name()));
    }
    if (batch->missed != 0) request.on_missed(batch->missed);
    for (const LogRecord& record : batch->records) each(record);
    if (!batch->refusal.empty()) throw Error(batch->refusal);
  };
  take(admin.call(
      detail::NetLogs{.minimum = request.minimum, .follow = request.follow, .tail = request.tail}));
  while (request.follow && request.keep_following()) {
    if (auto message = admin.receive(std::chrono::milliseconds(200))) take(*message);
  }
}

void shutdown_admin(std::uint16_t port, const ControlOptions& options) {
  detail::RpcClient admin(options.host, port, Secret::load(options.secret_file), options.timeout);
  // Stopping the actors takes up to their grace, and more than a status request.
  const auto done = admin.call(detail::NetShutdown{}, options.timeout + default_stop_grace)
                        .get<detail::NetShutdownDone>();
  if (!done.not_ended.empty()) {
    std::string names;
    for (const std::string& process : done.not_ended) names += " " + process;
    throw TransportError("the admin at " + options.host + ":" + std::to_string(port) +
                         " shut down, but these processes had not ended:" + names);
  }
}

int run_node(const NodeOptions& options) {
  // Before the admin and its spawner exist: the actor processes they fork have the types, and
  // the build identity covers the libraries.
  const auto transport = detail::transport_named(options.base);
  if (!transport) throw Error("unknown base '" + options.base + "' (a node runs tcp or udp)");
  const std::uint16_t port = options.port != 0 ? options.port : detail::default_port_of(*transport);
  for (const std::string& library : options.load_libraries) load_library(library);
  const detail::Hosts hosts = detail::hosts_of(options.bind_host, options.advertise_host);
  detail::AdminOptions admin{
      .port = port,
      .capabilities = options.capabilities,
      .build = detail::build_identity(),
      .log_path = detail::admin_log_path(hosts.bind, port),
      .log_max_bytes = options.log_max_bytes,
      .log_files = options.log_files,
      .bind_host = hosts.bind,
      .advertise_host = hosts.advertise,
      .leaders =
          detail::convention_leaders_of(options.convention_leader, options.convention_leaders),
      .heartbeat = options.heartbeat_interval,
      .missed_heartbeats = options.missed_heartbeats,
      .max_frame = options.max_frame_bytes,
      .max_connections = options.max_connections,
      .max_queued_bytes = options.max_queued_bytes,
      .secret = std::make_shared<const Secret>(Secret::load(options.secret_file)),
      .serves_any_build = true,
      .transport = *transport,
      .receive_buffer_bytes = options.receive_buffer_bytes};
  detail::admin_main(admin, -1);
}

namespace {

/// The first port the kernel hands out for a bind to port 0 or an outgoing connection.
std::uint16_t first_ephemeral_port() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 32768;
  range >> low;
  return static_cast<std::uint16_t>(std::clamp(low, 1025u, 65535u));
}

bool can_listen(detail::asio::io_context& io, const std::string& host, std::uint16_t port) {
  try {
    detail::listen_on(io, host, port);
    return true;
  } catch (const TransportError&) {
    return false;
  }
}

}  // namespace

std::uint16_t free_local_port(const std::string& host) {
  // Below the ephemeral range: a port the kernel picked for port 0 may be handed to another
  // process's next bind or connection before whoever asked for it listens there (a race that
  // made tests running side by side fail now and then). Ports below the range are never handed
  // out by the kernel, only taken by whoever names them.
  detail::asio::io_context io;
  const unsigned high = first_ephemeral_port();
  constexpr unsigned low = 10000;
  if (high > low + 1000) {
    std::random_device seed;
    std::mt19937 pick(seed());
    std::uniform_int_distribution<unsigned> in_range(low, high - 1);
    for (int attempt = 0; attempt < 64; ++attempt) {
      const auto port = static_cast<std::uint16_t>(in_range(pick));
      if (can_listen(io, host, port)) return port;
    }
  }
  return detail::listen_on(io, host, 0).local_endpoint().port();
}

}  // namespace thespis::net
