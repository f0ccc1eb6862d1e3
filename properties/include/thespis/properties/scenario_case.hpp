// ScenarioCase: one generated case of a scenario property — the scenario (its world, steps with
// the drawn faults, expectations) and the tape its run draws its luck from.
#pragma once

#include <ostream>

#include <thespis/properties/choice_tape.hpp>
#include <thespis/scenario/scenario.hpp>

namespace thespis::properties {

struct ScenarioCase {
  scenario::Scenario scenario;
  ChoiceTape tape;
};

/// What RapidCheck prints of a case: the network, the fault steps by phase, the tape.
std::string describe(const ScenarioCase& c);

inline void showValue(const ScenarioCase& c, std::ostream& os) { os << describe(c); }

}  // namespace thespis::properties
