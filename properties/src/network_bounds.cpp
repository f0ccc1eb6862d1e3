#include <cmath>

#include <thespis/error.hpp>
#include <thespis/properties/network_bounds.hpp>

namespace thespis::properties {
namespace {

std::string percent(double rate) {
  // Rates are whole tenths of a percent (rate_from_permille), so one decimal is exact.
  const long tenths = std::lround(rate * 1000);
  return std::to_string(tenths / 10) + (tenths % 10 != 0 ? "." + std::to_string(tenths % 10) : "") +
         "%";
}

std::string latency(const sim::Latency& l) {
  if (l.shape == sim::Latency::Shape::fixed) return scenario::format_duration(l.min);
  return scenario::format_duration(l.min) + ".." + scenario::format_duration(l.max);
}

}  // namespace

void validate(const NetworkBounds& b) {
  if (b.profiles.empty()) throw Error("network bounds: no profile to draw from");
  if (b.min_latency < std::chrono::nanoseconds{0} || b.max_latency < b.min_latency) {
    throw Error("network bounds: latencies need 0 <= min_latency <= max_latency");
  }
  for (double rate : {b.max_drop, b.max_duplicate, b.max_reorder, b.max_corrupt}) {
    if (!(rate >= 0 && rate <= 1)) throw Error("network bounds: a rate is outside [0, 1]");
  }
}

double rate_from_permille(int permille) { return (permille / 10.0) / 100; }

std::string to_string(const scenario::NetworkSpec& n) {
  const sim::LinkOptions& d = n.defaults;
  return sim::to_string(n.profile) + ", latency " + latency(d.latency) + ", drop " +
         percent(d.drop) + ", duplicate " + percent(d.duplicate) + ", reorder " +
         percent(d.reorder) + ", corrupt " + percent(d.corrupt);
}

}  // namespace thespis::properties
