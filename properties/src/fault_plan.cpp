#include <algorithm>
#include <set>
#include <utility>

#include <thespis/error.hpp>
#include <thespis/properties/fault_plan.hpp>

namespace thespis::properties {
namespace {

using Nanos = std::chrono::nanoseconds;

bool is_cut(FaultKind kind) {
  return kind == FaultKind::one_way || kind == FaultKind::partition || kind == FaultKind::isolate;
}

bool lasts(FaultKind kind) { return kind != FaultKind::kill; }

/// How many nodes a fault of `kind` names.
std::size_t nodes_needed(FaultKind kind) {
  switch (kind) {
    case FaultKind::kill:
      return 0;
    case FaultKind::one_way:
      return 2;
    default:
      return 1;
  }
}

std::string node_list(const std::vector<std::string>& nodes) {
  std::string out;
  for (const std::string& n : nodes) out += (out.empty() ? "" : " ") + n;
  return out;
}

sim::Fault applied(const PlannedFault& f) {
  switch (f.kind) {
    case FaultKind::pause:
      return sim::fault::Pause{f.nodes.at(0)};
    case FaultKind::one_way:
      return sim::fault::OneWay{f.nodes.at(0), f.nodes.at(1)};
    case FaultKind::clock_skew:
      return sim::fault::ClockSkew{f.nodes.at(0), f.clock_offset, f.drift_ppm};
    case FaultKind::partition:
      return sim::fault::Partition{{f.nodes}};
    case FaultKind::isolate:
      return sim::fault::Isolate{f.nodes.at(0)};
    case FaultKind::crash:
      return sim::fault::Crash{f.nodes.at(0)};
    case FaultKind::kill:
      return sim::fault::Kill{};
  }
  return sim::fault::Heal{};
}

/// What ends a lasting fault (a cut ends with a heal, see to_steps).
sim::Fault undone(const PlannedFault& f) {
  switch (f.kind) {
    case FaultKind::pause:
      return sim::fault::Resume{f.nodes.at(0)};
    case FaultKind::clock_skew:
      return sim::fault::ClockSkew{f.nodes.at(0), Nanos{0}, 0};
    case FaultKind::crash:
      return sim::fault::Restart{f.nodes.at(0)};
    default:
      return sim::fault::Heal{};
  }
}

scenario::Step step_at(Nanos at, sim::Fault fault, std::string actor = {}) {
  scenario::Step step;
  step.kind = scenario::Step::Kind::fault;
  step.at = at;
  step.fault = std::move(fault);
  step.to = std::move(actor);
  return step;
}

/// Whether `f` hits a node or actor that an earlier fault of `kept` still holds at f.at.
bool collides(const PlannedFault& f, const std::vector<PlannedFault>& kept) {
  for (const PlannedFault& k : kept) {
    if (f.kind == FaultKind::kill) {
      if (k.kind == FaultKind::kill && k.actor == f.actor) return true;
      continue;
    }
    const bool holds = k.kind == FaultKind::crash || k.kind == FaultKind::pause;
    if (!holds || f.at >= k.at + k.duration) continue;
    if (std::find(f.nodes.begin(), f.nodes.end(), k.nodes.at(0)) != f.nodes.end()) return true;
  }
  return false;
}

}  // namespace

std::string to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::pause:
      return "pause";
    case FaultKind::one_way:
      return "one_way";
    case FaultKind::clock_skew:
      return "clock_skew";
    case FaultKind::partition:
      return "partition";
    case FaultKind::isolate:
      return "isolate";
    case FaultKind::crash:
      return "crash";
    case FaultKind::kill:
      return "kill";
  }
  return "?";
}

std::vector<FaultKind> all_fault_kinds() {
  return {FaultKind::pause,   FaultKind::one_way, FaultKind::clock_skew, FaultKind::partition,
          FaultKind::isolate, FaultKind::crash,   FaultKind::kill};
}

std::vector<FaultKind> survivable_fault_kinds() {
  return {FaultKind::pause, FaultKind::one_way, FaultKind::clock_skew, FaultKind::partition,
          FaultKind::isolate};
}

