// Asking an admin to create an actor, as actor processes and programs both do: the request
// built from CreateOptions, and its answer turned back into the errors ActorSystem promises.
#pragma once

#include <string_view>

#include <thespis/create_options.hpp>

#include "protocol.hpp"
#include "rpc.hpp"

namespace thespis::net::detail {

/// Creates the actor through `admin`; throws NoCompatibleSystemForActor, UnknownTypeError or
/// ActorCreationError as the admin answers.
NetCreated request_creation(RpcClient& admin, std::string_view type_name,
                            const CreateOptions& options, const ActorAddress& parent);

/// The per-call requirements as a NetCreate carries them, and back.
std::vector<NetRequirement> net_requirements(const Requirements& requirements);
Requirements requirements_of(const NetCreate& request);

}  // namespace thespis::net::detail
