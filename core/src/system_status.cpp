// The rule of what a system status report lists (system_status.hpp), written once for every
// base: a base only gathers its facts.
#include <algorithm>
#include <string>
#include <utility>

#include <thespis/actor_system.hpp>
#include <thespis/error.hpp>
#include <thespis/system_status.hpp>

namespace thespis {

bool listed_in_system_status(const ActorRecordFacts& record) {
  return !record.endpoint && !record.exited;
}

SystemStatusReport make_system_status(SystemFacts facts) {
  SystemStatusReport report;
  report.base = std::move(facts.base);
  report.node = std::move(facts.node);
  for (ActorRecordFacts& record : facts.records) {
    if (listed_in_system_status(record)) report.actors.push_back(std::move(record.summary));
  }
  std::sort(report.actors.begin(), report.actors.end(),
            [](const ActorSummary& a, const ActorSummary& b) { return a.address < b.address; });
  std::erase(facts.members, report.node);
  std::sort(facts.members.begin(), facts.members.end());
  facts.members.erase(std::unique(facts.members.begin(), facts.members.end()), facts.members.end());
  report.members = std::move(facts.members);
  return report;
}

SystemStatusReport system_status(ActorSystem& system) {
  auto* source = dynamic_cast<SystemStatusSource*>(&system.base());
  if (source == nullptr) {
    throw Error("system status: the '" + std::string(system.base().base_name()) +
                "' base does not report on its system");
  }
  return make_system_status(source->system_facts());
}

}  // namespace thespis
