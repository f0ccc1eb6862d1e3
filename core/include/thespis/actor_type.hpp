// ActorType: the run-time description of a registered actor class (its stable name, factory,
// requirements and capability check), and the registry from name to type. Together with the
// message-type registry it is the only process-wide state in core; it is filled during static
// initialisation and read-only afterwards.
//
// THESPIS_ACTOR(Type[, requires_capability("Db"), ...]) goes in the namespace of Type.
// A type may instead (or also) declare
//   static bool accepts(const thespis::Capabilities&, const thespis::Requirements& extra);
// (Thespian's actorSystemCapabilityCheck). The requirements given to THESPIS_ACTOR are always
// checked; accepts() replaces the default check of the per-call extra requirements
// (CreateOptions::requirements) and may refuse a system for any other reason.
#pragma once

#include <concepts>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/capabilities.hpp>

namespace thespis {

class Actor;

struct ActorType {
  std::string name;
  std::unique_ptr<Actor> (*make)() = nullptr;
  Requirements requirements;
  /// The type's check: the default one, or the type's static accepts().
  bool (*accepts)(const ActorType& type, const Capabilities& offered,
                  const Requirements& extra) = nullptr;
};

/// True if a system offering `offered` may host `type` with the extra requirements.
bool accepts(const ActorType& type, const Capabilities& offered, const Requirements& extra = {});

/// The type registered under `name`, or nullptr.
const ActorType* find_actor_type(std::string_view name);
/// Like find_actor_type, but throws UnknownTypeError naming the type.
const ActorType& actor_type_named(std::string_view name);
std::vector<const ActorType*> registered_actor_types();

namespace detail {

const ActorType& register_actor_type(ActorType type);
bool default_accepts(const ActorType& type, const Capabilities& offered, const Requirements& extra);

template <class T, class... R>
ActorType describe_actor_type(std::string_view name, R... requirements) {
  ActorType type;
  type.name = std::string(name);
  type.make = []() -> std::unique_ptr<Actor> { return std::make_unique<T>(); };
  type.requirements = Requirements{std::move(requirements)...};
  if constexpr (requires(const Capabilities& c, const Requirements& r) {
                  { T::accepts(c, r) } -> std::convertible_to<bool>;
                }) {
    type.accepts = [](const ActorType&, const Capabilities& c, const Requirements& r) {
      return static_cast<bool>(T::accepts(c, r));
    };
  } else {
    type.accepts = &default_accepts;
  }
  return type;
}

}  // namespace detail

/// The registered description of actor class T (declared with THESPIS_ACTOR).
template <class T>
const ActorType& actor_type() {
  return thespis_actor_type(static_cast<const T*>(nullptr));
}

}  // namespace thespis

/// Registers actor class `Type` under the name "Type", with optional requirements.
#define THESPIS_ACTOR(Type, ...)                                                         \
  [[maybe_unused]] inline const ::thespis::ActorType& thespis_actor_type(const Type*) {  \
    static const ::thespis::ActorType& type = ::thespis::detail::register_actor_type(    \
        ::thespis::detail::describe_actor_type<Type>(#Type __VA_OPT__(, ) __VA_ARGS__)); \
    return type;                                                                         \
  }                                                                                      \
  [[maybe_unused]] inline const ::thespis::ActorType& thespis_registered_actor_##Type =  \
      thespis_actor_type(static_cast<const Type*>(nullptr));
