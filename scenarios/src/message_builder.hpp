// Builds a message from its scenario form (a type name and fields by name) by walking the
// type's Schema: each field is written with the Encoder as the wire would carry it, then the
// registered type decodes the whole. Fields left out take their type's empty value; an
// unknown field, a value of the wrong shape or an unknown actor is a ScenarioError at its mark.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <thespis/actor_address.hpp>
#include <thespis/message.hpp>
#include <thespis/scenario/scenario.hpp>

namespace thespis::scenario::detail {

/// The address of a scenario actor by name, or nothing for an unknown name.
using AddressOf = std::function<std::optional<ActorAddress>(std::string_view actor)>;

Message build_message(const MessageSpec& spec, const AddressOf& address_of,
                      const std::string& origin, const std::string& field);

}  // namespace thespis::scenario::detail
