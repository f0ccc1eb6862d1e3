// RapidCheck generators for thespis values, derived from the same field lists that drive the
// codec: a described message type is generated field by field.
#pragma once

#include <chrono>
#include <tuple>

#include <rapidcheck.h>

#include <thespis/thespis.hpp>

namespace thespis::testing {

template <class T>
rc::Gen<T> arbitrary();

template <class T, class... M>
T assign_fields(const std::tuple<M...>& values) {
  T out{};
  constexpr auto fields = thespis::detail::fields_of<T>();
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((out.*(std::get<I>(fields).member) = std::get<I>(values)), ...);
  }
  (std::index_sequence_for<M...>{});
  return out;
}

template <class T>
rc::Gen<T> arbitrary() {
  if constexpr (thespis::detail::Described<T>) {
    constexpr auto fields = thespis::detail::fields_of<T>();
    return std::apply(
        [](const auto&... f) {
          return rc::gen::map(
              rc::gen::tuple(
                  arbitrary<std::remove_cvref_t<decltype(std::declval<T>().*(f.member))>>()...),
              [](const auto& values) { return assign_fields<T>(values); });
        },
        fields);
  } else if constexpr (thespis::detail::Enumerated<T>) {
    std::vector<T> values;
    for (const auto& e : thespis::detail::enumerators_of<T>()) values.push_back(e.value);
    return rc::gen::elementOf(values);
  } else if constexpr (std::is_same_v<T, ActorAddress>) {
    return rc::gen::construct<ActorAddress>(rc::gen::arbitrary<std::uint64_t>(),
                                            rc::gen::arbitrary<std::uint64_t>());
  } else if constexpr (thespis::detail::IsDuration<T>::value) {
    return rc::gen::map(rc::gen::arbitrary<typename T::rep>(),
                        [](typename T::rep r) { return T(r); });
  } else if constexpr (std::is_same_v<T, CapabilityValue>) {
    return rc::gen::oneOf(
        rc::gen::map(rc::gen::arbitrary<bool>(), [](bool v) { return CapabilityValue(v); }),
        rc::gen::map(rc::gen::arbitrary<std::int64_t>(),
                     [](std::int64_t v) { return CapabilityValue(v); }),
        rc::gen::map(rc::gen::arbitrary<double>(), [](double v) { return CapabilityValue(v); }),
        rc::gen::map(rc::gen::arbitrary<std::string>(),
                     [](std::string v) { return CapabilityValue(std::move(v)); }));
  } else if constexpr (std::is_same_v<T, Capabilities>) {
    return rc::gen::map(rc::gen::container<std::map<std::string, CapabilityValue>>(
                            rc::gen::arbitrary<std::string>(), arbitrary<CapabilityValue>()),
                        [](const std::map<std::string, CapabilityValue>& values) {
                          Capabilities caps;
                          for (const auto& [k, v] : values) caps.set(k, v);
                          return caps;
                        });
  } else if constexpr (std::is_same_v<T, Message>) {
    // A nested message: empty, or a value of a few built-in types.
    return rc::gen::oneOf(
        rc::gen::just(Message{}),
        rc::gen::map(rc::gen::arbitrary<std::string>(),
                     [](std::string s) { return Message(std::move(s)); }),
        rc::gen::map(rc::gen::arbitrary<std::int64_t>(), [](std::int64_t v) { return Message(v); }),
        rc::gen::map(arbitrary<ActorAddress>(), [](ActorAddress a) { return Message(a); }));
  } else if constexpr (thespis::detail::IsVector<T>::value) {
    return rc::gen::container<T>(arbitrary<typename T::value_type>());
  } else if constexpr (thespis::detail::IsMap<T>::value) {
    return rc::gen::container<T>(arbitrary<typename T::key_type>(),
                                 arbitrary<typename T::mapped_type>());
  } else {
    return rc::gen::arbitrary<T>();
  }
}

}  // namespace thespis::testing
