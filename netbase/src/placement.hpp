// Placement across a convention: which member admin creates an actor that this admin does not
// run itself, or why none can. A member is a candidate only if it announced the actor type (it
// has the code: NetMember::actor_types) and satisfies the requirements; when this admin lacks the
// type itself, only the per-call requirements can be judged here (the chosen member checks the
// type's own). A refusal names what is missing where, so that the fix is clear: a member with
// the capabilities but not the type is named (load its library), and a type nobody has is not
// blamed on the program that asked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <thespis/actor_type.hpp>

#include "protocol.hpp"

namespace thespis::net::detail {

/// The actor types this process can run (registered, linked in or loaded), sorted.
std::vector<std::string> runnable_actor_types();

struct PlacementChoice {
  std::uint64_t system = 0;  ///< the member to ask; 0: none, see refusal
  NetCreated refusal;
};

/// Chooses the first member (in `members` order) that has the type and satisfies the
/// requirements. `type` is this admin's description of it (nullptr: it does not have it);
/// `here` names this admin ("127.0.0.1:1900") in refusals.
PlacementChoice choose_member(const std::vector<NetMember>& members, const std::string& type_name,
                              const ActorType* type, const Requirements& extra,
                              const std::string& here);

/// The refusal of an admin asked to create a type it does not have (NetRemoteCreate).
NetCreated lacks_type(const std::string& type_name, const std::string& here);

}  // namespace thespis::net::detail
