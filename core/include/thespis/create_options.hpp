// Options of one create_actor call (Thespian's createActor keyword arguments).
#pragma once

#include <optional>
#include <string>

#include <thespis/capabilities.hpp>

namespace thespis {

struct CreateOptions {
  /// A global name: if a live actor already holds it, its address is returned instead.
  std::optional<std::string> global_name;
  /// Extra requirements for this one actor (Thespian's targetActorRequirements), checked with
  /// the type's own requirements by its capability check.
  Requirements requirements;
};

}  // namespace thespis
