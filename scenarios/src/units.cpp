#include "units.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include <thespis/scenario/limits.hpp>

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

Reading<std::int64_t> read_int(std::string_view text, std::int64_t low, std::int64_t high) {
  if (text.starts_with('+') && !text.starts_with("+-")) text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ptr != text.data() + text.size()) return {0, NumberProblem::malformed};
  if (ec == std::errc::result_out_of_range) {
    return {0, text.starts_with('-') ? NumberProblem::too_small : NumberProblem::too_large};
  }
  if (ec != std::errc()) return {0, NumberProblem::malformed};
  if (value < low) return {0, NumberProblem::too_small};
  if (value > high) return {0, NumberProblem::too_large};
  return {value};
}

Reading<std::uint64_t> read_uint(std::string_view text, std::uint64_t high) {
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ptr != text.data() + text.size()) return {0, NumberProblem::malformed};
  if (ec == std::errc::result_out_of_range) return {0, NumberProblem::too_large};
  if (ec != std::errc()) return {0, NumberProblem::malformed};
  if (value > high) return {0, NumberProblem::too_large};
  return {value};
}

Reading<std::int64_t> read_ppm(std::string_view text, std::int64_t low, std::int64_t high) {
  if (!text.ends_with("ppm")) return {0, NumberProblem::malformed};
  return read_int(text.substr(0, text.size() - 3), low, high);
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  const auto read = read_int(text, std::numeric_limits<std::int64_t>::min(),
                             std::numeric_limits<std::int64_t>::max());
  return read.ok() ? std::optional(read.value) : std::nullopt;
}

std::optional<std::uint64_t> parse_uint(std::string_view text) {
  const auto read = read_uint(text, std::numeric_limits<std::uint64_t>::max());
  return read.ok() ? std::optional(read.value) : std::nullopt;
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

Reading<std::chrono::nanoseconds> read_duration(std::string_view text) {
  using Nanos = std::chrono::nanoseconds;
  const std::int64_t longest = longest_duration.count();
  for (const Unit& unit : units) {
    if (text.size() <= unit.suffix.size() || !text.ends_with(unit.suffix)) continue;
    const std::string_view number = text.substr(0, text.size() - unit.suffix.size());
    // Bounded before multiplying, so that no count of any unit can wrap.
    const std::int64_t most = longest / unit.nanos;
    const auto whole = read_int(number, -most, most);
    if (whole.ok()) return {Nanos(whole.value * unit.nanos)};
    if (whole.problem != NumberProblem::malformed) return {Nanos(0), whole.problem};
    double fraction = 0;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), fraction);
    if (ptr != number.data() + number.size()) return {Nanos(0), NumberProblem::malformed};
    if (ec == std::errc::result_out_of_range) {
      // Past what a double holds: huge ("1e400s"), or so small that it is no time at all.
      const double magnitude = std::strtod(std::string(number).c_str(), nullptr);
      if (std::fabs(magnitude) < 1) return {Nanos(0)};
      return {Nanos(0), magnitude < 0 ? NumberProblem::too_small : NumberProblem::too_large};
    }
    if (ec != std::errc() || !std::isfinite(fraction)) return {Nanos(0), NumberProblem::malformed};
    const double nanos = fraction * static_cast<double>(unit.nanos);
    if (nanos > static_cast<double>(longest)) return {Nanos(0), NumberProblem::too_large};
    if (nanos < -static_cast<double>(longest)) return {Nanos(0), NumberProblem::too_small};
    return {Nanos(std::llround(nanos))};
  }
  return {Nanos(0), NumberProblem::malformed};
}

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  const auto read = read_duration(text);
  return read.ok() ? std::optional(read.value) : std::nullopt;
}

std::optional<double> parse_percent(std::string_view text) {
  if (!text.ends_with('%')) return std::nullopt;
  const auto value = parse_double(text.substr(0, text.size() - 1));
  if (!value || *value < 0 || *value > 100) return std::nullopt;
  return *value / 100;
}

std::optional<std::int64_t> parse_ppm(std::string_view text) {
  const auto read = read_ppm(text, std::numeric_limits<std::int64_t>::min(),
                             std::numeric_limits<std::int64_t>::max());
  return read.ok() ? std::optional(read.value) : std::nullopt;
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

std::string format_span(std::chrono::nanoseconds value) {
  if (value.count() <= 0) return format_duration(value);
  std::int64_t ns = value.count();
  std::string out;
  for (const Unit unit :
       {Unit{"h", 3'600'000'000'000}, Unit{"min", 60'000'000'000}, Unit{"s", 1'000'000'000},
        Unit{"ms", 1'000'000}, Unit{"us", 1'000}, Unit{"ns", 1}}) {
    if (ns < unit.nanos) continue;
    out += (out.empty() ? "" : " ") + std::to_string(ns / unit.nanos) + std::string(unit.suffix);
    ns %= unit.nanos;
  }
  return out;
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
