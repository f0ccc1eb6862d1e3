// A string as a JSON string literal that any JSON reader accepts: quotes and backslashes
// escaped, control characters as \uXXXX, and a byte that does not begin valid UTF-8 (a message's
// binary field, a text cut mid-character) as U+FFFD. The trace files, the Chrome trace export and
// the run records write strings with it, so Python, browsers and jq read them.
#pragma once

#include <string>
#include <string_view>

namespace thespis::detail {

void render_json_string(std::string& out, std::string_view text);

}  // namespace thespis::detail
