// Mirrors of actors living elsewhere (mirror.hpp): adopted in order, seen by checks after the
// simulation's own actors.
#include <thespis/error.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

Actor& Kernel::adopt_mirror(const ActorAddress& address, std::string_view type_name, Nanos clock) {
  const ActorType& type = actor_type_named(type_name);
  if (find(address) != nullptr || mirror_at(address) != nullptr) {
    throw Error("adopt_mirror: " + address.to_string() + " already names an actor");
  }
  Mirror mirror{.address = address,
                .type = &type,
                .context = std::make_unique<InertContext>(address, clock),
                .actor = nullptr};
  {
    thespis::detail::ConstructionScope scope(*mirror.context);
    mirror.actor = type.make();
  }
  return *mirrors_.emplace_back(std::move(mirror)).actor;
}

Mirror* Kernel::mirror_at(const ActorAddress& address) {
  for (Mirror& mirror : mirrors_) {
    if (mirror.address == address) return &mirror;
  }
  return nullptr;
}

}  // namespace thespis::sim::detail
