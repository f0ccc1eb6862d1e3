#include "units.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace thespis::scenario::detail {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t nanos;
};

// Longest suffixes first, so "ms" is not read as "s".
constexpr Unit units[] = {{"ns", 1},
                          {"us", 1'000},
                          {"ms", 1'000'000},
                          {"min", 60'000'000'000},
                          {"h", 3'600'000'000'000},
                          {"s", 1'000'000'000}};

}  // namespace

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_uint(std::string_view text) {
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> parse_double(std::string_view text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  return std::nullopt;
}

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  for (const Unit& unit : units) {
    if (text.size() <= unit.suffix.size() || !text.ends_with(unit.suffix)) continue;
    const std::string_view number = text.substr(0, text.size() - unit.suffix.size());
    if (auto whole = parse_int(number)) {
      return std::chrono::nanoseconds(*whole * unit.nanos);
    }
    if (auto fraction = parse_double(number)) {
      return std::chrono::nanoseconds(std::llround(*fraction * static_cast<double>(unit.nanos)));
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> parse_percent(std::string_view text) {
  if (!text.ends_with('%')) return std::nullopt;
  const auto value = parse_double(text.substr(0, text.size() - 1));
  if (!value || *value < 0 || *value > 100) return std::nullopt;
  return *value / 100;
}

std::optional<std::int64_t> parse_ppm(std::string_view text) {
  if (!text.ends_with("ppm")) return std::nullopt;
  return parse_int(text.substr(0, text.size() - 3));
}

std::string format_duration(std::chrono::nanoseconds value) {
  const std::int64_t ns = value.count();
  if (ns == 0) return "0ms";
  for (const Unit unit : {Unit{"h", 3'600'000'000'000}, Unit{"min", 60'000'000'000},
                          Unit{"s", 1'000'000'000}, Unit{"ms", 1'000'000}, Unit{"us", 1'000}}) {
    if (ns % unit.nanos == 0) return std::to_string(ns / unit.nanos) + std::string(unit.suffix);
  }
  return std::to_string(ns) + "ns";
}

std::string format_time(std::chrono::nanoseconds value) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3fms", static_cast<double>(value.count()) / 1e6);
  return buffer;
}

std::string format_percent(double probability) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g%%", probability * 100);
  return buffer;
}

}  // namespace thespis::scenario::detail
