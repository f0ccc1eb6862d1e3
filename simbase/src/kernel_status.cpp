// The raw facts of one node's system status (system_status.hpp): the node's records and the
// members it sees. The rule of what a report lists is core's (make_system_status). Reading runs
// nothing and records no trace event, so asking never changes a run.
#include <thespis/system_status.hpp>

#include "kernel.hpp"

namespace thespis::sim::detail {

SystemFacts Kernel::system_facts(NodeIndex index) const {
  const Node& n = nodes_[index];
  SystemFacts facts;
  facts.base = "sim";
  facts.node = n.name;
  for (const auto& r : records_) {
    // Records of earlier incarnations of the node are of another system.
    if (r->node != index || r->address.system() != n.system) continue;
    facts.records.push_back(
        {.summary = {.address = r->address,
                     .type_name = r->type != nullptr ? r->type->name : std::string(),
                     .global_name = r->global_name.value_or(""),
                     .parent = r->parent},
         .endpoint = r->is_endpoint,
         .exited = !r->live()});
  }
  for (const NodeIndex member : members_seen_by(index))
    facts.members.push_back(nodes_[member].name);
  return facts;
}

}  // namespace thespis::sim::detail
