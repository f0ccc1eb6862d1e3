#include <algorithm>
#include <utility>

#include <thespis/error.hpp>
#include <thespis/message_type.hpp>
#include <thespis/properties/gen/choice_tape.hpp>
#include <thespis/properties/gen/faults.hpp>
#include <thespis/properties/gen/network.hpp>
#include <thespis/properties/scenario_template.hpp>

namespace thespis::properties {
namespace {

using Nanos = std::chrono::nanoseconds;

std::string phase_label(const scenario::Phase& phase, std::size_t index) {
  return phase.name.empty() ? "phase " + std::to_string(index) : "phase `" + phase.name + "`";
}

void set_field(scenario::MessageSpec& message, const std::string& field, scenario::Value value) {
  if (message.fields.kind != scenario::Value::Kind::map) {
    message.fields = scenario::Value{};
    message.fields.kind = scenario::Value::Kind::map;
  }
  for (auto& [name, v] : message.fields.fields) {
    if (name == field) {
      v = std::move(value);
      return;
    }
  }
  message.fields.fields.emplace_back(field, std::move(value));
}

/// Adds the fault steps after the phase's own steps; the runner applies steps in time order
/// (stable), so a written step still comes before a fault drawn for the same instant.
void add_steps(scenario::Phase& phase, std::vector<scenario::Step> steps) {
  for (scenario::Step& step : steps) phase.steps.push_back(std::move(step));
}

}  // namespace

ScenarioTemplate::ScenarioTemplate(scenario::Scenario base) : base_(std::move(base)) {
  if (base_.phases.empty()) throw Error("scenario template: the scenario has no phase");
}

ScenarioTemplate ScenarioTemplate::load(const std::string& path) {
  return ScenarioTemplate(scenario::load_scenario(path));
}

std::size_t ScenarioTemplate::phase_index(const std::string& phase) const {
  if (phase.empty() && base_.phases.size() == 1) return 0;
  for (std::size_t i = 0; i < base_.phases.size(); ++i) {
    if (base_.phases[i].name == phase) return i;
  }
  std::string known;
  for (const scenario::Phase& p : base_.phases) known += (known.empty() ? "" : ", ") + p.name;
  throw Error("scenario template: no phase `" + phase + "` in " +
              (base_.name.empty() ? std::string("the scenario") : "`" + base_.name + "`") +
              " (its phases: " + known + ")");
}

ScenarioTemplate& ScenarioTemplate::faults(const std::string& phase, FaultBounds bounds) {
  const std::size_t index = phase_index(phase);
  if (bounds.nodes.empty()) {
    for (const scenario::NodeSpec& n : base_.nodes) bounds.nodes.push_back(n.name);
  }
  if (bounds.actors.empty()) {
    for (const scenario::ActorSpec& a : base_.actors) bounds.actors.push_back(a.name);
  }
  if (bounds.horizon == Nanos{0}) bounds.horizon = base_.phases[index].duration;
  if (bounds.kinds == survivable_fault_kinds() && bounds.nodes.size() < 2) {
    // The default kinds, in a world of one node: only what one node can suffer.
    std::erase_if(bounds.kinds, [](FaultKind k) {
      return k == FaultKind::one_way || k == FaultKind::partition || k == FaultKind::isolate;
    });
  }
  if (bounds.horizon > base_.phases[index].duration) {
    throw Error("scenario template: the fault horizon is longer than " +
                phase_label(base_.phases[index], index));
  }
  validate(bounds);
  faults_.push_back({index, std::move(bounds)});
  return *this;
}

ScenarioTemplate& ScenarioTemplate::network(NetworkBounds bounds) {
  validate(bounds);
  network_ = std::move(bounds);
  return *this;
}

ScenarioTemplate& ScenarioTemplate::field(const std::string& phase, std::size_t step,
                                          const std::string& field,
                                          rc::Gen<scenario::Value> values) {
  const std::size_t index = phase_index(phase);
  const scenario::Phase& p = base_.phases[index];
  if (step >= p.steps.size() || p.steps[step].kind != scenario::Step::Kind::send) {
    throw Error("scenario template: " + phase_label(p, index) + " has no send step " +
                std::to_string(step));
  }
  const MessageType* type = find_message_type(p.steps[step].message.type);
  if (type != nullptr && type->schema != nullptr && type->schema->kind == Schema::Kind::record) {
    const auto& fields = type->schema->fields;
    const bool known =
        std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == field; });
    if (!known) {
      throw Error("scenario template: " + type->name + " has no field `" + field + "`");
    }
  }
  fields_.push_back({index, step, field, std::move(values)});
  return *this;
}

ScenarioTemplate& ScenarioTemplate::step_times(const std::string& phase, Nanos shift) {
  if (shift < Nanos{0}) throw Error("scenario template: a step time shift must not be negative");
  times_.push_back({phase_index(phase), shift});
  return *this;
}

ScenarioTemplate& ScenarioTemplate::fixed_seed() {
  fixed_seed_ = true;
  return *this;
}

rc::Gen<ScenarioCase> ScenarioTemplate::cases() const {
  return rc::gen::exec([t = *this] {
    ScenarioCase c;
    c.scenario = t.base_;
    c.scenario.tape.clear();  // a recorded tape belongs to the base's own run
    if (t.network_) c.scenario.network = *gen::network(*t.network_, t.base_.network);
    for (const FieldHole& hole : t.fields_) {
      set_field(c.scenario.phases[hole.phase].steps[hole.step].message, hole.field, *hole.values);
    }
    for (const TimeHole& hole : t.times_) {
      scenario::Phase& phase = c.scenario.phases[hole.phase];
      for (scenario::Step& step : phase.steps) {
        if (step.kind != scenario::Step::Kind::send) continue;
        step.at +=
            *gen::detail::duration_in(Nanos{0}, std::min(hole.shift, phase.duration - step.at));
      }
    }
    for (const FaultHole& hole : t.faults_) {
      add_steps(c.scenario.phases[hole.phase], to_steps(*gen::fault_plan(hole.bounds)));
    }
    if (t.fixed_seed_) {
      c.tape.seed = t.base_.seed;
    } else {
      c.tape = *gen::choice_tape();
    }
    return c;
  });
}

std::string describe(const ScenarioCase& c) {
  std::string out = "network: " + to_string(c.scenario.network) + "\n";
  for (std::size_t i = 0; i < c.scenario.phases.size(); ++i) {
    const scenario::Phase& phase = c.scenario.phases[i];
    std::string faults;
    for (const scenario::Step& step : phase.steps) {
      if (step.kind != scenario::Step::Kind::fault) continue;
      const std::string what = std::holds_alternative<sim::fault::Kill>(step.fault)
                                   ? "kill " + step.to
                                   : sim::to_string(step.fault);
      faults += "\n  " + scenario::format_duration(step.at) + " " + what;
    }
    if (!faults.empty()) out += phase_label(phase, i) + " faults:" + faults + "\n";
  }
  return out + "tape: " + to_string(c.tape);
}

}  // namespace thespis::properties
