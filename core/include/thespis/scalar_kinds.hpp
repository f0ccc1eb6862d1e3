// The scalar kinds of value_kind.hpp: bool, fixed-width integers, float and double, string,
// std::chrono durations and enums listed with THESPIS_ENUM. The bodies that need no template
// parameter live in core/src/scalar_kinds.cpp.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include <thespis/value_kind.hpp>

namespace thespis {

template <>
struct ValueKind<bool> {
  static std::string name();
  static void encode(Encoder& out, bool value);
  static void decode(const Decoder& in, bool& value);
  static void render(std::string& out, bool value);
  static void describe(Schema& schema);
};

template <>
struct ValueKind<std::string> {
  static std::string name();
  static void encode(Encoder& out, const std::string& value);
  static void decode(const Decoder& in, std::string& value);
  static void render(std::string& out, const std::string& value);
  static void describe(Schema& schema);
};

/// Signed integers travel as int64, unsigned as uint64; decoding checks T's range.
template <detail::Integer T>
struct ValueKind<T> {
  static constexpr bool is_signed = std::is_signed_v<T>;
  using Wide = std::conditional_t<is_signed, std::int64_t, std::uint64_t>;

  static std::string name() { return (is_signed ? "int" : "uint") + std::to_string(sizeof(T) * 8); }
  static void encode(Encoder& out, T value) {
    if constexpr (is_signed) {
      out.write_int(value);
    } else {
      out.write_uint(value);
    }
  }
  static void decode(const Decoder& in, T& value) {
    const Wide v = read(in);
    if (!std::in_range<T>(v)) detail::throw_out_of_range(std::to_string(v), name());
    value = static_cast<T>(v);
  }
  static void render(std::string& out, T value) {
    if constexpr (is_signed) {
      detail::render_int(out, value);
    } else {
      detail::render_uint(out, value);
    }
  }
  static void describe(Schema& schema) {
    schema.kind = is_signed ? Schema::Kind::integer : Schema::Kind::unsigned_integer;
    schema.bits = static_cast<int>(sizeof(T) * 8);
  }
  /// The number as the wire holds it, before any narrowing.
  static Wide read(const Decoder& in) {
    if constexpr (is_signed) {
      return in.read_int();
    } else {
      return in.read_uint();
    }
  }
};

/// float and double travel as a double; decoding refuses a finite double beyond T's range
/// (converting it would be undefined behaviour). NaN equals NaN: a message equals its own copy.
template <class T>
requires(std::is_same_v<T, float> || std::is_same_v<T, double>) struct ValueKind<T> {
  static std::string name() { return std::is_same_v<T, float> ? "float" : "double"; }
  static void encode(Encoder& out, T value) { out.write_double(static_cast<double>(value)); }
  static void decode(const Decoder& in, T& value) {
    const double v = in.read_double();
    if constexpr (std::numeric_limits<T>::max() < std::numeric_limits<double>::max()) {
      if (std::isfinite(v) && std::abs(v) > static_cast<double>(std::numeric_limits<T>::max())) {
        std::string text;
        detail::render_double(text, v);
        detail::throw_out_of_range(std::move(text), name());
      }
    }
    value = static_cast<T>(v);
  }
  static void render(std::string& out, T value) {
    detail::render_double(out, static_cast<double>(value));
  }
  static bool equal(T a, T b) { return a == b || (std::isnan(a) && std::isnan(b)); }
  static void describe(Schema& schema) {
    schema.kind = Schema::Kind::floating;
    schema.bits = static_cast<int>(sizeof(T) * 8);
  }
};

/// A duration travels as its count (int64) and renders with its unit: 250ms.
template <class R, class P>
struct ValueKind<std::chrono::duration<R, P>> {
  using T = std::chrono::duration<R, P>;
  static std::string name() { return detail::duration_type_name(P::num, P::den); }
  static void encode(Encoder& out, const T& value) {
    out.write_int(static_cast<std::int64_t>(value.count()));
  }
  static void decode(const Decoder& in, T& value) { value = T(static_cast<R>(in.read_int())); }
  static void render(std::string& out, const T& value) {
    detail::render_int(out, static_cast<std::int64_t>(value.count()));
    out += detail::duration_suffix(P::num, P::den);
  }
  static void describe(Schema& schema) {
    static_assert(P::num * 1'000'000'000 % P::den == 0,
                  "thespis: durations finer than a nanosecond have no schema");
    schema.kind = Schema::Kind::duration;
    schema.nanos_per_unit = P::num * 1'000'000'000 / P::den;
  }
};

/// An enum listed with THESPIS_ENUM travels as its underlying integer; only a listed
/// enumerator decodes (the number is compared before it is narrowed), and it renders by name.
template <detail::Enumerated T>
struct ValueKind<T> {
  using Number = ValueKind<std::underlying_type_t<T>>;

  static std::string name() {
    return std::string(thespis_type_name(static_cast<const T*>(nullptr)));
  }
  static void encode(Encoder& out, T value) {
    Number::encode(out, static_cast<std::underlying_type_t<T>>(value));
  }
  static void decode(const Decoder& in, T& value) {
    const auto number = Number::read(in);
    for (const auto& e : detail::enumerators_of<T>()) {
      if (static_cast<decltype(number)>(e.value) == number) {
        value = e.value;
        return;
      }
    }
    detail::throw_not_enumerator(name(), std::to_string(number));
  }
  static void render(std::string& out, T value) {
    const std::string_view name = detail::enumerator_name(value);
    if (name.empty()) {
      Number::render(out, static_cast<std::underlying_type_t<T>>(value));  // not a listed one
    } else {
      out += name;
    }
  }
  static void describe(Schema& schema) {
    schema.kind = Schema::Kind::enumeration;
    schema.elements = {&schema_of<std::underlying_type_t<T>>()};
    for (const auto& e : detail::enumerators_of<T>()) {
      schema.enumerators.push_back({std::string(e.name), static_cast<std::int64_t>(e.value)});
    }
  }
};

/// An enum without THESPIS_ENUM: its numbers would cross the wire unchecked, so it is refused.
template <class T>
requires(std::is_enum_v<T> && !detail::Enumerated<T>) struct ValueKind<T> {
  static_assert(detail::always_false<T>,
                "thespis: an enum is a message field only when its enumerators are listed: "
                "add THESPIS_ENUM(Type, enumerators...) in its namespace");
};

}  // namespace thespis
