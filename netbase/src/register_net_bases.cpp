// Registers the "tcp" base (alias "multiprocTCPBase") and the "udp" base (alias
// "multiprocUDPBase"). CMake adds this object to every program that links thespis::netbase, so
// ActorSystem("tcp") and ActorSystem("udp") work without naming netbase in code; and the launcher
// of RunCommand's processes and the watcher of watched descriptors in actor processes.
#include "descriptor_watch.hpp"
#include "net_base.hpp"
#include "process_launcher.hpp"

namespace thespis::net::detail {
namespace {

std::unique_ptr<SystemBase> make_tcp_base(const SystemOptions& options) {
  return std::make_unique<NetBase>(options, Transport::streams);
}

std::unique_ptr<SystemBase> make_udp_base(const SystemOptions& options) {
  return std::make_unique<NetBase>(options, Transport::datagrams);
}

const bool registered = [] {
  register_base("tcp", &make_tcp_base, {"multiprocTCPBase"});
  register_base("udp", &make_udp_base, {"multiprocUDPBase"});
  thespis::detail::register_command_launcher(&process_launcher_for);
  thespis::detail::register_descriptor_watcher(&loop_watcher_for);
  return true;
}();

}  // namespace
}  // namespace thespis::net::detail
