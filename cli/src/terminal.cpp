#include "terminal.hpp"

#include <cstdlib>

#include <unistd.h>

namespace thespis::cli {

bool colour_for(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  return isatty(fd) != 0;
}

std::string paint(std::string_view text, Colour colour, bool on) {
  if (!on) return std::string(text);
  const char* code = colour == Colour::red ? "\033[1;31m" : "\033[32m";
  return code + std::string(text) + "\033[0m";
}

std::string paint_marks(const std::string& report, bool on) {
  if (!on) return report;
  std::string out;
  std::size_t start = 0;
  while (start < report.size()) {
    std::size_t end = report.find('\n', start);
    end = end == std::string::npos ? report.size() : end + 1;
    const std::string_view line(report.data() + start, end - start);
    if (line.starts_with("  FAIL  ")) {
      out += "  " + paint("FAIL", Colour::red, on) + std::string(line.substr(6));
    } else if (line.starts_with("  pass  ")) {
      out += "  " + paint("pass", Colour::green, on) + std::string(line.substr(6));
    } else {
      out += line;
    }
    start = end;
  }
  return out;
}

}  // namespace thespis::cli
