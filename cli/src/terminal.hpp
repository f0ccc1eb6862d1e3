// Colour for people at a terminal, plain text for everything else: escape codes are written
// only to a terminal, and never when NO_COLOR is set to something (https://no-color.org), so
// a log file, a pipe or `grep` sees exactly the words.
#pragma once

#include <string>
#include <string_view>

namespace thespis::cli {

enum class Colour { red, green };

/// Whether what goes to `fd` may be coloured: a terminal, and NO_COLOR unset or empty.
bool colour_for(int fd);

/// `text` in `colour` when `on`, else `text` as it is.
std::string paint(std::string_view text, Colour colour, bool on);

/// A run report (RunResult::report) with the verdict marks at the start of its lines painted:
/// `FAIL` red, `pass` green.
std::string paint_marks(const std::string& report, bool on);

}  // namespace thespis::cli
