// The names a Lab gives what it makes, and how a sweep reads the owner back from them.
//
// Interface names are at most 15 characters, too short for a pid and a lab number, so links are
// named after the Lab's subnet slot (unique on the machine while the Lab lives: it is chosen
// under a lock among the unused ones) and carry the owner in their alias. Namespace and table
// names have room for the owner themselves.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace thespis::hostlab::detail {

inline constexpr std::string_view netns_prefix = "thespis-";
inline constexpr std::string_view bridge_prefix = "thbr";
inline constexpr std::string_view veth_prefix = "thv";
inline constexpr std::string_view table_prefix = "thespis_";
inline constexpr std::string_view alias_prefix = "thespis-hostlab-pid-";

/// "thespis-<pid>-<lab>-<host>".
std::string netns_name(pid_t owner, unsigned lab, std::string_view host);
/// "thbr<slot>".
std::string bridge_name(unsigned slot);
/// "thv<slot>h<index>": the host's end is renamed eth0 inside its namespace.
std::string veth_name(unsigned slot, std::size_t index);
/// "thespis-hostlab-pid-<pid>-lab-<lab>" (no spaces: it goes through `ip -batch`).
std::string link_alias(pid_t owner, unsigned lab);
/// "thespis_<pid>_<lab>".
std::string table_name(pid_t owner, unsigned lab);

/// Whether an interface name is one a Lab makes.
bool is_lab_link(std::string_view name);
/// The subnet slot in a link name made above ("thbr12" and "thv12h0" -> 12).
std::optional<unsigned> link_slot(std::string_view name);
/// The owner pid of a name or alias made above, or nullopt when it is not one.
std::optional<pid_t> netns_owner(std::string_view name);
std::optional<pid_t> alias_owner(std::string_view alias);
std::optional<pid_t> table_owner(std::string_view name);

/// Throws HostLabError unless `host` is a usable host name (it becomes part of a file name).
void check_host_name(std::string_view host);

}  // namespace thespis::hostlab::detail
