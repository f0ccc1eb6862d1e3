// Escaping for the HTML page: its data is trace text from the run, which may say anything.
#include "view_json.hpp"

#include <array>
#include <charconv>

namespace thespis::scenario::detail {
namespace {

void append_unicode_escape(std::string& out, unsigned code) {
  static constexpr char digits[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(code >> shift) & 0xfu];
}

}  // namespace

void append_script_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      append_unicode_escape(out, c);
    } else if (c == 0xe2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) & 0xfeu) == 0xa8) {
      // U+2028 and U+2029 end a line in older JavaScript: escaped, they are plain data.
      append_unicode_escape(out, 0x2000u + static_cast<unsigned char>(text[i + 2]) - 0x80u);
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
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
