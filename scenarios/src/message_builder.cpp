#include "message_builder.hpp"

#include <limits>

#include <thespis/codec.hpp>
#include <thespis/error.hpp>
#include <thespis/message_type.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/schema.hpp>

#include "units.hpp"

namespace thespis::scenario::detail {
namespace {

using Kind = Schema::Kind;

class Builder {
 public:
  Builder(const AddressOf& address_of, const std::string& origin)
      : address_of_(address_of), origin_(origin) {}

  /// Writes `value` as `schema` says; no value (left out, or YAML null) writes the kind's
  /// empty value, except that a record's fields each take theirs.
  void write(const Schema& schema, const Value* value, const std::string& path);
  void write_message(const MessageSpec& spec, const std::string& path);
  const Encoder& encoder() const { return out_; }

 private:
  [[noreturn]] void fail(const Mark& at, const std::string& path,
                         const std::string& problem) const {
    throw ScenarioError(origin_, at.line, at.column, path, problem);
  }
  [[noreturn]] void out_of_range(const Value& value, const Schema& schema,
                                 const std::string& path) const {
    fail(value.mark, path, value.scalar + " is out of range for " + schema.type_name);
  }
  const std::string& scalar(const Schema& schema, const Value& value, const std::string& path);
  void check_field_names(const Schema& schema, const Value& value, const std::string& path) const;

  // One function per kind of Schema; `value` is never null-valued (write() sees to that).
  void write_boolean(const Schema& schema, const Value* value, const std::string& path);
  void write_integer(const Schema& schema, const Value* value, const std::string& path);
  void write_unsigned(const Schema& schema, const Value* value, const std::string& path);
  void write_floating(const Schema& schema, const Value* value, const std::string& path);
  void write_string(const Schema& schema, const Value* value, const std::string& path);
  void write_address(const Schema& schema, const Value* value, const std::string& path);
  void write_capabilities(const Schema& schema, const Value* value, const std::string& path);
  void write_nested_message(const Schema& schema, const Value* value, const std::string& path);
  void write_duration(const Schema& schema, const Value* value, const std::string& path);
  void write_list(const Schema& schema, const Value* value, const std::string& path);
  void write_map(const Schema& schema, const Value* value, const std::string& path);
  void write_optional(const Schema& schema, const Value* value, const std::string& path);
  void write_variant(const Schema& schema, const Value* value, const std::string& path);
  void write_record(const Schema& schema, const Value* value, const std::string& path);
  void write_enumeration(const Schema& schema, const Value* value, const std::string& path);

