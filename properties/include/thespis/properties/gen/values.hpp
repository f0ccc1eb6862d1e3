// RapidCheck generators of message values, derived from the type's Schema (the description
// that also drives the codec and the scenario loader): a value is written with the Encoder as
// the wire carries it, kind by kind, then decoded through the C++ type. So any type declared
// with THESPIS_MESSAGE, its fields' types, enums and nested messages included, is generated
// without a generator of its own, and the generator needs only a Schema (a registered
// MessageType has one). Shrinking is RapidCheck's: toward zeros, empty strings and short lists.
// Needs only thespis::core (the core's own tests use it); scenario_values.hpp has the
// generators of scenario fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <rapidcheck.h>

#include <thespis/thespis.hpp>

namespace thespis::properties::gen {

/// Writes one arbitrary value of `schema`; call it inside rc::gen::exec (it draws with `*gen`).
inline void write_arbitrary(Encoder& out, const Schema& schema);

namespace detail {

/// How many elements a list or map gets: grows with RapidCheck's size, up to 10.
inline std::size_t arbitrary_count() {
  return *rc::gen::withSize([](int size) {
    return rc::gen::inRange<std::size_t>(0, static_cast<std::size_t>(size) / 10 + 1);
  });
}

inline void write_integer(Encoder& out, int bits) {
  switch (bits) {
    case 8:
      return out.write_int(*rc::gen::arbitrary<std::int8_t>());
    case 16:
      return out.write_int(*rc::gen::arbitrary<std::int16_t>());
    case 32:
      return out.write_int(*rc::gen::arbitrary<std::int32_t>());
    default:
      return out.write_int(*rc::gen::arbitrary<std::int64_t>());
  }
}

inline void write_unsigned(Encoder& out, int bits) {
  switch (bits) {
    case 8:
      return out.write_uint(*rc::gen::arbitrary<std::uint8_t>());
    case 16:
      return out.write_uint(*rc::gen::arbitrary<std::uint16_t>());
    case 32:
      return out.write_uint(*rc::gen::arbitrary<std::uint32_t>());
    default:
      return out.write_uint(*rc::gen::arbitrary<std::uint64_t>());
  }
}

/// A nested message: empty, or a value of a few built-in types.
inline void write_nested_message(Encoder& out) {
  const std::string type = *rc::gen::element<std::string>("", "string", "int64", "ActorAddress");
  if (type.empty()) return out.write_nil();
  out.begin_array(2);
  out.write_string(type);
  write_arbitrary(out, *message_type_named(type).schema);
}

inline void write_list(Encoder& out, const Schema& schema) {
  const std::size_t count = arbitrary_count();
  out.begin_array(count);
  for (std::size_t i = 0; i < count; ++i) write_arbitrary(out, *schema.elements[0]);
}

inline void write_map(Encoder& out, const Schema& schema) {
  const std::size_t count = arbitrary_count();  // a repeated key decodes as one entry
  out.begin_map(count);
  for (std::size_t i = 0; i < count; ++i) {
    write_arbitrary(out, *schema.elements[0]);
    write_arbitrary(out, *schema.elements[1]);
  }
}

inline void write_variant(Encoder& out, const Schema& schema) {
  const auto index = *rc::gen::inRange<std::size_t>(0, schema.elements.size());
  out.begin_array(2);
  out.write_uint(index);
  write_arbitrary(out, *schema.elements[index]);
}

}  // namespace detail

inline void write_arbitrary(Encoder& out, const Schema& schema) {
  using K = Schema::Kind;
  switch (schema.kind) {
    case K::boolean:
      return out.write_bool(*rc::gen::arbitrary<bool>());
    case K::integer:
      return detail::write_integer(out, schema.bits);
    case K::unsigned_integer:
      return detail::write_unsigned(out, schema.bits);
    case K::floating:
      return out.write_double(schema.bits == 32 ? *rc::gen::arbitrary<float>()
                                                : *rc::gen::arbitrary<double>());
    case K::string:
      return out.write_string(*rc::gen::arbitrary<std::string>());
    case K::address:
      out.begin_array(2);
      detail::write_unsigned(out, 64);
      return detail::write_unsigned(out, 64);
    case K::duration:
      return detail::write_integer(out, 64);
    case K::message:
      return detail::write_nested_message(out);
    case K::capabilities:
      return write_arbitrary(out, *schema.elements[0]);
    case K::optional:
      if (*rc::gen::arbitrary<bool>()) return out.write_nil();
      return write_arbitrary(out, *schema.elements[0]);
    case K::list:
      return detail::write_list(out, schema);
    case K::map:
      return detail::write_map(out, schema);
    case K::variant:
      return detail::write_variant(out, schema);
    case K::record:
      out.begin_array(schema.fields.size());
      for (const auto& field : schema.fields) write_arbitrary(out, *field.second);
      return;
    case K::enumeration:
      return encode_enumerator(out, schema,
                               *rc::gen::inRange<std::size_t>(0, schema.enumerators.size()));
  }
}

/// Arbitrary wire bytes of one value of `schema`.
inline rc::Gen<std::string> arbitrary_bytes(const Schema& schema) {
  return rc::gen::exec([&schema] {
    Encoder out;
    write_arbitrary(out, schema);
    return std::string(out.bytes());
  });
}

/// Arbitrary values of any field or message type: its schema's bytes, decoded as a T.
template <class T>
rc::Gen<T> arbitrary() {
  return rc::gen::map(arbitrary_bytes(schema_of<T>()), [](const std::string& bytes) {
    ByteDecoder decoder;
    T value{};
    decode_value(decoder.parse(bytes), value);
    return value;
  });
}

}  // namespace thespis::properties::gen
