// node, status, shutdown: running and inspecting admins of the tcp and udp bases. Whatever the
// base, an admin answers its requests over TCP on its port; the base only changes the default
// port and what its actors' messages travel in.
#include <charconv>
#include <iostream>
#include <map>
#include <optional>
#include <string_view>

#include <thespis/error.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/net/loaded_libraries.hpp>
#include <thespis/net/system_status.hpp>

#include "commands.hpp"

namespace thespis::cli {

std::uint16_t default_port(const std::string& base) {
  return base == "udp" ? net::default_udp_admin_port : net::default_admin_port;
}

int node_command(const NodeArgs& args) {
  if (args.base != "tcp" && args.base != "udp") {
    std::cerr << "thespis node: --base must be tcp or udp, got '" << args.base << "'\n";
    return 2;
  }
  if (args.base != "udp" && args.receive_buffer_bytes != 0) {
    std::cerr << "thespis node: --receive-buffer applies to --base udp only\n";
    return 2;
  }
  const std::uint16_t port = args.port != 0 ? args.port : default_port(args.base);
  net::NodeOptions options;
  options.base = args.base;
  options.port = port;
  options.receive_buffer_bytes = args.receive_buffer_bytes;
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
  std::cout << "thespis node: " << args.base << " admin on " << bind << ":" << port
            << (args.advertise.empty() || args.advertise == bind
                    ? ""
                    : ", advertised as " + args.advertise)
            << (leaders.empty() ? "" : ", convention " + leaders) << std::endl;
  return net::run_node(options);
}

net::ControlOptions control_options(const ControlArgs& args) {
  return {std::chrono::milliseconds(static_cast<std::int64_t>(args.timeout_s * 1000)),
          args.secret_file, args.host};
}

std::uint16_t control_port(const ControlArgs& args) {
  return args.port != 0 ? args.port : default_port(args.base);
}

namespace {

/// The address ActorAddress::to_string() printed ("@system.local"), or nothing.
std::optional<ActorAddress> parse_address(std::string_view text) {
  const auto dot = text.find('.');
  if (text.size() < 4 || text[0] != '@' || dot == std::string_view::npos) return std::nullopt;
  std::uint64_t system = 0;
  std::uint64_t local = 0;
  const auto number = [](std::string_view digits, std::uint64_t& value) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() && end == digits.data() + digits.size() && !digits.empty();
  };
  if (!number(text.substr(1, dot - 1), system) || !number(text.substr(dot + 1), local)) {
    return std::nullopt;
  }
  return ActorAddress(system, local);
}

int actor_status_command(const ControlArgs& args) {
  const std::optional<ActorAddress> address = parse_address(args.actor);
  if (!address) {
    std::cerr << "thespis status: --actor expects an address like @3.4 (as `thespis status` "
                 "lists them), got '"
              << args.actor << "'\n";
    return 2;
  }
  const ActorStatusReport report =
      net::actor_status(control_port(args), *address, control_options(args));
  std::cout << "actor " << report.address << " " << report.type_name;
  if (!report.global_name.empty()) std::cout << " name " << report.global_name;
  std::cout << "\n  children: " << report.children.size();
  for (const ActorAddress& child : report.children) std::cout << ' ' << child;
  std::cout << "\n  pending wakeups: " << report.pending_wakeups
            << "\n  mailbox: " << report.mailbox_length
            << "\n  messages handled: " << report.messages_handled
            << "\n  retries: " << report.retries << "\n  poison sent: " << report.poison_sent
            << '\n';
  return 0;
}

}  // namespace

int status_command(const ControlArgs& args) {
  if (!args.actor.empty()) return actor_status_command(args);
  const net::AdminStatus status = net::admin_status(control_port(args), control_options(args));
  std::cout << "admin " << status.host << ":" << status.port << " pid " << status.pid << " build "
            << status.build << ", transport " << status.transport << ", " << status.actors.size()
            << " actors, " << status.connections << " connections, " << status.bad_frames
            << " bad frames, " << status.auth_failures << " failed authentications, "
            << status.refused_connections << " connections refused";
  // Only datagrams can lose a message without breaking a connection: on tcp it is always 0.
  if (status.transport == "udp") std::cout << ", lost " << status.lost_messages;
  std::cout << '\n';
  // The system's report (system_status.hpp), with where each actor's process runs.
  const SystemStatusReport report = net::system_status(status);
  std::map<ActorAddress, const net::ActorStatus*> processes;
  for (const net::ActorStatus& actor : status.actors) processes[actor.address] = &actor;
  for (const ActorSummary& actor : report.actors) {
    const net::ActorStatus& process = *processes.at(actor.address);
    std::cout << "  " << actor.address << " " << actor.type_name << " pid " << process.pid << " at "
              << process.host << ":" << process.port << " parent " << actor.parent;
    if (!actor.global_name.empty()) std::cout << " name " << actor.global_name;
    std::cout << '\n';
  }
  for (const std::string& library : status.libraries) std::cout << "  loaded " << library << '\n';
  std::cout << "  actor types:";
  for (const std::string& type : status.actor_types) std::cout << ' ' << type;
  std::cout << '\n';
  std::cout << "  convention members: " << report.members.size() << '\n';
  for (const std::string& member : report.members) std::cout << "    " << member << '\n';
  return 0;
}

int shutdown_command(const ControlArgs& args) {
  const std::uint16_t port = control_port(args);
  net::shutdown_admin(port, control_options(args));
  std::cout << "admin " << args.host << ":" << port << " shut down\n";
  return 0;
}

}  // namespace thespis::cli
