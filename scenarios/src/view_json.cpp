// Escaping for the HTML page: its data is trace text from the run, which may say anything.
#include "view_json.hpp"

#include <array>
#include <charconv>

#include <thespis/detail/json_string.hpp>

namespace thespis::scenario::detail {
namespace {

void append_unicode_escape(std::string& out, unsigned code) {
  static constexpr char digits[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(code >> shift) & 0xfu];
}

}  // namespace

void append_script_json_string(std::string& out, std::string_view text) {
  // The JSON is render_json_string's (invalid UTF-8 becomes U+FFFD there); what a <script>
  // element adds is below. None of these characters is ever part of a JSON escape, so each can
  // be replaced wherever it appears in the literal.
  std::string json;
  thespis::detail::render_json_string(json, text);
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto c = static_cast<unsigned char>(json[i]);
    if (c == '<' || c == '>' || c == '&') {
      append_unicode_escape(out, c);
    } else if (c == 0xe2 && i + 2 < json.size() &&
               static_cast<unsigned char>(json[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(json[i + 2]) & 0xfeu) == 0xa8) {
      // U+2028 and U+2029 end a line in older JavaScript: escaped, they are plain data.
      append_unicode_escape(out, 0x2000u + static_cast<unsigned char>(json[i + 2]) - 0x80u);
      i += 2;
    } else {
      out += json[i];
    }
  }
}

void append_html_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

void append_number(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

}  // namespace thespis::scenario::detail
