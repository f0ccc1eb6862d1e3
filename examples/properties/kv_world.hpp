// The generated worlds of the counter store's properties (kv_property.yaml with its holes), shared
// by the property tests and the benchmark so that both measure the very same property.
#pragma once

#include <string>

#include <thespis/properties/scenario_template.hpp>

namespace kv_properties {

/// kv_property.yaml with `store_type` as the store, the network drawn (tcp or udp, up to 20ms,
/// 10% loss, duplication and reordering), up to 3 survivable faults while the client works, and
/// a workload of 1 to 20 increments.
thespis::properties::ScenarioTemplate kv_world(const std::string& store_type);

/// The property of a store: its run keeps every expectation of kv_property.yaml.
void correct_store_keeps_its_expectations();
void store_without_dedupe_keeps_its_expectations();

}  // namespace kv_properties