std::string to_string(const PlannedFault& f) {
  std::string out = to_string(f.kind) + " ";
  if (f.kind == FaultKind::kill) {
    out += f.actor;
  } else if (f.kind == FaultKind::partition) {
    out += "[" + node_list(f.nodes) + "] | rest";
  } else if (f.kind == FaultKind::one_way) {
    out += f.nodes.at(0) + " -> " + f.nodes.at(1);
  } else {
    out += node_list(f.nodes);
  }
  if (f.kind == FaultKind::clock_skew) {
    out += " by " + scenario::format_duration(f.clock_offset) + " drifting " +
           std::to_string(f.drift_ppm) + "ppm";
  }
  out += " at " + scenario::format_duration(f.at);
  if (lasts(f.kind)) out += " for " + scenario::format_duration(f.duration);
  return out;
}

std::string to_string(const FaultPlan& plan) {
  if (plan.faults.empty()) return "no faults";
  std::string out;
  for (const PlannedFault& f : plan.faults) out += (out.empty() ? "" : "; ") + to_string(f);
  return out;
}

void validate(const FaultBounds& b) {
  if (b.kinds.empty()) throw Error("fault bounds: no fault kinds allowed");
  for (FaultKind kind : b.kinds) {
    if (kind == FaultKind::kill && b.actors.empty()) {
      throw Error("fault bounds: `kill` needs actors it may hit");
    }
    if (b.nodes.size() < nodes_needed(kind) ||
        (kind == FaultKind::partition && b.nodes.size() < 2)) {
      throw Error("fault bounds: `" + to_string(kind) + "` needs more nodes than the " +
                  std::to_string(b.nodes.size()) + " given");
    }
  }
  if (b.horizon <= Nanos{0}) throw Error("fault bounds: the horizon must be positive");
  if (b.min_duration < Nanos{0} || b.max_duration < b.min_duration) {
    throw Error("fault bounds: durations need 0 <= min_duration <= max_duration");
  }
  if (b.min_spacing < Nanos{0} || b.max_clock_offset < Nanos{0} || b.max_drift_ppm < 0) {
    throw Error("fault bounds: spacing, clock offset and drift bounds must not be negative");
  }
}

FaultPlan normalise(FaultPlan plan, const FaultBounds& bounds) {
  std::stable_sort(plan.faults.begin(), plan.faults.end(),
                   [](const PlannedFault& a, const PlannedFault& b) { return a.at < b.at; });
  FaultPlan out;
  Nanos earliest{0};
  for (PlannedFault f : plan.faults) {
    if (out.faults.size() == bounds.max_faults) break;
    f.at = std::max(f.at, earliest);
    if (f.at >= bounds.horizon) break;
    // Everything a plan does happens inside the horizon, so a phase holds all of it.
    f.duration = lasts(f.kind) ? std::min(f.duration, bounds.horizon - f.at) : Nanos{0};
    if (collides(f, out.faults)) continue;
    earliest = f.at + bounds.min_spacing;
    out.faults.push_back(std::move(f));
  }
  return out;
}

std::vector<scenario::Step> to_steps(const FaultPlan& plan) {
  struct Edge {
    Nanos at;
    bool start;
    std::size_t fault;
  };
  std::vector<Edge> edges;
  for (std::size_t i = 0; i < plan.faults.size(); ++i) {
    const PlannedFault& f = plan.faults[i];
    edges.push_back({f.at, true, i});
    if (lasts(f.kind)) edges.push_back({f.at + f.duration, false, i});
  }
  // At one instant a fault ends before the next begins, and edges keep the plan's order.
  std::stable_sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    return a.at != b.at ? a.at < b.at : (!a.start && b.start);
  });
  std::vector<scenario::Step> steps;
  std::vector<std::size_t> cuts;  // in force, in the order they began
  for (const Edge& e : edges) {
    const PlannedFault& f = plan.faults[e.fault];
    if (e.start) {
      steps.push_back(step_at(e.at, applied(f), f.actor));
      if (is_cut(f.kind)) cuts.push_back(e.fault);
      continue;
    }
    steps.push_back(step_at(e.at, undone(f)));
    if (!is_cut(f.kind)) continue;
    cuts.erase(std::find(cuts.begin(), cuts.end(), e.fault));
    for (std::size_t still : cuts) steps.push_back(step_at(e.at, applied(plan.faults[still])));
  }
  return steps;
}

}  // namespace thespis::properties
