// The process-wide registry of message types, and the built-in types it always holds.
#include <chrono>
#include <map>
#include <memory>

#include <thespis/actor_status.hpp>
#include <thespis/assert.hpp>
#include <thespis/detail/hash.hpp>
#include <thespis/detail/registration_conflicts.hpp>
#include <thespis/message_type.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {
namespace {

struct Registry {
  std::vector<std::unique_ptr<MessageType>> by_id;
  std::map<std::string, const MessageType*, std::less<>> by_name;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

template <class... T>
void register_all() {
  (message_type<T>(), ...);
}

template <class T>
void register_containers_of() {
  register_all<std::vector<T>, std::map<std::string, T>>();
}

// Built-in types are registered up front so that a process can decode them even if it never
// named them itself (a forked actor process receiving a vector<int64> for the first time).
void register_builtins() {
  using namespace std::chrono;
  register_all<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t,
               std::uint16_t, std::uint32_t, std::uint64_t, float, double, std::string,
               ActorAddress, Capabilities, nanoseconds, microseconds, milliseconds, seconds,
               minutes, hours>();
  register_containers_of<bool>();
  register_containers_of<std::int32_t>();
  register_containers_of<std::int64_t>();
  register_containers_of<std::uint64_t>();
  register_containers_of<double>();
  register_containers_of<std::string>();
  register_containers_of<ActorAddress>();
  register_all<ActorExitRequest, ChildActorExited, PoisonMessage, WakeupMessage, DeadEnvelope,
               ActorSystemConventionUpdate, InspectActor, ActorInspection, ActorStatusRequest,
               ActorStatusReport>();
}

void ensure_builtins() {
  static const bool done = (register_builtins(), true);
  (void)done;
}

}  // namespace

namespace detail {

const MessageType& register_message_type(MessageType type) {
  Registry& r = registry();
  if (r.by_name.find(type.name) != r.by_name.end() &&
      record_registration_conflict("message type", type.name)) {
    // A library being loaded: it is refused once loaded; until then its registrar needs a type.
    static std::vector<std::unique_ptr<MessageType>> refused;
    return *refused.emplace_back(std::make_unique<MessageType>(std::move(type)));
  }
  THESPIS_ASSERT(r.by_name.find(type.name) == r.by_name.end(),
                 "two different C++ types are registered as the same message type name; give "
                 "one of them another name");
  type.id = static_cast<std::uint32_t>(r.by_id.size());
  type.name_hash = fnv1a(type.name);
  auto& stored = r.by_id.emplace_back(std::make_unique<MessageType>(std::move(type)));
  r.by_name.emplace(stored->name, stored.get());
  return *stored;
}

}  // namespace detail

const MessageType* find_message_type(std::string_view name) {
  ensure_builtins();
  const Registry& r = registry();
  auto it = r.by_name.find(name);
  return it == r.by_name.end() ? nullptr : it->second;
}

const MessageType& message_type_named(std::string_view name) {
  const MessageType* type = find_message_type(name);
  if (type == nullptr) throw UnknownTypeError("message", std::string(name));
  return *type;
}

std::vector<const MessageType*> registered_message_types() {
  ensure_builtins();
  std::vector<const MessageType*> out;
  for (const auto& type : registry().by_id) out.push_back(type.get());
  return out;
}

}  // namespace thespis
