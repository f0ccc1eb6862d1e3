// ScenarioTemplate: a user's scenario (a YAML file or a Scenario value) with holes that a
// property fills with generated values: a fault plan in a phase, the network, fields of the
// messages its steps send, and the times of those steps. cases() is the generator; every case is
// an ordinary scenario, so a counterexample is written as YAML and replayed by `thespis run`.
//
//   const auto world = ScenarioTemplate::load("kv.yaml")
//                          .faults("load", {.max_faults = 2})
//                          .network({.profiles = {sim::NetworkProfile::udp}})
//                          .field("load", 0, "count", gen::value_of(rc::gen::inRange(1, 50)));
//   THESPIS_PROPERTY(Kv, NeverAppliesTwice, ()) { check_scenario(*world.cases()); }
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include <thespis/properties/fault_plan.hpp>
#include <thespis/properties/network_bounds.hpp>
#include <thespis/properties/scenario_case.hpp>
#include <thespis/scenario/scenario.hpp>

namespace thespis::properties {

class ScenarioTemplate {
 public:
  explicit ScenarioTemplate(scenario::Scenario base);
  /// Reads the base from YAML (errors as load_scenario's: file, line, field).
  static ScenarioTemplate load(const std::string& path);

  /// A fault plan drawn into `phase` ("" names the only phase). Empty bounds.nodes: every node
  /// of the scenario; empty bounds.actors: every actor; horizon 0: the phase's duration; the
  /// default kinds in a world of one node: those one node can suffer (pause, clock skew).
  ScenarioTemplate& faults(const std::string& phase, FaultBounds bounds = {});
  /// The network's profile and default link options drawn within `bounds`.
  ScenarioTemplate& network(NetworkBounds bounds = {});
  /// The field `field` of the message sent by the `step`-th step of `phase` (counting every
  /// step written in the phase, from 0) drawn from `values` (see gen::value_of).
  ScenarioTemplate& field(const std::string& phase, std::size_t step, const std::string& field,
                          rc::Gen<scenario::Value> values);
  /// Each send step of `phase` moves up to `shift` later, never past the phase's end.
  ScenarioTemplate& step_times(const std::string& phase, std::chrono::nanoseconds shift);
  /// Runs draw their luck from the scenario's own seed instead of a generated ChoiceTape (then
  /// only the faults, network and fields shrink).
  ScenarioTemplate& fixed_seed();

  const scenario::Scenario& base() const { return base_; }
  rc::Gen<ScenarioCase> cases() const;

 private:
  struct FaultHole {
    std::size_t phase;
    FaultBounds bounds;
  };
  struct FieldHole {
    std::size_t phase;
    std::size_t step;
    std::string field;
    rc::Gen<scenario::Value> values;
  };
  struct TimeHole {
    std::size_t phase;
    std::chrono::nanoseconds shift;
  };
  std::size_t phase_index(const std::string& phase) const;

  scenario::Scenario base_;
  std::vector<FaultHole> faults_;
  std::optional<NetworkBounds> network_;
  std::vector<FieldHole> fields_;
  std::vector<TimeHole> times_;
  bool fixed_seed_ = false;
};

}  // namespace thespis::properties
