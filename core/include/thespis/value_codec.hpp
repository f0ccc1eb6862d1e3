// Field-level encoding, decoding, rendering and equality, all driven by one description of
// a type: its field list (THESPIS_MESSAGE) or its built-in kind. A new field type is added
// here once and then works on the wire, in traces, in error messages and in equality.
//
// Supported: bool, fixed-width integers, float, double, std::string, std::vector, std::map,
// std::optional, std::variant, std::chrono::duration, ActorAddress, Capabilities, Message,
// and any struct with a THESPIS_MESSAGE field list (so message types nest).
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/capabilities.hpp>
#include <thespis/codec.hpp>
#include <thespis/enumeration.hpp>
#include <thespis/message.hpp>

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

template <class>
inline constexpr bool always_false = false;

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};

template <class T>
struct IsMap : std::false_type {};
template <class K, class V, class C, class A>
struct IsMap<std::map<K, V, C, A>> : std::true_type {};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsVariant : std::false_type {};
template <class... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type {};

template <class T>
struct IsDuration : std::false_type {};
template <class R, class P>
struct IsDuration<std::chrono::duration<R, P>> : std::true_type {};

template <class T>
concept Integer = std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
                  !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char8_t> &&
                  !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t>;

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

std::string duration_suffix(std::intmax_t num, std::intmax_t den);
std::string duration_type_name(std::intmax_t num, std::intmax_t den);
void render_string(std::string& out, std::string_view text);
void render_double(std::string& out, double value);
void render_int(std::string& out, std::int64_t value);
void render_uint(std::string& out, std::uint64_t value);
[[noreturn]] void rethrow_in_field(std::string_view type, std::string_view field);
[[noreturn]] void throw_field_count(std::string_view type, std::size_t expected, std::size_t got);
[[noreturn]] void throw_not_enumerator(std::string_view type, std::string value);

template <class T>
using Underlying = std::underlying_type_t<T>;

}  // namespace detail

/// The stable name of a message or field type ("Ping", "int32", "vector<string>").
template <class T>
std::string type_name();

template <class T>
void encode_value(Encoder& out, const T& value);
template <class T>
void decode_value(const Decoder& in, T& value);
template <class T>
void render_value(std::string& out, const T& value);
template <class T>
bool values_equal(const T& a, const T& b);

template <class T>
std::string type_name() {
  using namespace std::chrono;
  if constexpr (detail::Described<T> || detail::Enumerated<T>) {
    return std::string(thespis_type_name(static_cast<const T*>(nullptr)));
  } else if constexpr (std::is_enum_v<T>) {
    static_assert(detail::always_false<T>,
                  "thespis: an enum is a message field only when its enumerators are listed: "
                  "add THESPIS_ENUM(Type, enumerators...) in its namespace");
    return {};
  } else if constexpr (std::is_same_v<T, bool>) {
    return "bool";
  } else if constexpr (detail::Integer<T>) {
    return (std::is_signed_v<T> ? "int" : "uint") + std::to_string(sizeof(T) * 8);
  } else if constexpr (std::is_same_v<T, double>) {
    return "double";
  } else if constexpr (std::is_same_v<T, float>) {
    return "float";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "string";
  } else if constexpr (std::is_same_v<T, ActorAddress>) {
    return "ActorAddress";
  } else if constexpr (std::is_same_v<T, Capabilities>) {
    return "Capabilities";
  } else if constexpr (std::is_same_v<T, Message>) {
    return "Message";
  } else if constexpr (detail::IsDuration<T>::value) {
    return detail::duration_type_name(T::period::num, T::period::den);
  } else if constexpr (detail::IsVector<T>::value) {
    return "vector<" + type_name<typename T::value_type>() + ">";
  } else if constexpr (detail::IsMap<T>::value) {
    return "map<" + type_name<typename T::key_type>() + "," + type_name<typename T::mapped_type>() +
           ">";
  } else if constexpr (detail::IsOptional<T>::value) {
    return "optional<" + type_name<typename T::value_type>() + ">";
  } else if constexpr (detail::IsVariant<T>::value) {
    return []<class... Ts>(std::variant<Ts...>*) {
      std::string name = "variant<";
      ((name += type_name<Ts>() + ","), ...);
      name.back() = '>';
      return name;
    }(static_cast<T*>(nullptr));
  } else {
    static_assert(detail::always_false<T>,
                  "thespis: this type cannot be a message or a message field. Give it a field "
                  "list with THESPIS_MESSAGE(Type, fields...) in its namespace, or use a "
                  "built-in type (string, integers, double, bool, vector, map, optional, "
                  "variant, duration, ActorAddress, Message, an enum with THESPIS_ENUM)");
    return {};
  }
}

