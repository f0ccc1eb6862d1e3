// Registers the "tcp" base (alias "multiprocTCPBase"). CMake adds this object to every program
// that links thespis::netbase, so ActorSystem("tcp") works without naming netbase in code.
#include "net_base.hpp"

namespace thespis::net::detail {
namespace {

std::unique_ptr<SystemBase> make_tcp_base(const SystemOptions& options) {
  return std::make_unique<NetBase>(options);
}

const bool registered = [] {
  register_base("tcp", &make_tcp_base, {"multiprocTCPBase"});
  return true;
}();

}  // namespace
}  // namespace thespis::net::detail
