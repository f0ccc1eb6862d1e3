// ActorContext: what a base provides to one actor. An Actor's protected helpers forward here;
// each base implements it for its own actors. The base owns the context and keeps it alive at
// least as long as the actor object. Called only from the thread running that actor.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <thespis/actor_address.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/create_options.hpp>
#include <thespis/log.hpp>
#include <thespis/message.hpp>

namespace thespis {

class ActorContext {
 public:
  virtual ~ActorContext() = default;

  virtual const ActorAddress& self() const = 0;
  virtual void send(const ActorAddress& to, Message message) = 0;
  virtual ActorAddress create_actor(std::string_view type_name, const CreateOptions& options) = 0;
  virtual void wakeup_after(std::chrono::nanoseconds delay, Message payload) = 0;
  /// Time since the actor system started: virtual in simulation, steady clock in production.
  virtual std::chrono::nanoseconds now() const = 0;
  /// Uniform 64 random bits: seeded (and recorded) in simulation.
  virtual std::uint64_t random() = 0;
  virtual void log(LogLevel level, std::string_view text) = 0;
  virtual const std::optional<std::string>& global_name() const = 0;
  virtual void handle_dead_letters(bool enable) = 0;
  virtual void notify_on_system_registration_changes(bool enable) = 0;
  virtual void update_capability(const std::string& name, std::optional<CapabilityValue> value) = 0;
  virtual Capabilities capabilities() const = 0;
  virtual void system_shutdown() = 0;
};

namespace detail {

/// The context of the actor being constructed on this thread: set by the base around the
/// actor type's factory so that Actor's constructor can bind to it.
ActorContext* construction_context();

class ConstructionScope {
 public:
  explicit ConstructionScope(ActorContext& context);
  ~ConstructionScope();
  ConstructionScope(const ConstructionScope&) = delete;
  ConstructionScope& operator=(const ConstructionScope&) = delete;

 private:
  ActorContext* previous_;
};

}  // namespace detail
}  // namespace thespis
