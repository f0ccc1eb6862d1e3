// The kinds of value_kind.hpp for thespis' own value types: ActorAddress, Capabilities and a
// nested Message. None is a template, so their bodies live in core/src/object_kinds.cpp.
#pragma once

#include <string>

#include <thespis/actor_address.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/message.hpp>
#include <thespis/value_kind.hpp>

namespace thespis {

/// [system, local].
template <>
struct ValueKind<ActorAddress> {
  static std::string name();
  static void encode(Encoder& out, const ActorAddress& value);
  static void decode(const Decoder& in, ActorAddress& value);
  static void render(std::string& out, const ActorAddress& value);
  static void describe(Schema& schema);
};

/// The map of name to CapabilityValue (variant<bool, int64, double, string>).
template <>
struct ValueKind<Capabilities> {
  static std::string name();
  static void encode(Encoder& out, const Capabilities& value);
  static void decode(const Decoder& in, Capabilities& value);
  static void render(std::string& out, const Capabilities& value);
  static bool equal(const Capabilities& a, const Capabilities& b);
  static void describe(Schema& schema);
};

/// Any registered message: [type name, body], or nil for the empty message.
template <>
struct ValueKind<Message> {
  static std::string name();
  static void encode(Encoder& out, const Message& value);
  static void decode(const Decoder& in, Message& value);
  static void render(std::string& out, const Message& value);
  static void describe(Schema& schema);
};

}  // namespace thespis
