// gen::value_of(): fields of a scenario's messages (scenario::Value, as YAML writes them) drawn
// from a C++ generator and written as the scenario loader reads them, for ScenarioTemplate::field.
#pragma once

#include <chrono>
#include <string>
#include <type_traits>
#include <utility>

#include <rapidcheck.h>

#include <thespis/enumeration.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/scenario/value.hpp>

namespace thespis::properties::gen {

/// A field of a scenario's message drawn from `values`: integers, bools and strings as
/// themselves, durations in their shortest unit, enums by name (a THESPIS_ENUM type).
template <class T>
rc::Gen<scenario::Value> value_of(rc::Gen<T> values) {
  return rc::gen::map(std::move(values), [](const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      return scenario::Value::of(v ? "true" : "false");
    } else if constexpr (std::is_integral_v<T>) {
      return scenario::Value::of(std::to_string(v));
    } else if constexpr (std::is_convertible_v<T, std::string>) {
      return scenario::Value::of(std::string(v));
    } else if constexpr (std::is_same_v<T, std::chrono::nanoseconds>) {
      return scenario::Value::of(scenario::format_duration(v));
    } else {
      static_assert(std::is_enum_v<T>,
                    "value_of: give integers, bools, strings, durations or enums");
      return scenario::Value::of(std::string(thespis::detail::enumerator_name(v)));
    }
  });
}

}  // namespace thespis::properties::gen
