// The record kind of value_kind.hpp: a struct whose fields are listed with THESPIS_MESSAGE
// (see message_type.hpp). Its field list drives every operation, field by field, in order;
// so message types nest.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <thespis/error.hpp>
#include <thespis/value_kind.hpp>

namespace thespis {
namespace detail {

template <class T, class M>
struct Field {
  std::string_view name;
  M T::*member;
};

template <class T, class M>
constexpr Field<T, M> field(std::string_view name, M T::*member) {
  return {name, member};
}

/// A type with a THESPIS_MESSAGE field list, found by argument-dependent lookup.
template <class T>
concept Described = requires(const T* p) {
  thespis_fields(p);
  thespis_type_name(p);
};

template <Described T>
constexpr auto fields_of() {
  return thespis_fields(static_cast<const T*>(nullptr));
}

}  // namespace detail

/// An array of the fields in the order listed; a decode error names the field it is in.
template <detail::Described T>
struct ValueKind<T> {
  static std::string name() { return std::string(short_name()); }
  static void encode(Encoder& out, const T& value) {
    out.begin_array(field_count);
    for_each_field([&](const auto& f) { encode_value(out, value.*(f.member)); });
  }
  static void decode(const Decoder& in, T& value) {
    const std::size_t got = in.array_size();
    if (got != field_count) detail::throw_field_count(short_name(), field_count, got);
    std::size_t index = 0;
    for_each_field([&](const auto& f) {
      try {
        decode_value(in.element(index++), value.*(f.member));
      } catch (const DecodeError&) {
        detail::rethrow_in_field(short_name(), f.name);
      }
    });
  }
  static void render(std::string& out, const T& value) {
    out += short_name();
    out += '{';
    bool first = true;
    for_each_field([&](const auto& f) {
      out += first ? "" : ", ";
      first = false;
      out += f.name;
      out += ": ";
      render_value(out, value.*(f.member));
    });
    out += '}';
  }
  static bool equal(const T& a, const T& b) {
    return std::apply(
        [&](const auto&... f) { return (values_equal(a.*(f.member), b.*(f.member)) && ...); },
        detail::fields_of<T>());
  }
  static void describe(Schema& schema) {
    schema.kind = Schema::Kind::record;
    for_each_field([&](const auto& f) {
      using M = std::remove_cvref_t<decltype(std::declval<T&>().*(f.member))>;
      schema.fields.emplace_back(std::string(f.name), &schema_of<M>());
    });
  }

 private:
  static constexpr std::size_t field_count = std::tuple_size_v<decltype(detail::fields_of<T>())>;
  static constexpr std::string_view short_name() {
    return thespis_type_name(static_cast<const T*>(nullptr));
  }
  /// `action(field)` for each field, in the listed (wire) order.
  template <class F>
  static void for_each_field(F&& action) {
    std::apply([&](const auto&... f) { (action(f), ...); }, detail::fields_of<T>());
  }
};

}  // namespace thespis