  const AddressOf& address_of_;
  const std::string& origin_;
  Encoder out_;
};

/// "@system.local", as addresses print.
std::optional<ActorAddress> literal_address(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto system = parse_uint(text.substr(1, dot - 1));
  const auto local = parse_uint(text.substr(dot + 1));
  if (!system || !local) return std::nullopt;
  return ActorAddress(*system, *local);
}

std::string enumerator_names(const Schema& schema) {
  std::string names;
  for (const auto& e : schema.enumerators) names += (names.empty() ? "" : ", ") + e.name;
  return names;
}

std::string field_names(const Schema& schema) {
  std::string names;
  for (const auto& [name, field] : schema.fields) names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "none" : names;
}

const std::string& Builder::scalar(const Schema& schema, const Value& value,
                                   const std::string& path) {
  if (value.kind != Value::Kind::scalar) fail(value.mark, path, "expected a " + schema.type_name);
  return value.scalar;
}

void Builder::write_message(const MessageSpec& spec, const std::string& path) {
  const MessageType* type = find_message_type(spec.type);
  if (type == nullptr) fail(spec.mark, path + ".type", "unknown message type '" + spec.type + "'");
  out_.begin_array(2);
  out_.write_string(type->name);
  if (type->schema->kind == Kind::record) return write_record(*type->schema, &spec.fields, path);
  // A built-in type (int64, string, vector<string>...) is written {type: int64, value: 5}.
  for (const auto& [name, field_value] : spec.fields.fields) {
    if (name != "type" && name != "value") {
      fail(field_value.mark, path + "." + name,
           "unknown field (a " + type->name + " message has only 'value')");
    }
  }
  write(*type->schema, spec.fields.find("value"), path + ".value");
}

void Builder::write(const Schema& schema, const Value* value, const std::string& path) {
  if (value != nullptr && value->kind == Value::Kind::null) value = nullptr;
  switch (schema.kind) {
    case Kind::boolean:
      return write_boolean(schema, value, path);
    case Kind::integer:
      return write_integer(schema, value, path);
    case Kind::unsigned_integer:
      return write_unsigned(schema, value, path);
    case Kind::floating:
      return write_floating(schema, value, path);
    case Kind::string:
      return write_string(schema, value, path);
    case Kind::address:
      return write_address(schema, value, path);
    case Kind::capabilities:
      return write_capabilities(schema, value, path);
    case Kind::message:
      return write_nested_message(schema, value, path);
    case Kind::duration:
      return write_duration(schema, value, path);
    case Kind::list:
      return write_list(schema, value, path);
    case Kind::map:
      return write_map(schema, value, path);
    case Kind::optional:
      return write_optional(schema, value, path);
    case Kind::variant:
      return write_variant(schema, value, path);
    case Kind::record:
      return write_record(schema, value, path);
    case Kind::enumeration:
      return write_enumeration(schema, value, path);
  }
}

void Builder::write_boolean(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.write_bool(false);
  const std::string& text = scalar(schema, *value, path);
  if (auto b = parse_bool(text)) return out_.write_bool(*b);
  fail(value->mark, path, "expected true or false, got '" + text + "'");
}

void Builder::write_integer(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.write_int(0);
  const std::string& text = scalar(schema, *value, path);
  const auto i = read_int(text, std::numeric_limits<std::int64_t>::min(),
                          std::numeric_limits<std::int64_t>::max());
  if (i.ok()) return out_.write_int(i.value);
  if (i.problem != NumberProblem::malformed) out_of_range(*value, schema, path);
  fail(value->mark, path, "expected an integer (" + schema.type_name + "), got '" + text + "'");
}

void Builder::write_unsigned(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.write_uint(0);
  const std::string& text = scalar(schema, *value, path);
  const auto u = read_uint(text, std::numeric_limits<std::uint64_t>::max());
  if (u.ok()) return out_.write_uint(u.value);
  if (u.problem != NumberProblem::malformed) out_of_range(*value, schema, path);
  fail(value->mark, path,
       "expected a non-negative integer (" + schema.type_name + "), got '" + text + "'");
}

void Builder::write_floating(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.write_double(0);
  const std::string& text = scalar(schema, *value, path);
  if (auto d = parse_double(text)) return out_.write_double(*d);
  fail(value->mark, path, "expected a number, got '" + text + "'");
}

void Builder::write_string(const Schema& schema, const Value* value, const std::string& path) {
  out_.write_string(value == nullptr ? "" : scalar(schema, *value, path));
}

void Builder::write_duration(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.write_int(0);
  const std::string& text = scalar(schema, *value, path);
  const auto read = read_duration(text);
  if (read.problem == NumberProblem::too_large || read.problem == NumberProblem::too_small) {
    fail(value->mark, path,
         text + " is out of range (the most is " + format_duration(longest_duration) +
             " either way)");
  }
  if (!read.ok()) {
    fail(value->mark, path, "expected a duration with a unit (e.g. 5ms, 2s), got '" + text + "'");
  }
  if (read.value.count() % schema.nanos_per_unit != 0) {
    fail(value->mark, path, "'" + text + "' is not a whole number of " + schema.type_name);
  }
  out_.write_int(read.value.count() / schema.nanos_per_unit);
}

void Builder::write_address(const Schema& schema, const Value* value, const std::string& path) {
  std::optional<ActorAddress> address = ActorAddress(0, 0);
  if (value != nullptr) {
    const std::string& text = scalar(schema, *value, path);
    address = text.starts_with('@') ? literal_address(text) : address_of_(text);
    if (!address) {
      fail(value->mark, path,
           "unknown actor '" + text + "' (name a scenario actor, or write an address @S.L)");
    }
  }
  out_.begin_array(2);
  out_.write_uint(address->system());
  out_.write_uint(address->local());
}

// Capabilities are written as YAML scalars whose type is read from their text, not from the
// schema: CapabilityValue is variant<bool, int64, double, string>, tried in that order.
void Builder::write_capabilities(const Schema&, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.begin_map(0);
  if (value->kind != Value::Kind::map)
    fail(value->mark, path, "expected a mapping of capabilities");
  out_.begin_map(value->fields.size());
  for (const auto& [name, item] : value->fields) {
    if (item.kind != Value::Kind::scalar) fail(item.mark, path + "." + name, "expected a value");
    out_.write_string(name);
    out_.begin_array(2);
    if (auto b = parse_bool(item.scalar)) {
      out_.write_uint(0);
      out_.write_bool(*b);
    } else if (auto i = parse_int(item.scalar)) {
      out_.write_uint(1);
      out_.write_int(*i);
    } else if (auto d = parse_double(item.scalar)) {
      out_.write_uint(2);
      out_.write_double(*d);
    } else {
      out_.write_uint(3);
      out_.write_string(item.scalar);
    }
  }
}

void Builder::write_nested_message(const Schema&, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.write_nil();
  const Value* type = value->find("type");
  if (value->kind != Value::Kind::map || type == nullptr || type->kind != Value::Kind::scalar) {
    fail(value->mark, path, "expected a message: {type: Name, field: value, ...}");
  }
  write_message({type->scalar, *value, value->mark}, path);
}

void Builder::write_list(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.begin_array(0);
  if (value->kind != Value::Kind::list) fail(value->mark, path, "expected a list");
  out_.begin_array(value->items.size());
  for (std::size_t i = 0; i < value->items.size(); ++i) {
    write(*schema.elements[0], &value->items[i], path + "[" + std::to_string(i) + "]");
  }
}

void Builder::write_map(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.begin_map(0);
  if (value->kind != Value::Kind::map) fail(value->mark, path, "expected a mapping");
  out_.begin_map(value->fields.size());
  for (const auto& [key, item] : value->fields) {
    const Value key_value = Value::of(key);
    write(*schema.elements[0], &key_value, path + "." + key);
    write(*schema.elements[1], &item, path + "." + key);
  }
}

void Builder::write_optional(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return out_.write_nil();
  write(*schema.elements[0], value, path);
}

// Written as {alternative type name: value}; left out, the first alternative's empty value.
void Builder::write_variant(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) {
    out_.begin_array(2);
    out_.write_uint(0);
    return write(*schema.elements[0], nullptr, path);
  }
  if (value->kind != Value::Kind::map || value->fields.size() != 1) {
    fail(value->mark, path, "expected {type: value} for a " + schema.type_name);
  }
  const auto& [alternative, item] = value->fields.front();
  for (std::size_t i = 0; i < schema.elements.size(); ++i) {
    if (schema.elements[i]->type_name != alternative) continue;
    out_.begin_array(2);
    out_.write_uint(i);
    return write(*schema.elements[i], &item, path);
  }
  fail(value->mark, path, "'" + alternative + "' is not one of " + schema.type_name);
}

void Builder::check_field_names(const Schema& schema, const Value& value,
                                const std::string& path) const {
  for (const auto& [name, field_value] : value.fields) {
    if (name == "type") continue;  // the message's own type name
    const bool known = std::any_of(schema.fields.begin(), schema.fields.end(),
                                   [&n = name](const auto& f) { return f.first == n; });
    if (!known) {
      fail(field_value.mark, path + "." + name,
           "unknown field of " + schema.type_name + " (its fields: " + field_names(schema) + ")");
    }
  }
}

void Builder::write_record(const Schema& schema, const Value* value, const std::string& path) {
  if (value != nullptr && value->kind != Value::Kind::map && value->kind != Value::Kind::null) {
    fail(value->mark, path, "expected the fields of " + schema.type_name + " as a mapping");
  }
  if (value != nullptr) check_field_names(schema, *value, path);
  out_.begin_array(schema.fields.size());
  for (const auto& [name, field_schema] : schema.fields) {
    write(*field_schema, value ? value->find(name) : nullptr, path + "." + name);
  }
}

// Written as the enumerator's name; left out, the first listed enumerator.
void Builder::write_enumeration(const Schema& schema, const Value* value, const std::string& path) {
  if (value == nullptr) return encode_enumerator(out_, schema, 0);
  const std::string& text = scalar(schema, *value, path);
  for (std::size_t i = 0; i < schema.enumerators.size(); ++i) {
    if (schema.enumerators[i].name == text) return encode_enumerator(out_, schema, i);
  }
  fail(
      value->mark, path,
      "'" + text + "' is not a " + schema.type_name + " (one of " + enumerator_names(schema) + ")");
}

}  // namespace

Message build_message(const MessageSpec& spec, const AddressOf& address_of,
                      const std::string& origin, const std::string& field) {
  Builder builder(address_of, origin);
  builder.write_message(spec, field);
  ByteDecoder decoder;
  try {
    return decode_message(decoder.parse(builder.encoder().bytes()));
  } catch (const DecodeError& e) {
    // Values that parse but do not fit (an integer out of range for its field width...).
    throw ScenarioError(origin, spec.mark.line, spec.mark.column, field, e.what());
  }
}

}  // namespace thespis::scenario::detail
