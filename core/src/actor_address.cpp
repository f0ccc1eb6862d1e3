#include <ostream>

#include <thespis/actor_address.hpp>

namespace thespis {

std::string ActorAddress::to_string() const {
  if (is_null()) return "@null";
  std::string out(
      1, '@');  // appends, not operator+: GCC 12 -O3 warns falsely (-Wrestrict) on the latter
  out += std::to_string(system_);
  out += '.';
  out += std::to_string(local_);
  return out;
}

std::ostream& operator<<(std::ostream& out, const ActorAddress& address) {
  return out << address.to_string();
}

}  // namespace thespis
