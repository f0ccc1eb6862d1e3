#include "flat_json.hpp"

#include <charconv>

namespace thespis::scenario::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void append_utf8(std::string& out, unsigned code) {
  const auto put = [&](unsigned byte) { out += static_cast<char>(byte); };
  if (code < 0x80) {
    put(code);
  } else if (code < 0x800) {
    put(0xc0 | (code >> 6));
    put(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    put(0xe0 | (code >> 12));
    put(0x80 | ((code >> 6) & 0x3f));
    put(0x80 | (code & 0x3f));
  } else {
    put(0xf0 | (code >> 18));
    put(0x80 | ((code >> 12) & 0x3f));
    put(0x80 | ((code >> 6) & 0x3f));
    put(0x80 | (code & 0x3f));
  }
}

/// Appends the character an escape after a backslash stands for; at points at the escape
/// letter and ends on its last character. False for an escape the trace never writes.
bool unescape(std::string_view line, std::size_t& at, std::string& out) {
  const char e = line[at];
  const auto number = [&](std::size_t from, std::size_t digits, unsigned& value) {
    if (from + digits >= line.size()) return false;
    const char* first = line.data() + from + 1;
    const auto [end, error] = std::from_chars(first, first + digits, value, 16);
    return error == std::errc() && end == first + digits;
  };
  const auto hex = [&](std::size_t digits) {  // \xHH: one byte, as render_string writes it
    unsigned value = 0;
    if (!number(at, digits, value) || value > 0xff) return false;
    out += static_cast<char>(value);
    at += digits;
    return true;
  };
  const auto unicode = [&] {  // \uXXXX (a surrogate pair: two), as UTF-8
    unsigned value = 0;
    if (!number(at, 4, value)) return false;
    at += 4;
    unsigned low = 0;
    if (value >= 0xd800 && value < 0xdc00 && at + 2 < line.size() && line[at + 1] == '\\' &&
        line[at + 2] == 'u' && number(at + 2, 4, low) && low >= 0xdc00 && low < 0xe000) {
      value = 0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00);
      at += 6;
    } else if (value >= 0xd800 && value < 0xe000) {
      value = 0xfffd;  // a lone surrogate
    }
    append_utf8(out, value);
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
      return unicode();
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
