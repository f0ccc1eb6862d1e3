// Blocks as nftables rules. A block from A to B is a rule in B's namespace that drops on input
// every packet whose source is A: the packet crosses the wire and vanishes, as on a real
// network, and A's send succeeds (a rule on A's output would make A's sendmsg fail with EPERM,
// which no real partition does). Each host's table is rewritten whole and atomically
// (`nft -f -` applies a file as one transaction), so it never holds a half-applied state.
#pragma once

#include <string>
#include <vector>

namespace thespis::hostlab::detail {

/// The nft script that makes `table` (family inet) drop every packet from `sources` on input.
std::string drop_from_ruleset(const std::string& table, const std::vector<std::string>& sources);

/// Applies an nft script inside the namespace; throws CommandError naming nft's complaint.
void apply_ruleset(const std::string& netns, const std::string& ruleset);

}  // namespace thespis::hostlab::detail
