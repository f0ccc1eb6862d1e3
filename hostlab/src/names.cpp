#include "names.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <thespis/hostlab/error.hpp>

namespace thespis::hostlab::detail {
namespace {

/// The decimal number at the start of `text` (after `prefix`), ended by `end` or the text's end.
std::optional<pid_t> number_after(std::string_view text, std::string_view prefix, char end) {
  if (!text.starts_with(prefix)) return std::nullopt;
  text.remove_prefix(prefix.size());
  pid_t value = 0;
  const auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || rest == text.data() || value <= 0) return std::nullopt;
  if (rest != text.data() + text.size() && *rest != end) return std::nullopt;
  return value;
}

}  // namespace

std::string netns_name(pid_t owner, unsigned lab, std::string_view host) {
  return std::string(netns_prefix) + std::to_string(owner) + "-" + std::to_string(lab) + "-" +
         std::string(host);
}

std::string bridge_name(unsigned slot) { return std::string(bridge_prefix) + std::to_string(slot); }

std::string veth_name(unsigned slot, std::size_t index) {
  return std::string(veth_prefix) + std::to_string(slot) + "h" + std::to_string(index);
}

std::string link_alias(pid_t owner, unsigned lab) {
  return std::string(alias_prefix) + std::to_string(owner) + "-lab-" + std::to_string(lab);
}

std::string table_name(pid_t owner, unsigned lab) {
  return std::string(table_prefix) + std::to_string(owner) + "_" + std::to_string(lab);
}

bool is_lab_link(std::string_view name) {
  const auto digit_after = [&](std::string_view prefix) {
    return name.starts_with(prefix) && name.size() > prefix.size() &&
           std::isdigit(static_cast<unsigned char>(name[prefix.size()]));
  };
  return digit_after(bridge_prefix) || digit_after(veth_prefix);
}

std::optional<unsigned> link_slot(std::string_view name) {
  for (std::string_view prefix : {bridge_prefix, veth_prefix}) {
    if (!name.starts_with(prefix)) continue;
    name.remove_prefix(prefix.size());
    unsigned slot = 0;
    const auto [rest, error] = std::from_chars(name.data(), name.data() + name.size(), slot);
    if (error == std::errc{} && rest != name.data()) return slot;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<pid_t> netns_owner(std::string_view name) {
  return number_after(name, netns_prefix, '-');
}

std::optional<pid_t> alias_owner(std::string_view alias) {
  return number_after(alias, alias_prefix, '-');
}

std::optional<pid_t> table_owner(std::string_view name) {
  return number_after(name, table_prefix, '_');
}

void check_host_name(std::string_view host) {
  const bool valid =
      !host.empty() && host.size() <= 64 && host != "." && host != ".." &&
      std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      });
  if (!valid) {
    throw HostLabError("invalid host name '" + std::string(host) +
                       "': use 1 to 64 letters, digits, '_', '-' or '.'");
  }
}

}  // namespace thespis::hostlab::detail
