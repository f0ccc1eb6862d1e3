// ActorSystem: the portal for code outside actors (Thespian's ActorSystem). It owns one base
// and talks through the base's endpoint 0; private_endpoint() opens another endpoint with its
// own address and inbox (one per thread on threaded programs).
//
//   thespis::ActorSystem sys;                       // the "sim" base, one node, no faults
//   thespis::ActorSystem sys("tcp", {.admin_port = 1900});
//
// On a simulating base, time advances only inside ask(), listen() and the simulation's own
// run calls: tell() queues and returns.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include <thespis/actor_address.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/create_options.hpp>
#include <thespis/message.hpp>
#include <thespis/system_base.hpp>
#include <thespis/system_options.hpp>

namespace thespis {

/// A caller's mailbox in an actor system, with its own address.
class Endpoint {
 public:
  Endpoint(SystemBase& base, EndpointId id) : base_(&base), id_(id) {}

  ActorAddress address() const { return base_->endpoint_address(id_); }
  void tell(const ActorAddress& to, Message message) { base_->tell(id_, to, std::move(message)); }
  std::optional<Message> ask(const ActorAddress& to, Message message,
                             std::chrono::nanoseconds timeout) {
    return base_->ask(id_, to, std::move(message), timeout);
  }
  std::optional<Message> listen(std::chrono::nanoseconds timeout) {
    return base_->listen(id_, timeout);
  }

 private:
  SystemBase* base_;
  EndpointId id_;
};

class ActorSystem {
 public:
  /// The "sim" base with one node and no faults.
  ActorSystem();
  /// The base registered under `base_name` ("sim", "simpleSystemBase", "tcp", ...).
  explicit ActorSystem(std::string_view base_name, const SystemOptions& options = {});
  /// Adopts an already made base (e.g. a handle bound to one node of a Simulation).
  explicit ActorSystem(std::unique_ptr<SystemBase> base);
  ~ActorSystem();
  ActorSystem(ActorSystem&&) noexcept;
  ActorSystem& operator=(ActorSystem&&) noexcept;

  template <class T>
  ActorAddress create_actor(const CreateOptions& options = {}) {
    return create_actor(actor_type<T>().name, options);
  }
  ActorAddress create_actor(std::string_view type_name, const CreateOptions& options = {});

  void tell(const ActorAddress& to, Message message) { endpoint().tell(to, std::move(message)); }
  std::optional<Message> ask(const ActorAddress& to, Message message,
                             std::chrono::nanoseconds timeout) {
    return endpoint().ask(to, std::move(message), timeout);
  }
  std::optional<Message> listen(std::chrono::nanoseconds timeout) {
    return endpoint().listen(timeout);
  }
  /// The address replies to tell()/ask() come back to.
  ActorAddress address() const { return base_->endpoint_address(0); }

  void update_capability(const std::string& name, std::optional<CapabilityValue> value);
  Capabilities capabilities() const { return base_->capabilities(); }

  /// Another endpoint with its own address and inbox.
  Endpoint private_endpoint();

  /// Stops every actor; idempotent.
  void shutdown();

  SystemBase& base() { return *base_; }
  const SystemBase& base() const { return *base_; }

 private:
  Endpoint endpoint() { return Endpoint(*base_, 0); }

  std::unique_ptr<SystemBase> base_;
};

}  // namespace thespis
