// Units as scenarios write them: durations ("5ms", "2s", "-300ms"), percentages ("10%"),
// drift ("100ppm"). The read_* functions say why a text is not a number in range (malformed, too
// large, too small), so that the caller can name the field and the bound; the parse_* ones give
// nothing for either. None of them overflows: a number past its type's range is "too large".
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace thespis::scenario::detail {

/// Why a text did not give a number in range.
enum class NumberProblem { none, malformed, too_large, too_small };

/// A number read from text, or why not.
template <class T>
struct Reading {
  T value{};
  NumberProblem problem = NumberProblem::none;
  bool ok() const { return problem == NumberProblem::none; }
};

/// A duration with its unit, within ±longest_duration (limits.hpp).
Reading<std::chrono::nanoseconds> read_duration(std::string_view text);
/// A whole number in [low, high] ("+" allowed).
Reading<std::int64_t> read_int(std::string_view text, std::int64_t low, std::int64_t high);
/// A whole number in [0, high].
Reading<std::uint64_t> read_uint(std::string_view text, std::uint64_t high);
/// Parts per million ("100ppm") in [low, high].
Reading<std::int64_t> read_ppm(std::string_view text, std::int64_t low, std::int64_t high);

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
/// A length of time for people, in parts: 3600000100ms -> "1000h 100ms".
std::string format_span(std::chrono::nanoseconds value);
std::string format_percent(double probability);
/// A point in virtual time for people: "127.376ms".
std::string format_time(std::chrono::nanoseconds value);

}  // namespace thespis::scenario::detail
