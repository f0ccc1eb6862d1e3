// gen::network(): a scenario's network (profile and default link options) within NetworkBounds,
// shrinking toward the first profile, a fixed minimum latency and zero rates. Per-link options
// and the datagram limit of a template's network are kept.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <ostream>

#include <rapidcheck.h>

#include <thespis/properties/gen/faults.hpp>
#include <thespis/properties/network_bounds.hpp>

namespace thespis::properties::gen {
namespace detail {

inline double rate_up_to(double max) {
  const int most = static_cast<int>(std::floor(max * 1000));
  return rate_from_permille(*rc::gen::inRange(0, most + 1));
}

}  // namespace detail

/// The defaults of `base` (its links and datagram limit stay) redrawn within `bounds`.
inline rc::Gen<scenario::NetworkSpec> network(NetworkBounds bounds,
                                              scenario::NetworkSpec base = {}) {
  validate(bounds);
  return rc::gen::exec([bounds, base] {
    scenario::NetworkSpec n = base;
    n.profile = *detail::one_of(bounds.profiles);
    const auto spread =
        *rc::gen::inRange<std::int64_t>(0, (bounds.max_latency - bounds.min_latency).count() + 1);
    n.defaults.latency = spread == 0 ? sim::Latency::fixed_at(bounds.min_latency)
                                     : sim::Latency::uniform_in(
                                           bounds.min_latency,
                                           bounds.min_latency + std::chrono::nanoseconds(spread));
    n.defaults.drop = detail::rate_up_to(bounds.max_drop);
    const bool udp = n.profile == sim::NetworkProfile::udp;
    n.defaults.duplicate = udp ? detail::rate_up_to(bounds.max_duplicate) : 0;
    n.defaults.reorder = udp ? detail::rate_up_to(bounds.max_reorder) : 0;
    n.defaults.corrupt = detail::rate_up_to(bounds.max_corrupt);
    return n;
  });
}

}  // namespace thespis::properties::gen

namespace thespis::scenario {
inline void showValue(const NetworkSpec& network, std::ostream& os) {
  os << properties::to_string(network);
}
}  // namespace thespis::scenario
