#include "actor_names.hpp"

#include <cctype>

namespace thespis::scenario::detail {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

/// The end of the address "@digits.digits" that starts at `at`, or `at` if there is none.
std::size_t address_end(const std::string& text, std::size_t at) {
  std::size_t i = at + 1;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    return i > from;
  };
  if (!digits() || i >= text.size() || text[i] != '.') return at;
  ++i;
  return digits() ? i : at;
}

}  // namespace

std::string with_actor_names(const std::string& text,
                             const std::map<std::string, std::string>& names) {
  if (names.empty()) return text;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = text.find('@', i);
    if (at == std::string::npos) break;
    const std::size_t end = address_end(text, at);
    out.append(text, i, at - i);
    const auto name = names.find(text.substr(at, end - at));
    if (end > at && name != names.end()) {
      out += name->second;
      i = end;
    } else {
      out += '@';
      i = at + 1;
    }
  }
  out.append(text, i, std::string::npos);
  return out;
}

std::map<std::string, std::string> names_by_address(
    const std::map<std::string, std::string>& addresses) {
  std::map<std::string, std::string> names;
  for (const auto& [name, address] : addresses) names[address] = name;
  return names;
}

}  // namespace thespis::scenario::detail
