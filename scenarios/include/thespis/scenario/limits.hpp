// Limits on scenario input: how large a file may be, how many YAML nodes it may expand to, how
// long a written duration may be, and how much virtual time one run may simulate. They exist
// so that a hostile or mistaken file is refused with an error that names the field, before
// anything big is built or run: ten lines of nested YAML aliases stand for a billion nodes, a
// duration of 9223372036854775807ns wraps the clock, and a phase of 1000h runs for minutes and
// hundreds of megabytes without a word. docs/scenario-reference.md lists them.
//
// The load limits are checked by load_scenario/parse_scenario; the time limit by run_scenario
// (RunOptions::max_time), since one file may be run under different limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <thespis/scenario/fwd.hpp>

namespace thespis::scenario {

/// What load_scenario and parse_scenario accept; the defaults are far above any real scenario.
struct LoadLimits {
  /// The size of the file itself.
  std::uint64_t max_file_bytes = 16 * 1024 * 1024;
  /// YAML nodes (scalars, lists, mappings and mapping keys) once aliases are expanded: an
  /// alias counts every node of what it stands for.
  std::uint64_t max_nodes = 1'000'000;
  /// Bytes of scalar and key text once aliases are expanded (an alias of a long text counts
  /// that text again).
  std::uint64_t max_text_bytes = 64 * 1024 * 1024;
  /// Lists and mappings nested in one another, aliases expanded.
  std::size_t max_depth = 64;
};

/// The longest duration a scenario may write, either way: 100000h (about 11 years). Times in a
/// run are sums of a few written durations; keeping each far below the 292 years that int64
/// nanoseconds hold keeps those sums from overflowing.
inline constexpr std::chrono::nanoseconds longest_duration = std::chrono::hours(100'000);

/// The virtual time a run may simulate unless RunOptions::max_time (`--max-time`) says
/// otherwise: an hour is far more than a failure scenario needs, and far less than a typo such
/// as `1000h` would make the simulation grind through.
inline constexpr std::chrono::nanoseconds default_max_time = std::chrono::hours(1);

/// Reads a maximum simulated time as the command line writes it ("2h", "90min"): a duration
/// with its unit, above zero and at most longest_duration. Throws Error naming `option`.
std::chrono::nanoseconds max_time_from_text(std::string_view text,
                                            std::string_view option = "--max-time");

/// Throws ScenarioError naming the phase duration or expectation that would take a run of
/// `scenario` past `max_time` of virtual time, and suggesting --max-time. run_scenario calls it
/// before it starts; call it yourself to refuse a scenario before handing it to workers.
void check_max_time(const Scenario& scenario, std::chrono::nanoseconds max_time);

}  // namespace thespis::scenario
