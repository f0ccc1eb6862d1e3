#include <thespis/net/admin_control.hpp>

#include "admin.hpp"
#include "net_base.hpp"
#include "protocol.hpp"
#include "rpc.hpp"

namespace thespis::net {

AdminStatus admin_status(std::uint16_t port) {
  detail::RpcClient admin(port, std::chrono::seconds(10));
  const auto report = admin.call(detail::NetStatus{}).get<detail::NetStatusReport>();
  AdminStatus status{report.admin_pid, report.admin_port, report.build,      {},
                     report.members,   report.bad_frames, report.spawner_pid};
  for (const auto& a : report.actors) {
    status.actors.push_back({a.address, a.type, a.pid, a.port, a.parent, a.global_name});
  }
  return status;
}

void shutdown_admin(std::uint16_t port) {
  detail::RpcClient admin(port, std::chrono::seconds(30));
  admin.call(detail::NetShutdown{});
}

int run_node(const NodeOptions& options) {
  detail::AdminOptions admin{options.port, options.capabilities, detail::build_identity(),
                             detail::admin_log_path(options.port)};
  admin.leader_port = detail::leader_port(options.convention_leader);
  admin.heartbeat = options.heartbeat_interval;
  admin.missed_heartbeats = options.missed_heartbeats;
  detail::admin_main(admin, -1);
}

std::uint16_t free_local_port() {
  detail::asio::io_context io;
  return detail::listen_local(io, 0).local_endpoint().port();
}

}  // namespace thespis::net
