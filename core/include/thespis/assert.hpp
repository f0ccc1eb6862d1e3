// THESPIS_ASSERT: programmer errors, checked in every build type (release included).
//
// The site is passed as __FILE__/__LINE__/__func__ rather than std::source_location: clang
// before 15 with libstdc++ (the fuzz preset's compiler) has no std::source_location.
#pragma once

#include <string_view>

namespace thespis::detail {
[[noreturn]] void assertion_failed(std::string_view condition, std::string_view message,
                                   const char* file, unsigned line, const char* function);
}  // namespace thespis::detail

#define THESPIS_ASSERT(condition, message)                                                    \
  do {                                                                                        \
    if (!(condition)) [[unlikely]]                                                            \
      ::thespis::detail::assertion_failed(#condition, message, __FILE__, __LINE__, __func__); \
  } while (false)
