// SystemBase: the narrow interface through which an ActorSystem drives one base (simulated,
// TCP, UDP). A base is created by the factory registered under its name; the ActorSystem owns
// it. Callers outside actors talk through endpoints: each endpoint has an address that actors
// can reply to, and its own inbox. A base is driven from one thread at a time.
//
// Contract every base honours: design semantics 1-14 (docs/architecture.md). In particular,
// ask() returns the first message that reaches the endpoint after the request was sent (system
// messages other than PoisonMessage are filtered), and earlier unclaimed messages stay for
// listen().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/create_options.hpp>
#include <thespis/message.hpp>
#include <thespis/system_options.hpp>

namespace thespis {

using EndpointId = std::uint32_t;

class SystemBase {
 public:
  virtual ~SystemBase() = default;

  /// The registered name of the base ("sim", "tcp").
  virtual std::string_view base_name() const = 0;

  /// A new endpoint for code outside actors. Endpoint 0 exists from the start.
  virtual EndpointId open_endpoint() = 0;
  virtual ActorAddress endpoint_address(EndpointId endpoint) const = 0;

  /// Creates an actor whose parent is the endpoint. Throws UnknownTypeError,
  /// NoCompatibleSystemForActor, or ActorCreationError if the constructor throws.
  virtual ActorAddress create_actor(EndpointId endpoint, std::string_view type_name,
                                    const CreateOptions& options) = 0;
  virtual void tell(EndpointId endpoint, const ActorAddress& to, Message message) = 0;
  virtual std::optional<Message> ask(EndpointId endpoint, const ActorAddress& to, Message message,
                                     std::chrono::nanoseconds timeout) = 0;
  virtual std::optional<Message> listen(EndpointId endpoint, std::chrono::nanoseconds timeout) = 0;

  virtual void update_capability(const std::string& name, std::optional<CapabilityValue> value) = 0;
  virtual Capabilities capabilities() const = 0;

  /// Stops every actor (their exit handlers run). Idempotent.
  virtual void shutdown() = 0;
  virtual bool is_shut_down() const = 0;
};

using BaseFactory = std::unique_ptr<SystemBase> (*)(const SystemOptions& options);

/// Registers a base under `name` and its aliases (e.g. "sim" and "simpleSystemBase").
/// Registering the same factory again is harmless.
void register_base(std::string name, BaseFactory factory, std::vector<std::string> aliases = {});
/// Creates the base registered under `name`; throws UnknownBaseError listing the known ones.
std::unique_ptr<SystemBase> make_base(std::string_view name, const SystemOptions& options);
std::vector<std::string> registered_base_names();

}  // namespace thespis
