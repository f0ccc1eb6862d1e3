// Capabilities describe what an actor system offers (a database, a GPU, a role); requirements
// describe what an actor type needs. Both are plain ordered data so that they render, encode
// and compare deterministically.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace thespis {

/// One capability value. A capability that is present and not `false` counts as offered.
using CapabilityValue = std::variant<bool, std::int64_t, double, std::string>;

std::string to_string(const CapabilityValue& value);

/// An ordered map from capability name to value.
class Capabilities {
 public:
  using Map = std::map<std::string, CapabilityValue, std::less<>>;

  Capabilities() = default;
  Capabilities(std::initializer_list<Map::value_type> values) : values_(values) {}

  void set(std::string name, CapabilityValue value) { values_[std::move(name)] = std::move(value); }
  void erase(const std::string& name) { values_.erase(name); }
  const CapabilityValue* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  const Map& values() const { return values_; }
  Map& values() { return values_; }
  std::string to_string() const;

  friend bool operator==(const Capabilities&, const Capabilities&) = default;

 private:
  Map values_;
};

/// One thing an actor type needs: a capability that is present and truthy, or (with a value)
/// present and equal to it.
struct Requirement {
  std::string capability;
  std::optional<CapabilityValue> value;
  friend bool operator==(const Requirement&, const Requirement&) = default;
};

using Requirements = std::vector<Requirement>;

/// Requirement builder for THESPIS_ACTOR(T, requires_capability("Db")).
Requirement requires_capability(std::string name);
Requirement requires_capability(std::string name, CapabilityValue value);

/// The default capability check: every requirement is met.
bool satisfies(const Capabilities& offered, const Requirements& needed);

std::string to_string(const Requirements& requirements);

}  // namespace thespis
