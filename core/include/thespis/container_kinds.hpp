// The container kinds of value_kind.hpp: std::vector, std::map, std::optional, std::variant,
// each made of other kinds.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <thespis/value_kind.hpp>

namespace thespis {

/// An array of its elements.
template <class E, class A>
struct ValueKind<std::vector<E, A>> {
  using T = std::vector<E, A>;
  static std::string name() { return "vector<" + type_name<E>() + ">"; }
  static void encode(Encoder& out, const T& value) {
    out.begin_array(value.size());
    for (const auto& element : value) encode_value(out, element);
  }
  static void decode(const Decoder& in, T& value) {
    const std::size_t size = in.array_size();
    value.clear();
    value.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
      E element{};  // not emplace_back(): vector<bool> has no references
      decode_value(in.element(i), element);
      value.push_back(std::move(element));
    }
  }
  static void render(std::string& out, const T& value) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i != 0) out += ", ";
      render_value<E>(out, value[i]);
    }
    out += ']';
  }
  static bool equal(const T& a, const T& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!values_equal<E>(a[i], b[i])) return false;
    }
    return true;
  }
  static void describe(Schema& schema) {
    schema.kind = Schema::Kind::list;
    schema.elements = {&schema_of<E>()};
  }
};

/// A msgpack map, in key order.
template <class K, class V, class C, class A>
struct ValueKind<std::map<K, V, C, A>> {
  using T = std::map<K, V, C, A>;
  static std::string name() { return "map<" + type_name<K>() + "," + type_name<V>() + ">"; }
  static void encode(Encoder& out, const T& value) {
    out.begin_map(value.size());
    for (const auto& [k, v] : value) {
      encode_value(out, k);
      encode_value(out, v);
    }
  }
  static void decode(const Decoder& in, T& value) {
    const std::size_t size = in.map_size();
    value.clear();
    for (std::size_t i = 0; i < size; ++i) {
      K k{};
      decode_value(in.key(i), k);
      decode_value(in.value(i), value[std::move(k)]);
    }
  }
  static void render(std::string& out, const T& value) {
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
  }
  static bool equal(const T& a, const T& b) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (!values_equal(i->first, j->first) || !values_equal(i->second, j->second)) return false;
    }
    return true;
  }
  static void describe(Schema& schema) {
    schema.kind = Schema::Kind::map;
    schema.elements = {&schema_of<K>(), &schema_of<V>()};
  }
};

/// The value, or nil.
template <class E>
struct ValueKind<std::optional<E>> {
  using T = std::optional<E>;
  static std::string name() { return "optional<" + type_name<E>() + ">"; }
  static void encode(Encoder& out, const T& value) {
    if (value) {
      encode_value(out, *value);
    } else {
      out.write_nil();
    }
  }
  static void decode(const Decoder& in, T& value) {
    if (in.is_nil()) {
      value.reset();
    } else {
      decode_value(in, value.emplace());
    }
  }
  static void render(std::string& out, const T& value) {
    if (value) {
      render_value(out, *value);
    } else {
      out += "null";
    }
  }
  static bool equal(const T& a, const T& b) {
    return a.has_value() == b.has_value() && (!a || values_equal(*a, *b));
  }
  static void describe(Schema& schema) {
    schema.kind = Schema::Kind::optional;
    schema.elements = {&schema_of<E>()};
  }
};

/// [index, value]; renders as the held alternative.
template <class... Ts>
struct ValueKind<std::variant<Ts...>> {
  using T = std::variant<Ts...>;
  static std::string name() {
    std::string name = "variant<";
    ((name += type_name<Ts>() + ","), ...);
    name.back() = '>';
    return name;
  }
  static void encode(Encoder& out, const T& value) {
    out.begin_array(2);
    out.write_uint(value.index());
    std::visit([&](const auto& v) { encode_value(out, v); }, value);
  }
  static void decode(const Decoder& in, T& value) {
    if (in.array_size() != 2) Decoder::fail("variant needs [index, value]");
    const auto index = static_cast<std::size_t>(in.element(0).read_uint());
    if (index >= sizeof...(Ts))
      Decoder::fail("variant index " + std::to_string(index) + " out of range");
    decoders(std::index_sequence_for<Ts...>{})[index](in.element(1), value);
  }
  static void render(std::string& out, const T& value) {
    std::visit([&](const auto& v) { render_value(out, v); }, value);
  }
  static bool equal(const T& a, const T& b) {
    return a.index() == b.index() && std::visit(
                                         [](const auto& x, const auto& y) {
                                           if constexpr (std::is_same_v<decltype(x), decltype(y)>) {
                                             return values_equal(x, y);
                                           } else {
                                             return false;
                                           }
                                         },
                                         a, b);
  }
  static void describe(Schema& schema) {
    schema.kind = Schema::Kind::variant;
    (schema.elements.push_back(&schema_of<Ts>()), ...);
  }

 private:
  using Decode = void (*)(const Decoder&, T&);
  /// One decoder per alternative, indexed by the wire's index.
  template <std::size_t... I>
  static const Decode* decoders(std::index_sequence<I...>) {
    static constexpr Decode table[] = {[](const Decoder& d, T& v) {
      std::variant_alternative_t<I, T> alternative{};
      decode_value(d, alternative);
      v.template emplace<I>(std::move(alternative));
    }...};
    return table;
  }
};

}  // namespace thespis