namespace detail {

/// Only a listed enumerator decodes: the number is compared before it becomes a T.
template <Enumerated T>
T decode_enumerator(const Decoder& in) {
  using Wide = std::conditional_t<std::is_signed_v<Underlying<T>>, std::int64_t, std::uint64_t>;
  Wide number{};
  if constexpr (std::is_signed_v<Underlying<T>>) {
    number = in.read_int();
  } else {
    number = in.read_uint();
  }
  for (const auto& e : enumerators_of<T>()) {
    if (static_cast<Wide>(e.value) == number) return e.value;
  }
  throw_not_enumerator(type_name<T>(), std::to_string(number));
}

template <class T, std::size_t... I>
void decode_variant(const Decoder& in, std::size_t index, T& value, std::index_sequence<I...>) {
  using Fn = void (*)(const Decoder&, T&);
  static constexpr Fn decoders[] = {[](const Decoder& d, T& v) {
    std::variant_alternative_t<I, T> alternative{};
    decode_value(d, alternative);
    v.template emplace<I>(std::move(alternative));
  }...};
  if (index >= sizeof...(I))
    Decoder::fail("variant index " + std::to_string(index) + " out of range");
  decoders[index](in, value);
}

}  // namespace detail

template <class T>
void encode_value(Encoder& out, const T& value) {
  if constexpr (detail::Described<T>) {
    constexpr auto fields = detail::fields_of<T>();
    out.begin_array(std::tuple_size_v<decltype(fields)>);
    std::apply([&](const auto&... f) { (encode_value(out, value.*(f.member)), ...); }, fields);
  } else if constexpr (detail::Enumerated<T>) {
    encode_value(out, static_cast<detail::Underlying<T>>(value));
  } else if constexpr (std::is_same_v<T, bool>) {
    out.write_bool(value);
  } else if constexpr (detail::Integer<T>) {
    if constexpr (std::is_signed_v<T>) {
      out.write_int(value);
    } else {
      out.write_uint(value);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    out.write_double(static_cast<double>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    out.write_string(value);
  } else if constexpr (std::is_same_v<T, ActorAddress>) {
    out.begin_array(2);
    out.write_uint(value.system());
    out.write_uint(value.local());
  } else if constexpr (std::is_same_v<T, Capabilities>) {
    encode_value(out, value.values());
  } else if constexpr (std::is_same_v<T, Message>) {
    encode_message(out, value);
  } else if constexpr (detail::IsDuration<T>::value) {
    out.write_int(static_cast<std::int64_t>(value.count()));
  } else if constexpr (detail::IsVector<T>::value) {
    out.begin_array(value.size());
    for (const auto& element : value) encode_value(out, element);
  } else if constexpr (detail::IsMap<T>::value) {
    out.begin_map(value.size());
    for (const auto& [k, v] : value) {
      encode_value(out, k);
      encode_value(out, v);
    }
  } else if constexpr (detail::IsOptional<T>::value) {
    if (value) {
      encode_value(out, *value);
    } else {
      out.write_nil();
    }
  } else if constexpr (detail::IsVariant<T>::value) {
    out.begin_array(2);
    out.write_uint(value.index());
    std::visit([&](const auto& v) { encode_value(out, v); }, value);
  } else {
    static_assert(detail::always_false<T>, "thespis: unsupported field type (see type_name)");
  }
}

template <class T>
void decode_value(const Decoder& in, T& value) {
  if constexpr (detail::Described<T>) {
    constexpr auto fields = detail::fields_of<T>();
    constexpr std::size_t count = std::tuple_size_v<decltype(fields)>;
    const std::size_t got = in.array_size();
    if (got != count) detail::throw_field_count(type_name<T>(), count, got);
    std::size_t index = 0;
    std::apply(
        [&](const auto&... f) {
          (([&] {
             try {
               decode_value(in.element(index++), value.*(f.member));
             } catch (const DecodeError&) {
               detail::rethrow_in_field(thespis_type_name(static_cast<const T*>(nullptr)), f.name);
             }
           }()),
           ...);
        },
        fields);
  } else if constexpr (detail::Enumerated<T>) {
    value = detail::decode_enumerator<T>(in);
  } else if constexpr (std::is_same_v<T, bool>) {
    value = in.read_bool();
  } else if constexpr (detail::Integer<T>) {
    if constexpr (std::is_signed_v<T>) {
      const std::int64_t v = in.read_int();
      if (!std::in_range<T>(v))
        Decoder::fail(std::to_string(v) + " out of range for " + type_name<T>());
      value = static_cast<T>(v);
    } else {
      const std::uint64_t v = in.read_uint();
      if (!std::in_range<T>(v))
        Decoder::fail(std::to_string(v) + " out of range for " + type_name<T>());
      value = static_cast<T>(v);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    const double v = in.read_double();
    // Converting a finite double beyond T's range is undefined behaviour: refuse it.
    if constexpr (std::numeric_limits<T>::max() < std::numeric_limits<double>::max()) {
      if (std::isfinite(v) && std::abs(v) > static_cast<double>(std::numeric_limits<T>::max())) {
        std::string text;
        detail::render_double(text, v);
        Decoder::fail(text + " out of range for " + type_name<T>());
      }
    }
    value = static_cast<T>(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    value = in.read_string();
  } else if constexpr (std::is_same_v<T, ActorAddress>) {
    if (in.array_size() != 2) Decoder::fail("ActorAddress needs 2 numbers");
    value = ActorAddress(in.element(0).read_uint(), in.element(1).read_uint());
  } else if constexpr (std::is_same_v<T, Capabilities>) {
    decode_value(in, value.values());
  } else if constexpr (std::is_same_v<T, Message>) {
    value = decode_message(in);
  } else if constexpr (detail::IsDuration<T>::value) {
    value = T(static_cast<typename T::rep>(in.read_int()));
  } else if constexpr (detail::IsVector<T>::value) {
    const std::size_t size = in.array_size();
    value.clear();
    value.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
      typename T::value_type element{};  // not emplace_back(): vector<bool> has no references
      decode_value(in.element(i), element);
      value.push_back(std::move(element));
    }
  } else if constexpr (detail::IsMap<T>::value) {
    const std::size_t size = in.map_size();
    value.clear();
    for (std::size_t i = 0; i < size; ++i) {
      typename T::key_type k{};
      decode_value(in.key(i), k);
      decode_value(in.value(i), value[std::move(k)]);
    }
  } else if constexpr (detail::IsOptional<T>::value) {
    if (in.is_nil()) {
      value.reset();
    } else {
      decode_value(in, value.emplace());
    }
  } else if constexpr (detail::IsVariant<T>::value) {
    if (in.array_size() != 2) Decoder::fail("variant needs [index, value]");
    detail::decode_variant(in.element(1), static_cast<std::size_t>(in.element(0).read_uint()),
                           value, std::make_index_sequence<std::variant_size_v<T>>{});
  } else {
    static_assert(detail::always_false<T>, "thespis: unsupported field type (see type_name)");
  }
}

template <class T>
void render_value(std::string& out, const T& value) {
  if constexpr (detail::Described<T>) {
    out += thespis_type_name(static_cast<const T*>(nullptr));
    out += '{';
    bool first = true;
    std::apply(
        [&](const auto&... f) {
          ((out += first ? "" : ", ", first = false, out += f.name, out += ": ",
            render_value(out, value.*(f.member))),
           ...);
        },
        detail::fields_of<T>());
    out += '}';
  } else if constexpr (detail::Enumerated<T>) {
    const std::string_view name = detail::enumerator_name(value);
    if (name.empty()) {
      render_value(out, static_cast<detail::Underlying<T>>(value));  // not one of the listed
    } else {
      out += name;
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    out += value ? "true" : "false";
  } else if constexpr (detail::Integer<T>) {
    if constexpr (std::is_signed_v<T>) {
      detail::render_int(out, value);
    } else {
      detail::render_uint(out, value);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    detail::render_double(out, static_cast<double>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    detail::render_string(out, value);
  } else if constexpr (std::is_same_v<T, ActorAddress>) {
    out += value.to_string();
  } else if constexpr (std::is_same_v<T, Capabilities>) {
    out += value.to_string();
  } else if constexpr (std::is_same_v<T, Message>) {
    out += value.to_string();
  } else if constexpr (detail::IsDuration<T>::value) {
    detail::render_int(out, static_cast<std::int64_t>(value.count()));
    out += detail::duration_suffix(T::period::num, T::period::den);
  } else if constexpr (detail::IsVector<T>::value) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i != 0) out += ", ";
      render_value(out, value[i]);
    }
    out += ']';
  } else if constexpr (detail::IsMap<T>::value) {
    out += '{';
    bool first = true;
    for (const auto& [k, v] : value) {
      if (!first) out += ", ";
      first = false;
      render_value(out, k);
      out += ": ";
      render_value(out, v);
    }
    out += '}';
  } else if constexpr (detail::IsOptional<T>::value) {
    if (value) {
      render_value(out, *value);
    } else {
      out += "null";
    }
  } else if constexpr (detail::IsVariant<T>::value) {
    std::visit([&](const auto& v) { render_value(out, v); }, value);
  } else {
    static_assert(detail::always_false<T>, "thespis: unsupported field type (see type_name)");
  }
}

template <class T>
bool values_equal(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    // NaN equals NaN here: a message equals its own copy (the value after a trip through the
    // codec), which is what equality of messages is for.
    return a == b || (std::isnan(a) && std::isnan(b));
  } else if constexpr (std::is_same_v<T, Capabilities>) {
    return values_equal(a.values(), b.values());
  } else if constexpr (detail::Described<T>) {
    return std::apply(
        [&](const auto&... f) { return (values_equal(a.*(f.member), b.*(f.member)) && ...); },
        detail::fields_of<T>());
  } else if constexpr (detail::IsVector<T>::value) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!values_equal(a[i], b[i])) return false;
    }
    return true;
  } else if constexpr (detail::IsMap<T>::value) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (!values_equal(i->first, j->first) || !values_equal(i->second, j->second)) return false;
    }
    return true;
  } else if constexpr (detail::IsOptional<T>::value) {
    return a.has_value() == b.has_value() && (!a || values_equal(*a, *b));
  } else if constexpr (detail::IsVariant<T>::value) {
    return a.index() == b.index() && std::visit(
                                         [](const auto& x, const auto& y) {
                                           if constexpr (std::is_same_v<decltype(x), decltype(y)>) {
                                             return values_equal(x, y);
                                           } else {
                                             return false;
                                           }
                                         },
                                         a, b);
  } else {
    return a == b;
  }
}

}  // namespace thespis
