#include "creation.hpp"

namespace thespis::net::detail {

NetCreated request_creation(RpcClient& admin, std::string_view type_name,
                            const CreateOptions& options, const ActorAddress& parent) {
  NetCreated created = admin
                           .call(NetCreate{.type_name = std::string(type_name),
                                           .global_name = options.global_name.value_or(""),
                                           .parent = parent,
                                           .requirements = net_requirements(options.requirements)})
                           .get<NetCreated>();
  if (created.error_kind == CreateError::no_compatible_system) {
    throw NoCompatibleSystemForActor(std::string(type_name), created.error);
  }
  if (created.error_kind == CreateError::unknown_type) {
    throw UnknownTypeError("actor", std::string(type_name), created.error);
  }
  if (!created.error.empty()) throw ActorCreationError(std::string(type_name), created.error);
  return created;
}

std::vector<NetRequirement> net_requirements(const Requirements& requirements) {
  std::vector<NetRequirement> net;
  for (const Requirement& r : requirements) {
    net.push_back({.capability = r.capability, .value = r.value});
  }
  return net;
}

Requirements requirements_of(const NetCreate& request) {
  Requirements requirements;
  for (const NetRequirement& r : request.requirements) {
    requirements.push_back({.capability = r.capability, .value = r.value});
  }
  return requirements;
}

}  // namespace thespis::net::detail
