#include "reader.hpp"

#include <thespis/scenario/limits.hpp>

#include "scenario_error.hpp"
#include "units.hpp"

namespace thespis::scenario::detail {

std::string join_keys(std::initializer_list<std::string_view> keys) {
  std::string out;
  for (const std::string_view key : keys) out += (out.empty() ? "" : ", ") + std::string(key);
  return out;
}

void Reader::fail(const Mark& at, const std::string& field, const std::string& problem) const {
  throw_scenario_error(origin_, at, field, problem);
}

void Reader::fail(const Value& at, const std::string& field, const std::string& problem) const {
  fail(at.mark, field, problem);
}

void Reader::expect_map(const Value& value, const std::string& field) const {
  if (value.kind != Value::Kind::map) fail(value, field, "expected a mapping (key: value)");
}

void Reader::expect_list(const Value& value, const std::string& field) const {
  if (value.kind != Value::Kind::list) fail(value, field, "expected a list");
}

void Reader::only_keys(const Value& map, const std::string& field,
                       std::initializer_list<std::string_view> allowed) const {
  expect_map(map, field);
  for (const auto& [key, value] : map.fields) {
    bool known = false;
    for (const std::string_view name : allowed) known = known || name == key;
    if (!known) {
      fail(value, field.empty() ? key : field + "." + key,
           "unknown field (expected one of: " + join_keys(allowed) + ")");
    }
  }
}

const Value& Reader::required(const Value& map, const std::string& field,
                              std::string_view key) const {
  const Value* value = map.find(key);
  const std::string path = field.empty() ? std::string(key) : field + "." + std::string(key);
  if (value == nullptr) fail(map, path, "required field missing");
  return *value;
}

std::string Reader::text(const Value& value, const std::string& field) const {
  if (value.kind != Value::Kind::scalar) fail(value, field, "expected a single value");
  return value.scalar;
}

std::string Reader::name(const Value& value, const std::string& field) const {
  std::string result = text(value, field);
  if (result.empty()) fail(value, field, "expected a name");
  return result;
}

std::chrono::nanoseconds Reader::duration(const Value& value, const std::string& field) const {
  const std::string written = text(value, field);
  const auto read = read_duration(written);
  switch (read.problem) {
    case NumberProblem::none:
      break;
    case NumberProblem::malformed:
      fail(value, field,
           "expected a duration with a unit (ns, us, ms, s, min, h), e.g. 5ms, got '" + written +
               "'");
    case NumberProblem::too_large:
      fail(value, field,
           written + " is too large (the most is " + format_duration(longest_duration) + ")");
    case NumberProblem::too_small:
      fail(value, field,
           written + " is too far below zero (the least is " + format_duration(-longest_duration) +
               ")");
  }
  return read.value;
}

std::chrono::nanoseconds Reader::non_negative_duration(const Value& value,
                                                       const std::string& field) const {
  const auto parsed = duration(value, field);
  if (parsed.count() < 0) fail(value, field, "must not be negative");
  return parsed;
}

double Reader::percent(const Value& value, const std::string& field) const {
  const std::string written = text(value, field);
  const auto parsed = parse_percent(written);
  if (!parsed) {
    fail(value, field, "expected a percentage between 0% and 100%, e.g. 5%, got '" + written + "'");
  }
  return *parsed;
}

std::int64_t Reader::ppm(const Value& value, const std::string& field, std::int64_t low,
                         std::int64_t high) const {
  const std::string written = text(value, field);
  const auto read = read_ppm(written, low, high);
  if (read.problem == NumberProblem::malformed) {
    fail(value, field, "expected parts per million, e.g. 100ppm, got '" + written + "'");
  }
  if (read.problem == NumberProblem::too_large) {
    fail(value, field, written + " is too large (the most is " + std::to_string(high) + "ppm)");
  }
  if (read.problem == NumberProblem::too_small) {
    fail(value, field,
         low == 0 ? "must not be negative"
                  : written + " is too small (the least is " + std::to_string(low) + "ppm)");
  }
  return read.value;
}

std::uint64_t Reader::count(const Value& value, const std::string& field, std::uint64_t low,
                            std::uint64_t high) const {
  const std::string written = text(value, field);
  const auto read = read_uint(written, high);
  if (read.problem == NumberProblem::too_large) {
    fail(value, field, written + " is too large (the most is " + std::to_string(high) + ")");
  }
  if (!read.ok()) fail(value, field, "expected a whole number, got '" + written + "'");
  if (read.value < low) fail(value, field, "must be at least " + std::to_string(low));
  return read.value;
}

Capabilities Reader::capabilities(const Value& value, const std::string& field) const {
  Capabilities caps;
  if (value.kind == Value::Kind::null) return caps;
  expect_map(value, field);
  for (const auto& [key, item] : value.fields) {
    const std::string written = text(item, field + "." + key);
    if (auto b = parse_bool(written)) {
      caps.set(key, *b);
    } else if (auto i = parse_int(written)) {
      caps.set(key, *i);
    } else if (auto d = parse_double(written)) {
      caps.set(key, *d);
    } else {
      caps.set(key, written);
    }
  }
  return caps;
}

sim::Latency Reader::latency(const Value& value, const std::string& field) const {
  if (value.kind == Value::Kind::scalar) {
    const auto dots = value.scalar.find("..");
    if (dots == std::string::npos)
      return sim::Latency::fixed_at(non_negative_duration(value, field));
    const auto low = read_duration(value.scalar.substr(0, dots));
    const auto high = read_duration(value.scalar.substr(dots + 2));
    for (const auto& end : {low, high}) {
      if (end.problem == NumberProblem::too_large) {
        fail(value, field,
             "'" + value.scalar + "' is too large (the most is " +
                 format_duration(longest_duration) + ")");
      }
    }
    if (!low.ok() || !high.ok() || low.value < std::chrono::nanoseconds(0) ||
        high.value < low.value) {
      fail(value, field,
           "expected a range LOW..HIGH with units, e.g. 1ms..5ms, got '" + value.scalar + "'");
    }
    return sim::Latency::uniform_in(low.value, high.value);
  }
  only_keys(value, field, {"min", "mean", "max"});
  const auto low = non_negative_duration(required(value, field, "min"), field + ".min");
  const auto high = non_negative_duration(required(value, field, "max"), field + ".max");
  if (high < low) fail(value, field + ".max", "must not be below min");
  if (const Value* mean = value.find("mean")) {
    return sim::Latency::exponential_tail(low, non_negative_duration(*mean, field + ".mean"), high);
  }
  return sim::Latency::uniform_in(low, high);
}

void Reader::link_options(const Value& map, const std::string& field, sim::LinkOptions& out) const {
  const auto at = [&](std::string_view key) { return field + "." + std::string(key); };
  if (const Value* v = map.find("latency")) out.latency = latency(*v, at("latency"));
  if (const Value* v = map.find("drop")) out.drop = percent(*v, at("drop"));
  if (const Value* v = map.find("duplicate")) out.duplicate = percent(*v, at("duplicate"));
  if (const Value* v = map.find("reorder")) out.reorder = percent(*v, at("reorder"));
  if (const Value* v = map.find("reorder_window")) {
    out.reorder_window = non_negative_duration(*v, at("reorder_window"));
  }
  if (const Value* v = map.find("corrupt")) out.corrupt = percent(*v, at("corrupt"));
}

}  // namespace thespis::scenario::detail
