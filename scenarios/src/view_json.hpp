// Text that goes into the HTML page: JSON safe inside a <script> element, and HTML text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace thespis::scenario::detail {

/// Appends `text` as a JSON string that cannot end its <script> element or open a comment:
/// `<`, `>` and `&` are written as \u escapes, as are control characters and U+2028/U+2029.
void append_script_json_string(std::string& out, std::string_view text);
/// Appends `text` with & < > " ' as character references.
void append_html_text(std::string& out, std::string_view text);
void append_number(std::string& out, std::int64_t value);

}  // namespace thespis::scenario::detail
