// Schema: the shape of a message or field type, generated from the same description as its
// codec (the THESPIS_MESSAGE field list or the built-in kind). Code that does not know the C++
// type — the scenario loader building a message from YAML field by field — walks the schema
// and writes the value with an Encoder, then decodes it through the registered type. Schemas
// are built once per type, on first use, and never change.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <thespis/value_codec.hpp>

namespace thespis {

struct Schema {
  enum class Kind : std::uint8_t {
    boolean,
    integer,           ///< signed, `bits` wide
    unsigned_integer,  ///< `bits` wide
    floating,
    string,
    address,
    capabilities,
    message,      ///< any registered message (type name + value)
    duration,     ///< an integer count of `nanos_per_unit` nanoseconds
    list,         ///< elements[0]
    map,          ///< elements[0] keys, elements[1] values
    optional,     ///< elements[0], or nil
    variant,      ///< elements: the alternatives, encoded as [index, value]
    record,       ///< fields, encoded as an array in field order
    enumeration,  ///< one of `enumerators`, encoded as elements[0] (its underlying integer)
  };
  struct Enumerator {
    std::string name;
    std::int64_t value;  ///< for an unsigned underlying type, the same bits as its uint64
  };
  Kind kind = Kind::record;
  std::string type_name;
  int bits = 64;
  std::int64_t nanos_per_unit = 1;
  std::vector<std::pair<std::string, const Schema*>> fields;
  std::vector<const Schema*> elements;
  std::vector<Enumerator> enumerators;
};

/// Writes enumerator `index` of an enumeration schema as the wire carries it.
void encode_enumerator(Encoder& out, const Schema& schema, std::size_t index);

template <class T>
const Schema& schema_of();

namespace detail {

template <class T>
Schema make_schema() {
  using K = Schema::Kind;
  Schema s;
  s.type_name = type_name<T>();
  if constexpr (Described<T>) {
    s.kind = K::record;
    std::apply(
        [&](const auto&... f) {
          (s.fields.emplace_back(
               std::string(f.name),
               &schema_of<std::remove_cvref_t<decltype(std::declval<T&>().*(f.member))>>()),
           ...);
        },
        fields_of<T>());
  } else if constexpr (Enumerated<T>) {
    s.kind = K::enumeration;
    s.elements = {&schema_of<Underlying<T>>()};
    for (const auto& e : enumerators_of<T>()) {
      s.enumerators.push_back({std::string(e.name), static_cast<std::int64_t>(e.value)});
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    s.kind = K::boolean;
  } else if constexpr (Integer<T>) {
    s.kind = std::is_signed_v<T> ? K::integer : K::unsigned_integer;
    s.bits = static_cast<int>(sizeof(T) * 8);
  } else if constexpr (std::is_floating_point_v<T>) {
    s.kind = K::floating;
  } else if constexpr (std::is_same_v<T, std::string>) {
    s.kind = K::string;
  } else if constexpr (std::is_same_v<T, ActorAddress>) {
    s.kind = K::address;
  } else if constexpr (std::is_same_v<T, Capabilities>) {
    s.kind = K::capabilities;
  } else if constexpr (std::is_same_v<T, Message>) {
    s.kind = K::message;
  } else if constexpr (IsDuration<T>::value) {
    s.kind = K::duration;
    static_assert(T::period::num * 1'000'000'000 % T::period::den == 0,
                  "thespis: durations finer than a nanosecond have no schema");
    s.nanos_per_unit = T::period::num * 1'000'000'000 / T::period::den;
  } else if constexpr (IsVector<T>::value) {
    s.kind = K::list;
    s.elements = {&schema_of<typename T::value_type>()};
  } else if constexpr (IsMap<T>::value) {
    s.kind = K::map;
    s.elements = {&schema_of<typename T::key_type>(), &schema_of<typename T::mapped_type>()};
  } else if constexpr (IsOptional<T>::value) {
    s.kind = K::optional;
    s.elements = {&schema_of<typename T::value_type>()};
  } else if constexpr (IsVariant<T>::value) {
    s.kind = K::variant;
    [&]<class... Ts>(std::variant<Ts...>*) {
      (s.elements.push_back(&schema_of<Ts>()), ...);
    }(static_cast<T*>(nullptr));
  } else {
    static_assert(always_false<T>, "thespis: unsupported field type (see type_name)");
  }
  return s;
}

}  // namespace detail

template <class T>
const Schema& schema_of() {
  static const Schema schema = detail::make_schema<T>();
  return schema;
}

}  // namespace thespis
