// Diagnostics: the small logging facade. A base owns the sink (from SystemOptions) and
// library code logs through it; nothing in thespis writes to std::cout.
#pragma once

#include <functional>
#include <string_view>

namespace thespis {

enum class LogLevel { debug, info, warning, error };

std::string_view to_string(LogLevel level);

/// Receives one diagnostic line: its level, where it came from (an actor address, "sim",
/// "admin"...) and the text.
using LogSink = std::function<void(LogLevel level, std::string_view source, std::string_view text)>;

/// A sink writing `[thespis LEVEL source] text` lines to stderr for levels >= `minimum`.
LogSink stderr_log_sink(LogLevel minimum = LogLevel::info);

}  // namespace thespis
