#include <thespis/actor_system.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

ActorSystem::ActorSystem() : ActorSystem("sim") {}

ActorSystem::ActorSystem(std::string_view base_name, const SystemOptions& options)
    : base_(make_base(base_name, options)) {}

ActorSystem::ActorSystem(std::unique_ptr<SystemBase> base) : base_(std::move(base)) {}

ActorSystem::~ActorSystem() = default;
ActorSystem::ActorSystem(ActorSystem&&) noexcept = default;
ActorSystem& ActorSystem::operator=(ActorSystem&&) noexcept = default;

ActorAddress ActorSystem::create_actor(std::string_view type_name, const CreateOptions& options) {
  return base_->create_actor(0, type_name, options);
}

void ActorSystem::update_capability(const std::string& name, std::optional<CapabilityValue> value) {
  base_->update_capability(name, std::move(value));
}

Endpoint ActorSystem::private_endpoint() { return Endpoint(*base_, base_->open_endpoint()); }

void ActorSystem::shutdown() { base_->shutdown(); }

}  // namespace thespis
