#include <cstdio>
#include <cstdlib>

#include <thespis/assert.hpp>

namespace thespis::detail {

void assertion_failed(std::string_view condition, std::string_view message, const char* file,
                      unsigned line, const char* function) {
  std::fprintf(stderr, "thespis: assertion failed: %.*s (%.*s) at %s:%u in %s\n",
               static_cast<int>(message.size()), message.data(), static_cast<int>(condition.size()),
               condition.data(), file, line, function);
  std::abort();
}

}  // namespace thespis::detail
