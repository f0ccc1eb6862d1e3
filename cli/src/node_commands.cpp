// node, status, shutdown: running and inspecting admins of the tcp base.
#include <iostream>

#include <thespis/error.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/net/loaded_libraries.hpp>

#include "commands.hpp"

namespace thespis::cli {

int node_command(const NodeArgs& args) {
  if (args.base != "tcp") {
    std::cerr << "thespis node: only --base tcp runs as a node\n";
    return 2;
  }
  net::NodeOptions options;
  options.port = args.port;
  options.bind_host = args.bind;
  options.advertise_host = args.advertise;
  options.convention_leaders = args.conventions;
  options.heartbeat_interval = std::chrono::milliseconds(args.heartbeat_ms);
  options.missed_heartbeats = args.missed;
  options.secret_file = args.secret_file;
  options.max_frame_bytes = args.max_frame_bytes;
  options.max_connections = args.max_connections;
  options.max_queued_bytes = args.max_queued_bytes;
  options.log_max_bytes = args.log_max_bytes;
  options.log_files = args.log_files;
  options.load_libraries = args.load;
  for (const std::string& capability : args.capabilities) {
    const auto equals = capability.find('=');
    if (equals == std::string::npos || equals == 0) {
      std::cerr << "thespis node: --capability expects NAME=VALUE, got '" << capability << "'\n";
      return 2;
    }
    const std::string name = capability.substr(0, equals);
    const std::string value = capability.substr(equals + 1);
    if (value == "true" || value == "false") {
      options.capabilities.set(name, value == "true");
    } else {
      try {
        std::size_t used = 0;
        const long long number = std::stoll(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
        options.capabilities.set(name, static_cast<std::int64_t>(number));
      } catch (const std::exception&) {
        options.capabilities.set(name, value);
      }
    }
  }
  // Loaded before saying anything: a library that does not load starts nothing (exit 2).
  for (const std::string& library : args.load) net::load_library(library);
  std::string leaders;
  for (const std::string& leader : args.conventions)
    leaders += (leaders.empty() ? "" : ", ") + leader;
  const std::string bind = args.bind.empty() ? "127.0.0.1" : args.bind;
  std::cout << "thespis node: admin on " << bind << ":" << args.port
            << (args.advertise.empty() || args.advertise == bind
                    ? ""
                    : ", advertised as " + args.advertise)
            << (leaders.empty() ? "" : ", convention " + leaders) << std::endl;
  return net::run_node(options);
}

namespace {

net::ControlOptions control_options(const ControlArgs& args) {
  return {std::chrono::milliseconds(static_cast<std::int64_t>(args.timeout_s * 1000)),
          args.secret_file, args.host};
}

}  // namespace

int status_command(const ControlArgs& args) {
  const net::AdminStatus status = net::admin_status(args.port, control_options(args));
  std::cout << "admin " << status.host << ":" << status.port << " pid " << status.pid << " build "
            << status.build << ", " << status.actors.size() << " actors, " << status.connections
            << " connections, " << status.bad_frames << " bad frames, " << status.auth_failures
            << " failed authentications, " << status.refused_connections
            << " connections refused\n";
  for (const net::ActorStatus& actor : status.actors) {
    std::cout << "  " << actor.address << " " << actor.type << " pid " << actor.pid << " at "
              << actor.host << ":" << actor.port << " parent " << actor.parent;
    if (!actor.global_name.empty()) std::cout << " name " << actor.global_name;
    std::cout << '\n';
  }
  for (const std::string& library : status.libraries) std::cout << "  loaded " << library << '\n';
  std::cout << "  actor types:";
  for (const std::string& type : status.actor_types) std::cout << ' ' << type;
  std::cout << '\n';
  std::cout << "  convention members: " << status.members.size() << '\n';
  for (const std::string& member : status.members) std::cout << "    " << member << '\n';
  return 0;
}

int shutdown_command(const ControlArgs& args) {
  net::shutdown_admin(args.port, control_options(args));
  std::cout << "admin " << args.host << ":" << args.port << " shut down\n";
  return 0;
}

}  // namespace thespis::cli
