// One line of the merged log of a tcp or udp system: what an actor logged (Actor::log), stamped
// where it was logged, as an admin keeps it and `thespis logs` shows it. An admin keeps the
// lines of its own actors; the convention leader also keeps the warnings and errors of every
// member's actors, so one place shows what went wrong anywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <thespis/actor_address.hpp>
#include <thespis/log.hpp>

namespace thespis::net {

struct LogRecord {
  std::int64_t time_ns = 0;  ///< wall clock when the actor logged it: ns since the UNIX epoch
  LogLevel level = LogLevel::info;
  ActorAddress source;  ///< the actor that logged it
  std::string type;     ///< its actor type ("?" when its admin no longer knows it)
  std::string node;     ///< "host:port" of the admin the actor runs under
  std::string text;     ///< as logged, cut to max_log_text_bytes
};

/// A longer text is cut to this many bytes when it is logged (and says so).
inline constexpr std::size_t max_log_text_bytes = 16 * 1024;
/// `text`, or when longer than max_log_text_bytes its head ending `... (N bytes cut)`, within
/// the bound.
std::string cut_log_text(std::string_view text);

/// One line, no newline: `2026-12-07T06:40:01.123456Z warning @3.4 Worker 127.0.0.1:1900 text`,
/// with the text escaped as the log file escapes it (control characters cannot forge a line).
std::string log_line(const LogRecord& record);

}  // namespace thespis::net
