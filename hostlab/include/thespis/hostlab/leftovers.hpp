// Whether this machine can make a Lab, and what earlier Labs left behind.
//
// Every object a Lab makes carries the hostlab prefix and its owner's pid: namespaces
// `thespis-<pid>-<lab>-<host>`, links `thbr<slot>` / `thv<slot>h<index>` whose alias is
// `thespis-hostlab-pid-<pid>-lab-<lab>`, nftables tables `thespis_<pid>_<lab>` (inside the
// hosts' namespaces, so they go with them). A Lab removes all of them when destroyed; a process
// that crashed cannot, so the next run sweeps what belongs to pids that no longer live.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace thespis::hostlab {

/// Why no Lab can be made here (not root, `ip netns add` refused, `nft` missing or refused), or
/// nullopt when one can. Probes once per process (a namespace, a veth and an nftables table,
/// removed at once) and remembers the answer. Tests GTEST_SKIP with the reason.
std::optional<std::string> unavailable_reason();

/// Everything with the hostlab prefix that exists now, one line each (`netns NAME`,
/// `link NAME (ALIAS)`, `nft table FAMILY NAME`); with `owner`, only what belongs to that pid.
std::vector<std::string> leftovers(std::optional<pid_t> owner = std::nullopt);

/// Removes what belongs to pids that no longer live (kills the processes left in such
/// namespaces first); returns what it removed, in the form of leftovers(). Never throws.
std::vector<std::string> sweep_leftovers();

}  // namespace thespis::hostlab
