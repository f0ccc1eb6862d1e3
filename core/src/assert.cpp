#include <cstdio>
#include <cstdlib>

#include <thespis/assert.hpp>

namespace thespis::detail {

void assertion_failed(std::string_view condition, std::string_view message,
                      std::source_location where) {
  std::fprintf(stderr, "thespis: assertion failed: %.*s (%.*s) at %s:%u in %s\n",
               static_cast<int>(message.size()), message.data(), static_cast<int>(condition.size()),
               condition.data(), where.file_name(), static_cast<unsigned>(where.line()),
               where.function_name());
  std::abort();
}

}  // namespace thespis::detail
