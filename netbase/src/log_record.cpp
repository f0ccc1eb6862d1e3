#include <cstdio>
#include <ctime>

#include <thespis/net/log_file.hpp>
#include <thespis/net/log_record.hpp>

namespace thespis::net {
namespace {

/// ISO 8601 in UTC with microseconds: `2026-12-07T06:40:01.123456Z`.
std::string utc_time(std::int64_t ns) {
  const std::int64_t seconds = ns >= 0 ? ns / 1'000'000'000 : (ns + 1) / 1'000'000'000 - 1;
  const auto micros = static_cast<long>((ns - seconds * 1'000'000'000) / 1000);
  const auto whole = static_cast<std::time_t>(seconds);
  std::tm parts{};
  gmtime_r(&whole, &parts);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, micros);
  return buffer;
}

}  // namespace

std::string cut_log_text(std::string_view text) {
  if (text.size() <= max_log_text_bytes) return std::string(text);
  const std::string note = "... (" + std::to_string(text.size()) + " bytes, cut)";
  return std::string(text.substr(0, max_log_text_bytes - note.size())) + note;
}

std::string log_line(const LogRecord& record) {
  return utc_time(record.time_ns) + " " + std::string(to_string(record.level)) + " " +
         record.source.to_string() + " " + escape_log_text(record.type) + " " +
         escape_log_text(record.node) + " " + escape_log_text(record.text);
}

}  // namespace thespis::net
