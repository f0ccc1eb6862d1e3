#include "creation.hpp"

namespace thespis::net::detail {

NetCreated request_creation(RpcClient& admin, std::string_view type_name,
                            const CreateOptions& options, const ActorAddress& parent) {
  NetCreate request;
  request.type_name = std::string(type_name);
  request.global_name = options.global_name.value_or("");
  request.parent = parent;
  for (const Requirement& r : options.requirements) {
    request.need_names.push_back(r.capability);
    request.need_values.push_back(r.value);
  }
  NetCreated created = admin.call(std::move(request)).get<NetCreated>();
  if (created.error_kind == "no_compatible_system") {
    throw NoCompatibleSystemForActor(std::string(type_name), created.error);
  }
  if (created.error_kind == "unknown_type") throw UnknownTypeError("actor", std::string(type_name));
  if (!created.error.empty()) throw ActorCreationError(std::string(type_name), created.error);
  return created;
}

Requirements requirements_of(const NetCreate& request) {
  Requirements extra;
  for (std::size_t i = 0; i < request.need_names.size(); ++i) {
    extra.push_back({request.need_names[i],
                     i < request.need_values.size() ? request.need_values[i] : std::nullopt});
  }
  return extra;
}

}  // namespace thespis::net::detail
