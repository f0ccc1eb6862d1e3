// The clocks of production bases, in nanoseconds: monotonic for time inside a system, the wall
// clock only to stamp log lines people read beside other logs.
#pragma once

#include <chrono>
#include <cstdint>

namespace thespis::net::detail {

inline std::int64_t monotonic_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace thespis::net::detail
