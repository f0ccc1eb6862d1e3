// Mirrors: objects of an actor type that stand for actors living elsewhere (in real processes),
// so that checks written against a Simulation (actors<T>(), actor_at()) can read them. The
// pitfall they exist to avoid: constructing an actor has effects — a constructor may send,
// create children, set wakeups or draw randomness — and a mirror must add none of them to what
// checks see, nor disturb the simulation's schedule. So a mirror is built with an inert context
// (every operation goes nowhere; its clock reads what the real actor's clock read when it was
// inspected, so a check comparing state with now() judges that moment; its randomness is a
// constant) and lives
// outside the records, the ready queue and the id space: it never receives a message.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <thespis/actor.hpp>
#include <thespis/actor_context.hpp>
#include <thespis/actor_type.hpp>

namespace thespis::sim::detail {

class InertContext final : public ActorContext {
 public:
  InertContext(ActorAddress self, std::chrono::nanoseconds clock) : self_(self), clock_(clock) {}

  const ActorAddress& self() const override { return self_; }
  void send(const ActorAddress&, Message) override {}
  ActorAddress create_actor(std::string_view, const CreateOptions&) override { return {}; }
  void wakeup_after(std::chrono::nanoseconds, Message) override {}
  std::chrono::nanoseconds now() const override { return clock_; }
  std::uint64_t random() override { return 0; }
  void log(LogLevel, std::string_view) override {}
  const std::optional<std::string>& global_name() const override { return global_name_; }
  void handle_dead_letters(bool) override {}
  void notify_on_system_registration_changes(bool) override {}
  void update_capability(const std::string&, std::optional<CapabilityValue>) override {}
  Capabilities capabilities() const override { return {}; }
  void system_shutdown() override {}

 private:
  ActorAddress self_;
  std::chrono::nanoseconds clock_;
  std::optional<std::string> global_name_;
};

struct Mirror {
  ActorAddress address;
  const ActorType* type = nullptr;
  std::unique_ptr<InertContext> context;  // outlives `actor`, which binds to it
  std::unique_ptr<Actor> actor;
};

}  // namespace thespis::sim::detail
