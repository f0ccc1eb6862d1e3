// Value: a parsed YAML value as plain data (a scalar, a list or a mapping), with where it was
// written. Message fields in a scenario stay Values until the runner builds the message, so
// that actor names can stand for addresses and a rewritten scenario keeps what the user wrote.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace thespis::scenario {

struct Mark {
  std::size_t line = 0;    ///< 1-based; 0: not from a file
  std::size_t column = 0;  ///< 1-based
};

struct Value {
  enum class Kind { null, scalar, list, map };
  // Declared here, defaulted below: clang instantiates the members' special functions where
  // they are implicitly defined, and pair<string, Value> needs Value complete by then.
  Value();
  Value(const Value&);
  Value(Value&&) noexcept;
  Value& operator=(const Value&);
  Value& operator=(Value&&) noexcept;
  ~Value();

  Kind kind = Kind::null;
  std::string scalar;
  std::vector<Value> items;                           ///< list
  std::vector<std::pair<std::string, Value>> fields;  ///< map, in file order
  Mark mark;

  static Value of(std::string text) {
    Value v;
    v.kind = Kind::scalar;
    v.scalar = std::move(text);
    return v;
  }
  /// The entry `key` of a map, or nullptr.
  const Value* find(std::string_view key) const {
    for (const auto& [name, value] : fields) {
      if (name == key) return &value;
    }
    return nullptr;
  }
};

inline Value::Value() = default;
inline Value::Value(const Value&) = default;
inline Value::Value(Value&&) noexcept = default;
inline Value& Value::operator=(const Value&) = default;
inline Value& Value::operator=(Value&&) noexcept = default;
inline Value::~Value() = default;

}  // namespace thespis::scenario
