#include <cstdio>

#include <thespis/log.hpp>

namespace thespis {

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "?";
}

LogSink stderr_log_sink(LogLevel minimum) {
  return [minimum](LogLevel level, std::string_view source, std::string_view text) {
    if (level < minimum) return;
    const std::string_view name = to_string(level);
    std::fprintf(stderr, "[thespis %.*s %.*s] %.*s\n", static_cast<int>(name.size()), name.data(),
                 static_cast<int>(source.size()), source.data(), static_cast<int>(text.size()),
                 text.data());
  };
}

}  // namespace thespis
