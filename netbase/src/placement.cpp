#include "placement.hpp"

#include <algorithm>

namespace thespis::net::detail {
namespace {

constexpr const char* load_hint = "load its library with thespis node --load";

std::string name_of(const NetMember& member) {
  return member.host + ":" + std::to_string(member.port);
}

bool has_type(const NetMember& member, const std::string& type_name) {
  return std::binary_search(member.actor_types.begin(), member.actor_types.end(), type_name);
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

NetCreated refusal(CreateError kind, std::string why) {
  return {.address = {}, .error = std::move(why), .error_kind = kind, .existing = false};
}

}  // namespace

std::vector<std::string> runnable_actor_types() {
  std::vector<std::string> names;
  for (const ActorType* type : registered_actor_types()) names.push_back(type->name);
  std::sort(names.begin(), names.end());
  return names;
}

PlacementChoice choose_member(const std::vector<NetMember>& members, const std::string& type_name,
                              const ActorType* type, const Requirements& extra,
                              const std::string& here) {
  std::vector<std::string> lacking;  // would fit, but have not the code
  bool anyone_has_it = type != nullptr;
  for (const NetMember& member : members) {
    const bool fits = type != nullptr ? accepts(*type, member.capabilities, extra)
                                      : satisfies(member.capabilities, extra);
    const bool has = has_type(member, type_name);
    if (fits && has) return {.system = member.system, .refusal = {}};
    anyone_has_it = anyone_has_it || has;
    if (fits) lacking.push_back(name_of(member));
  }
  if (!lacking.empty()) {
    return {.system = 0,
            .refusal = refusal(CreateError::unknown_type,
                               "no member of the convention can run '" + type_name + "': " +
                                   join(lacking) + (lacking.size() == 1 ? " has" : " have") +
                                   " the capabilities but not the type (" + load_hint + ")")};
  }
  if (!anyone_has_it) {
    return {
        .system = 0,
        .refusal = refusal(CreateError::unknown_type,
                           "no admin can run '" + type_name + "': neither the admin on " + here +
                               " nor any member of its convention has the type (" + load_hint +
                               ", or link it into the program that starts "
                               "the admin)")};
  }
  Requirements all = type != nullptr ? type->requirements : Requirements{};
  all.insert(all.end(), extra.begin(), extra.end());
  std::string why = to_string(all);
  if (type == nullptr) why += " (among the members that have the type)";
  return {.system = 0, .refusal = refusal(CreateError::no_compatible_system, why)};
}

NetCreated lacks_type(const std::string& type_name, const std::string& here) {
  return refusal(CreateError::unknown_type, "the admin on " + here + " has no actor type '" +
                                                type_name + "' (" + load_hint + ")");
}

}  // namespace thespis::net::detail
