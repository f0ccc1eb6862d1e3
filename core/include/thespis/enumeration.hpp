// THESPIS_ENUM(Type, enumerator...): makes a scoped enum a field type. It gives the enum a
// stable type name ("Type") and the names of its enumerators, placed (like THESPIS_MESSAGE) in
// the namespace of Type after its definition:
//
//   enum class Colour : std::uint8_t { red, green };
//   THESPIS_ENUM(Colour, red, green)
//
// On the wire an enum is its underlying integer; a decoded value that is not one of the listed
// enumerators is refused (input may be hostile, and a switch over an enum trusts its values).
// In traces and scenarios it is written as the enumerator's name.
#pragma once

#include <array>
#include <string_view>
#include <type_traits>

#include <thespis/detail/for_each.hpp>

namespace thespis::detail {

template <class E>
struct Enumerator {
  std::string_view name;
  E value;
};

/// An enum listed with THESPIS_ENUM, found by argument-dependent lookup.
template <class T>
concept Enumerated = std::is_enum_v<T> && requires(const T* p) {
  thespis_enumerators(p);
  thespis_type_name(p);
};

template <Enumerated E>
constexpr auto enumerators_of() {
  return thespis_enumerators(static_cast<const E*>(nullptr));
}

/// The name of `value`, or "" when it is not one of the listed enumerators.
template <Enumerated E>
constexpr std::string_view enumerator_name(E value) {
  for (const auto& e : enumerators_of<E>()) {
    if (e.value == value) return e.name;
  }
  return {};
}

}  // namespace thespis::detail

#define THESPIS_DETAIL_ENUMERATOR(type, name) \
  ::thespis::detail::Enumerator<type> { #name, type::name }

/// Lists the enumerators of the scoped enum `Type` (at least one), which makes it a field type
/// named "Type". Place it in the namespace of Type.
#define THESPIS_ENUM(Type, ...)                                                                \
  [[maybe_unused]] constexpr std::string_view thespis_type_name(const Type*) { return #Type; } \
  [[maybe_unused]] constexpr auto thespis_enumerators(const Type*) {                           \
    return std::array{THESPIS_DETAIL_FOR_EACH(THESPIS_DETAIL_ENUMERATOR, Type, __VA_ARGS__)};  \
  }
