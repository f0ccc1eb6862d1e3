// MessageType: the run-time description of one registered message type (its stable name, a
// small dense id for handler lookup, and the codec/render/equality operations generated from
// its field list), and the registry that maps names and ids to types. The registry is one of
// the two process-wide registries the design names (with the actor-type registry); it is
// filled during static initialisation and read-only afterwards.
//
// THESPIS_MESSAGE(Type, field...) goes in the namespace of Type, after its definition.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/detail/for_each.hpp>
#include <thespis/message.hpp>
#include <thespis/schema.hpp>
#include <thespis/value_codec.hpp>

namespace thespis {

struct MessageType {
  std::string name;
  std::uint32_t id = 0;         ///< dense, in registration order: indexes handler tables
  std::uint64_t name_hash = 0;  ///< stable across builds: folded into trace hashes
  bool is_system = false;       ///< one of thespis' own system messages
  void (*encode)(Encoder&, const void*) = nullptr;
  std::shared_ptr<const void> (*decode)(const Decoder&) = nullptr;
  void (*render)(std::string&, const void*) = nullptr;
  bool (*equal)(const void*, const void*) = nullptr;
  const Schema* schema = nullptr;  ///< its fields, for building values by name (scenarios)
};

namespace detail {

/// Adds a type; asserts that no other type holds its name. Returns the stored description.
const MessageType& register_message_type(MessageType type);

template <class T>
MessageType describe_message_type() {
  static_assert(std::is_default_constructible_v<T>,
                "thespis: a message type must be default-constructible (the decoder fills it)");
  MessageType type;
  type.name = type_name<T>();
  type.is_system = requires(const T* p) { thespis_is_system_message(p); };
  type.encode = [](Encoder& out, const void* value) {
    encode_value(out, *static_cast<const T*>(value));
  };
  type.decode = [](const Decoder& in) -> std::shared_ptr<const void> {
    auto value = std::allocate_shared<T>(MessageAllocator<T>());
    decode_value(in, *value);
    return value;
  };
  type.render = [](std::string& out, const void* value) {
    render_value(out, *static_cast<const T*>(value));
  };
  type.equal = [](const void* a, const void* b) {
    return values_equal(*static_cast<const T*>(a), *static_cast<const T*>(b));
  };
  type.schema = &schema_of<T>();
  return type;
}

}  // namespace detail

/// The registered description of T, registering it on first use.
template <class T>
const MessageType& message_type() {
  static const MessageType& type =
      detail::register_message_type(detail::describe_message_type<T>());
  return type;
}

/// The type registered under `name`, or nullptr. Built-in types are always registered.
const MessageType* find_message_type(std::string_view name);
/// Like find_message_type, but throws UnknownTypeError naming the type.
const MessageType& message_type_named(std::string_view name);
/// Every registered type, in id order.
std::vector<const MessageType*> registered_message_types();

}  // namespace thespis

// --- THESPIS_MESSAGE ------------------------------------------------------------------------
#define THESPIS_DETAIL_FIELD(type, name) ::thespis::detail::field(#name, &type::name)

/// Registers `Type` as a message type named "Type" with the given fields (in wire order).
/// Place it in the namespace of Type. The field list drives the codec, the text rendering
/// and Message equality.
#define THESPIS_MESSAGE(Type, ...)                                                             \
  [[maybe_unused]] constexpr std::string_view thespis_type_name(const Type*) { return #Type; } \
  [[maybe_unused]] constexpr auto thespis_fields(const Type*) {                                \
    return std::make_tuple(THESPIS_DETAIL_FOR_EACH(THESPIS_DETAIL_FIELD, Type, __VA_ARGS__));  \
  }                                                                                            \
  [[maybe_unused]] inline const ::thespis::MessageType& thespis_registered_##Type =            \
      ::thespis::message_type<Type>();
