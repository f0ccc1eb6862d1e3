// An admin's status as a system's facts: the admin lists only what listed_in_system_status
// admits (Admin::status), and the report's order and members are core's rule.
#include <string>

#include <thespis/net/system_status.hpp>

namespace thespis::net {

SystemFacts system_facts(const AdminStatus& admin) {
  SystemFacts facts{.base = admin.transport,
                    .node = admin.host + ":" + std::to_string(admin.port),
                    .records = {},
                    .members = admin.members};
  for (const ActorStatus& actor : admin.actors) {
    facts.records.push_back({.summary = {.address = actor.address,
                                         .type_name = actor.type,
                                         .global_name = actor.global_name,
                                         .parent = actor.parent},
                             .endpoint = false,
                             .exited = false});
  }
  return facts;
}

SystemStatusReport system_status(const AdminStatus& admin) {
  return make_system_status(system_facts(admin));
}

}  // namespace thespis::net
