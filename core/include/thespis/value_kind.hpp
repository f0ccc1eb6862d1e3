// ValueKind<T>: everything thespis knows about one kind of field type, in one place. Each kind
// is one specialisation (bool, integers, floating point, string, duration, enum, ActorAddress,
// Capabilities, Message, vector, map, optional, variant, and records described with
// THESPIS_MESSAGE), holding:
//
//   static std::string name();                           // stable type name: "int32", "Ping"
//   static void encode(Encoder&, const T&);              // the wire form
//   static void decode(const Decoder&, T&);              // the inverse; throws DecodeError
//   static void render(std::string&, const T&);          // text for traces and errors
//   static bool equal(const T&, const T&);               // optional: operator== if absent
//   static void describe(Schema&);                       // kind and parts, for code without T
//
// The public functions of value_codec.hpp (type_name, encode_value, decode_value, render_value,
// values_equal, schema_of) only forward here. To add a kind: write its specialisation in the
// header of its family (scalar_kinds.hpp, object_kinds.hpp, container_kinds.hpp,
// record_kind.hpp), add a Schema::Kind if code that only holds a Schema must tell it apart
// (the scenario loader, the fuzz seeds and the test generators then each gain one case), and
// list it in the error below. A full specialisation for a concrete type keeps its bodies out
// of line, in core/src/object_kinds.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <thespis/codec.hpp>
#include <thespis/enumeration.hpp>
#include <thespis/schema.hpp>

namespace thespis {

namespace detail {

template <class>
inline constexpr bool always_false = false;

}  // namespace detail

/// The codec, rendering, equality and schema of one kind of field type; see above.
template <class T>
struct ValueKind {
  static_assert(detail::always_false<T>,
                "thespis: this type cannot be a message or a message field. Give it a field "
                "list with THESPIS_MESSAGE(Type, fields...) in its namespace, or use a "
                "built-in type (string, integers, double, bool, vector, map, optional, "
                "variant, duration, ActorAddress, Message, an enum with THESPIS_ENUM)");
};

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

namespace detail {

template <class T>
concept Integer = std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
                  !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char8_t> &&
                  !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t>;

std::string duration_suffix(std::intmax_t num, std::intmax_t den);
std::string duration_type_name(std::intmax_t num, std::intmax_t den);
void render_string(std::string& out, std::string_view text);
void render_double(std::string& out, double value);
void render_int(std::string& out, std::int64_t value);
void render_uint(std::string& out, std::uint64_t value);
[[noreturn]] void rethrow_in_field(std::string_view type, std::string_view field);
[[noreturn]] void throw_field_count(std::string_view type, std::size_t expected, std::size_t got);
[[noreturn]] void throw_out_of_range(std::string number, std::string_view type);
[[noreturn]] void throw_not_enumerator(std::string_view type, std::string value);

}  // namespace detail
}  // namespace thespis
