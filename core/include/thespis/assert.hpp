// THESPIS_ASSERT: programmer errors, checked in every build type (release included).
#pragma once

#include <source_location>
#include <string_view>

namespace thespis::detail {
[[noreturn]] void assertion_failed(std::string_view condition, std::string_view message,
                                   std::source_location where);
}  // namespace thespis::detail

#define THESPIS_ASSERT(condition, message)                                                       \
  do {                                                                                           \
    if (!(condition)) [[unlikely]]                                                               \
      ::thespis::detail::assertion_failed(#condition, message, std::source_location::current()); \
  } while (false)
