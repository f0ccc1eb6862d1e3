// NetworkBounds: the network settings a property may draw — the profile, the latency and the
// rates of loss, duplication, reordering and corruption. gen::network() draws a scenario's
// NetworkSpec within them and shrinks toward the first profile, zero rates and the minimum
// latency.
#pragma once

#include <chrono>
#include <vector>

#include <thespis/scenario/scenario.hpp>
#include <thespis/sim/network.hpp>

namespace thespis::properties {

struct NetworkBounds {
  /// The profiles to draw from; the first is where shrinking goes.
  std::vector<sim::NetworkProfile> profiles = {sim::NetworkProfile::tcp};
  std::chrono::nanoseconds min_latency{std::chrono::microseconds(100)};
  std::chrono::nanoseconds max_latency{std::chrono::milliseconds(20)};
  /// Upper bounds of the rates, in [0, 1]. Duplicate and reorder apply to udp only.
  double max_drop = 0.1;
  double max_duplicate = 0.1;
  double max_reorder = 0.1;
  double max_corrupt = 0;
};

/// Throws thespis::Error for bounds that cannot be drawn from: no profile, latencies out of
/// order or negative, a rate outside [0, 1].
void validate(const NetworkBounds& bounds);

/// A rate drawn as a number of tenths of a percent: written to YAML and read back, it is the
/// same double, so a counterexample file replays the very network that failed.
double rate_from_permille(int permille);

/// One line: `udp, latency 1ms..5ms, drop 2.5%, duplicate 0%, ...`.
std::string to_string(const scenario::NetworkSpec& network);

}  // namespace thespis::properties
