// Field-level encoding, decoding, rendering, equality and schema, all driven by one
// description of a type: its kind (value_kind.hpp), which for a struct is its THESPIS_MESSAGE
// field list. A field type works on the wire, in traces, in error messages, in equality and
// in scenarios once its kind is written; how to add a kind is in value_kind.hpp.
//
// Supported: bool, fixed-width integers, float, double, std::string, std::vector, std::map,
// std::optional, std::variant, std::chrono::duration, ActorAddress, Capabilities, Message,
// scoped enums listed with THESPIS_ENUM, and any struct with a THESPIS_MESSAGE field list (so
// message types nest). This is the header to include; the kinds are in the headers below.
#pragma once

#include <string>

#include <thespis/container_kinds.hpp>
#include <thespis/object_kinds.hpp>
#include <thespis/record_kind.hpp>
#include <thespis/scalar_kinds.hpp>
#include <thespis/schema.hpp>
#include <thespis/value_kind.hpp>

namespace thespis {

template <class T>
std::string type_name() {
  return ValueKind<T>::name();
}

template <class T>
void encode_value(Encoder& out, const T& value) {
  ValueKind<T>::encode(out, value);
}

template <class T>
void decode_value(const Decoder& in, T& value) {
  ValueKind<T>::decode(in, value);
}

template <class T>
void render_value(std::string& out, const T& value) {
  ValueKind<T>::render(out, value);
}

template <class T>
bool values_equal(const T& a, const T& b) {
  if constexpr (requires { ValueKind<T>::equal(a, b); }) {
    return ValueKind<T>::equal(a, b);
  } else {
    return a == b;
  }
}

template <class T>
const Schema& schema_of() {
  static const Schema schema = [] {
    Schema s;
    s.type_name = type_name<T>();
    ValueKind<T>::describe(s);
    return s;
  }();
  return schema;
}

}  // namespace thespis
