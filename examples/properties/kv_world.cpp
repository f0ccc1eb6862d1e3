#include "properties/kv_world.hpp"

#include <utility>

#include <thespis/properties/gen.hpp>
#include <thespis/properties/property.hpp>

namespace kv_properties {

using namespace thespis;
using namespace thespis::properties;
using namespace std::chrono_literals;

ScenarioTemplate kv_world(const std::string& store_type) {
  scenario::Scenario base = scenario::load_scenario(THESPIS_PROPERTIES_DIR "/kv_property.yaml");
  base.actors.at(0).type = store_type;
  NetworkBounds network;
  network.profiles = {sim::NetworkProfile::tcp, sim::NetworkProfile::udp};
  network.max_latency = 20ms;
  network.max_drop = 0.1;
  network.max_duplicate = 0.1;
  network.max_reorder = 0.1;
  FaultBounds faults;
  faults.max_faults = 3;
  faults.max_duration = 400ms;
  ScenarioTemplate world(std::move(base));
  world.network(network)
      .faults("load", faults)
      .field("load", 0, "count", gen::value_of(rc::gen::inRange(1, 21)));
  return world;
}

void correct_store_keeps_its_expectations() {
  static const ScenarioTemplate world = kv_world("KvPrimary");
  check_scenario(*world.cases());
}

void store_without_dedupe_keeps_its_expectations() {
  static const ScenarioTemplate world = kv_world("KvPrimaryNoDedupe");
  check_scenario(*world.cases());
}

}  // namespace kv_properties
