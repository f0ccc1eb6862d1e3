#include "firewall.hpp"

#include "command.hpp"

namespace thespis::hostlab::detail {

std::string drop_from_ruleset(const std::string& table, const std::vector<std::string>& sources) {
  std::string script =
      "table inet " + table +
      " {\n  chain input { type filter hook input priority 0; policy accept; }\n}\n"
      "flush chain inet " +
      table + " input\n";
  if (sources.empty()) return script;
  std::string set;
  for (const std::string& source : sources) set += (set.empty() ? "" : ", ") + source;
  return script + "add rule inet " + table + " input ip saddr { " + set + " } drop\n";
}

void apply_ruleset(const std::string& netns, const std::string& ruleset) {
  run_checked({"ip", "netns", "exec", netns, "nft", "-f", "-"}, ruleset);
}

}  // namespace thespis::hostlab::detail
