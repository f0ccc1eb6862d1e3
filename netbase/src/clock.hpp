// The monotonic clock of production bases, in nanoseconds.
#pragma once

#include <chrono>
#include <cstdint>

namespace thespis::net::detail {

inline std::int64_t monotonic_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace thespis::net::detail
