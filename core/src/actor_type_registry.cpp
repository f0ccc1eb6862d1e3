// The process-wide registry of actor types.
#include <map>
#include <memory>
#include <vector>

#include <thespis/actor_type.hpp>
#include <thespis/assert.hpp>
#include <thespis/detail/registration_conflicts.hpp>
#include <thespis/error.hpp>

namespace thespis {
namespace {

using Registry = std::map<std::string, std::unique_ptr<ActorType>, std::less<>>;

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

namespace detail {

const ActorType& register_actor_type(ActorType type) {
  Registry& r = registry();
  if (r.find(type.name) != r.end() && record_registration_conflict("actor type", type.name)) {
    // A library being loaded: it is refused once loaded; until then its registrar needs a type.
    static std::vector<std::unique_ptr<ActorType>> refused;
    return *refused.emplace_back(std::make_unique<ActorType>(std::move(type)));
  }
  THESPIS_ASSERT(r.find(type.name) == r.end(),
                 "two different C++ classes are registered as the same actor type name");
  auto name = type.name;
  auto& stored =
      r.emplace(std::move(name), std::make_unique<ActorType>(std::move(type))).first->second;
  return *stored;
}

bool default_accepts(const ActorType&, const Capabilities& offered, const Requirements& extra) {
  return satisfies(offered, extra);
}

}  // namespace detail

bool accepts(const ActorType& type, const Capabilities& offered, const Requirements& extra) {
  return satisfies(offered, type.requirements) && type.accepts(type, offered, extra);
}

const ActorType* find_actor_type(std::string_view name) {
  const Registry& r = registry();
  auto it = r.find(name);
  return it == r.end() ? nullptr : it->second.get();
}

const ActorType& actor_type_named(std::string_view name) {
  const ActorType* type = find_actor_type(name);
  if (type == nullptr) throw UnknownTypeError("actor", std::string(name));
  return *type;
}

std::vector<const ActorType*> registered_actor_types() {
  std::vector<const ActorType*> out;
  for (const auto& [name, type] : registry()) out.push_back(type.get());
  return out;
}

}  // namespace thespis
