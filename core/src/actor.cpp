#include <thespis/actor.hpp>
#include <thespis/assert.hpp>
#include <thespis/error.hpp>

namespace thespis {
namespace detail {
namespace {
thread_local ActorContext* current_construction = nullptr;
}  // namespace

ActorContext* construction_context() { return current_construction; }

ConstructionScope::ConstructionScope(ActorContext& context) : previous_(current_construction) {
  current_construction = &context;
}

ConstructionScope::~ConstructionScope() { current_construction = previous_; }

}  // namespace detail

namespace {

ActorContext& bound_context() {
  ActorContext* context = detail::construction_context();
  THESPIS_ASSERT(context != nullptr,
                 "an Actor was constructed outside a base; create actors with create_actor()");
  return *context;
}

}  // namespace

Actor::Actor() : context_(bound_context()) {}

Actor::~Actor() = default;

void Actor::receive(const Message& message, const ActorAddress& sender) {
  if (!dispatch(message, sender)) unhandled(message, sender);
}

bool Actor::dispatch(const Message& message, const ActorAddress& sender) {
  if (message.empty()) return false;
  const std::uint32_t id = message.type()->id;
  for (auto& [type_id, handler] : handlers_) {
    if (type_id != id) continue;
    handler(message, sender);
    return true;
  }
  return false;
}

void Actor::unhandled(const Message&, const ActorAddress&) {}

bool Actor::inspect_state(Encoder&) const { return false; }

void Actor::restore_state(const Decoder&) {
  throw Error("this actor type declares no THESPIS_INSPECT: it has no state to restore");
}

std::uint64_t Actor::random_below(std::uint64_t bound) {
  THESPIS_ASSERT(bound > 0, "random_below(0)");
  __extension__ using Wide = unsigned __int128;  // Lemire's multiply-shift, no modulo bias
  return static_cast<std::uint64_t>((static_cast<Wide>(random()) * bound) >> 64);
}

void Actor::set_handler(std::uint32_t type_id, Handler handler) {
  for (auto& [id, existing] : handlers_) {
    if (id == type_id) {
      existing = std::move(handler);
      return;
    }
  }
  handlers_.emplace_back(type_id, std::move(handler));
}

}  // namespace thespis
