#include "flat_json.hpp"

#include <charconv>

namespace thespis::scenario::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// Appends the character an escape after a backslash stands for; at points at the escape
/// letter and ends on its last character. False for an escape the trace never writes.
bool unescape(std::string_view line, std::size_t& at, std::string& out) {
  const char e = line[at];
  const auto hex = [&](std::size_t digits) {
    unsigned value = 0;
    if (at + digits >= line.size()) return false;
    const char* first = line.data() + at + 1;
    const auto [end, error] = std::from_chars(first, first + digits, value, 16);
    if (error != std::errc() || end != first + digits || value > 0xff) return false;
    out += static_cast<char>(value);
    at += digits;
    return true;
  };
  switch (e) {
    case '"':
    case '\\':
    case '/':
      out += e;
      return true;
    case 'n':
      out += '\n';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'x':
      return hex(2);
    case 'u':
      return hex(4);
    default:
      return false;
  }
}

}  // namespace

FlatJsonScanner::FlatJsonScanner(std::string_view line) : line_(line) {
  skip_space();
  if (at_ >= line_.size() || line_[at_] != '{') {
    fail("not a JSON object (expected '{')");
    return;
  }
  ++at_;
}

bool FlatJsonScanner::fail(std::string what) {
  if (!problem_) problem_ = {std::move(what), at_ + 1};
  done_ = true;
  return false;
}

void FlatJsonScanner::skip_space() {
  while (at_ < line_.size() && is_space(line_[at_])) ++at_;
}

bool FlatJsonScanner::string(std::string& buffer, std::string_view& out) {
  const std::size_t start = ++at_;
  // The common case, a string without escapes, is a view into the line.
  const std::size_t end = line_.find_first_of("\"\\", start);
  if (end == std::string_view::npos) return fail("a string does not end on this line");
  if (line_[end] == '"') {
    out = line_.substr(start, end - start);
    at_ = end + 1;
    return true;
  }
  buffer.assign(line_.substr(start, end - start));
  for (at_ = end; at_ < line_.size(); ++at_) {
    const char c = line_[at_];
    if (c == '"') {
      ++at_;
      out = buffer;
      return true;
    }
    if (c != '\\') {
      buffer += c;
      continue;
    }
    if (++at_ >= line_.size()) break;
    if (!unescape(line_, at_, buffer)) return fail("an unknown escape in a string");
  }
  return fail("a string does not end on this line");
}

bool FlatJsonScanner::next(FlatJsonField& field) {
  if (done_) return false;
  skip_space();
  if (at_ >= line_.size()) return fail("the object does not end on this line (truncated?)");
  if (line_[at_] == '}') {
    ++at_;
    done_ = true;
    skip_space();
    if (at_ < line_.size()) fail("something follows the object's closing '}'");
    return false;
  }
  if (!first_) {
    if (line_[at_] != ',') return fail("expected ',' or '}' after a field");
    ++at_;
    skip_space();
  }
  first_ = false;
  if (at_ >= line_.size() || line_[at_] != '"') return fail("expected a field name in quotes");
  if (!string(key_buffer_, field.key)) return false;
  skip_space();
  if (at_ >= line_.size() || line_[at_] != ':') return fail("expected ':' after a field name");
  ++at_;
  skip_space();
  field.column = at_ + 1;
  if (at_ >= line_.size()) return fail("a field has no value (truncated?)");
  if (line_[at_] == '"') {
    field.quoted = true;
    return string(value_buffer_, field.value);
  }
  if (line_[at_] == '{' || line_[at_] == '[')
    return fail("a nested object or array (a trace line is flat)");
  const std::size_t start = at_;
  while (at_ < line_.size() && line_[at_] != ',' && line_[at_] != '}' && !is_space(line_[at_]))
    ++at_;
  if (at_ == start) return fail("a field has no value");
  field.quoted = false;
  field.value = line_.substr(start, at_ - start);
  return true;
}

}  // namespace thespis::scenario::detail
