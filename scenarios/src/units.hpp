// Units as scenarios write them: durations ("5ms", "2s", "-300ms"), percentages ("10%"),
// drift ("100ppm"). Parsers return nothing for malformed text; callers name the field.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace thespis::scenario::detail {

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);
/// A percentage in [0, 100] as a probability in [0, 1]; nothing if malformed or out of range.
std::optional<double> parse_percent(std::string_view text);
std::optional<std::int64_t> parse_ppm(std::string_view text);
std::optional<std::int64_t> parse_int(std::string_view text);
std::optional<std::uint64_t> parse_uint(std::string_view text);
std::optional<double> parse_double(std::string_view text);
std::optional<bool> parse_bool(std::string_view text);

/// The shortest exact form: "1500us" -> "1500us", 2000000000ns -> "2s".
std::string format_duration(std::chrono::nanoseconds value);
std::string format_percent(double probability);
/// A point in virtual time for people: "127.376ms".
std::string format_time(std::chrono::nanoseconds value);

}  // namespace thespis::scenario::detail
