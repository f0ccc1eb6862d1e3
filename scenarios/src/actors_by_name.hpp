// What both runners (sim and tcp) need to turn a scenario's names into a running world: the
// actors' specs and addresses by name, and messages built with those addresses.
#pragma once

#include <map>
#include <string>

#include <thespis/error.hpp>
#include <thespis/scenario/scenario.hpp>

#include "message_builder.hpp"

namespace thespis::scenario::detail {

class ActorsByName {
 public:
  explicit ActorsByName(const Scenario& s) : s_(s) {}

  const ActorSpec& spec(const std::string& name) const {
    for (const ActorSpec& a : s_.actors) {
      if (a.name == name) return a;
    }
    throw Error("scenario: unknown actor '" + name + "'");
  }
  const ActorAddress& address(const std::string& name) const {
    auto it = addresses_.find(name);
    if (it == addresses_.end()) throw Error("scenario: unknown actor '" + name + "'");
    return it->second;
  }
  void created(const std::string& name, ActorAddress address) { addresses_[name] = address; }
  const std::map<std::string, ActorAddress>& addresses() const { return addresses_; }

  /// The message as written, with actor names standing for the addresses they have now.
  Message message(const MessageSpec& spec, const std::string& field) const {
    return build_message(
        spec,
        [&](std::string_view name) -> std::optional<ActorAddress> {
          auto it = addresses_.find(std::string(name));
          if (it == addresses_.end()) return std::nullopt;
          return it->second;
        },
        s_.file, field);
  }

 private:
  const Scenario& s_;
  std::map<std::string, ActorAddress> addresses_;
};

}  // namespace thespis::scenario::detail
