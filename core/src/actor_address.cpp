#include <thespis/actor_address.hpp>

#include <ostream>

namespace thespis {

std::string ActorAddress::to_string() const {
  if (is_null()) return "@null";
  return "@" + std::to_string(system_) + "." + std::to_string(local_);
}

std::ostream& operator<<(std::ostream& out, const ActorAddress& address) {
  return out << address.to_string();
}

}  // namespace thespis
