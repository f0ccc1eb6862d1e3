// Scenario to YAML, in the form load_scenario reads: what `thespis shrink` writes.
#include <yaml-cpp/yaml.h>

#include <thespis/scenario/scenario.hpp>

#include "units.hpp"

namespace thespis::scenario {
namespace {

using detail::format_duration;
using detail::format_percent;

void emit_value(YAML::Emitter& out, const Value& value) {
  switch (value.kind) {
    case Value::Kind::null:
      out << YAML::Null;
      break;
    case Value::Kind::scalar:
      out << value.scalar;
      break;
    case Value::Kind::list:
      out << YAML::Flow << YAML::BeginSeq;
      for (const Value& item : value.items) emit_value(out, item);
      out << YAML::EndSeq;
      break;
    case Value::Kind::map:
      out << YAML::Flow << YAML::BeginMap;
      for (const auto& [key, item] : value.fields) {
        out << YAML::Key << key << YAML::Value;
        emit_value(out, item);
      }
      out << YAML::EndMap;
      break;
  }
}

/// A message as the loader reads it: a map whose `type` names its type. A scenario read from YAML
/// keeps `type` among its fields, as written; one built in code may hold only the other fields.
void emit_message(YAML::Emitter& out, const MessageSpec& message) {
  if (message.fields.find("type") != nullptr || message.type.empty()) {
    emit_value(out, message.fields);
    return;
  }
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "type" << YAML::Value << message.type;
  for (const auto& [key, item] : message.fields.fields) {
    out << YAML::Key << key << YAML::Value;
    emit_value(out, item);
  }
  out << YAML::EndMap;
}

std::string capability_text(const CapabilityValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, std::string>) {
          return v;
        } else {
          return std::to_string(v);
        }
      },
      value);
}

void emit_latency(YAML::Emitter& out, const sim::Latency& latency) {
  switch (latency.shape) {
    case sim::Latency::Shape::fixed:
      out << format_duration(latency.min);
      return;
    case sim::Latency::Shape::uniform:
      out << format_duration(latency.min) + ".." + format_duration(latency.max);
      return;
    case sim::Latency::Shape::exponential:
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "min" << YAML::Value
          << format_duration(latency.min) << YAML::Key << "mean" << YAML::Value
          << format_duration(latency.mean) << YAML::Key << "max" << YAML::Value
          << format_duration(latency.max) << YAML::EndMap;
      return;
  }
}

void emit_link_options(YAML::Emitter& out, const sim::LinkOptions& o) {
  out << YAML::Key << "latency" << YAML::Value;
  emit_latency(out, o.latency);
  const auto rate = [&](const char* key, double value) {
    if (value > 0) out << YAML::Key << key << YAML::Value << format_percent(value);
  };
  rate("drop", o.drop);
  rate("duplicate", o.duplicate);
  rate("reorder", o.reorder);
  if (o.reorder > 0) {
    out << YAML::Key << "reorder_window" << YAML::Value << format_duration(o.reorder_window);
  }
  rate("corrupt", o.corrupt);
}

void emit_network(YAML::Emitter& out, const NetworkSpec& network) {
  out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "profile" << YAML::Value << sim::to_string(network.profile);
  emit_link_options(out, network.defaults);
  if (network.datagram_limit != NetworkSpec{}.datagram_limit) {
    out << YAML::Key << "datagram_limit" << YAML::Value << network.datagram_limit;
  }
  if (!network.links.empty()) {
    out << YAML::Key << "links" << YAML::Value << YAML::BeginSeq;
    for (const LinkSpec& link : network.links) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << link.from
          << YAML::Key << "to" << YAML::Value << link.to;
      emit_link_options(out, link.options);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

void emit_names(YAML::Emitter& out, const std::vector<std::string>& names) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& name : names) out << name;
  out << YAML::EndSeq;
}

void emit_fault_body(YAML::Emitter& out, const Step& step) {
  std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, sim::fault::Partition>) {
          out << YAML::Key << "partition" << YAML::Value << YAML::Flow << YAML::BeginSeq;
          for (const auto& group : f.groups) emit_names(out, group);
          out << YAML::EndSeq;
        } else if constexpr (std::is_same_v<F, sim::fault::OneWay>) {
          out << YAML::Key << "one_way" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
              << "from" << YAML::Value << f.from << YAML::Key << "to" << YAML::Value << f.to
              << YAML::EndMap;
        } else if constexpr (std::is_same_v<F, sim::fault::Heal>) {
          out << YAML::Key << "heal" << YAML::Value << true;
        } else if constexpr (std::is_same_v<F, sim::fault::Kill>) {
          out << YAML::Key << "kill" << YAML::Value << step.to;
        } else if constexpr (std::is_same_v<F, sim::fault::ClockSkew>) {
          out << YAML::Key << "skew" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
              << "node" << YAML::Value << f.node << YAML::Key << "offset" << YAML::Value
              << format_duration(f.offset) << YAML::Key << "drift" << YAML::Value
              << std::to_string(f.drift_ppm) + "ppm" << YAML::EndMap;
        } else {
          const char* key = std::is_same_v<F, sim::fault::Isolate>   ? "isolate"
                            : std::is_same_v<F, sim::fault::Crash>   ? "crash"
                            : std::is_same_v<F, sim::fault::Leave>   ? "leave"
                            : std::is_same_v<F, sim::fault::Restart> ? "restart"
                            : std::is_same_v<F, sim::fault::Pause>   ? "pause"
                                                                     : "resume";
          out << YAML::Key << key << YAML::Value << f.node;
        }
      },
      step.fault);
}

void emit_step(YAML::Emitter& out, const Step& step) {
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "at" << YAML::Value
      << format_duration(step.at);
  if (step.kind == Step::Kind::send) {
    out << YAML::Key << "send" << YAML::Value << YAML::BeginMap << YAML::Key << "to" << YAML::Value
        << step.to;
    if (!step.from.empty()) out << YAML::Key << "from" << YAML::Value << step.from;
    out << YAML::Key << "message" << YAML::Value;
    emit_message(out, step.message);
    out << YAML::EndMap;
  } else {
    emit_fault_body(out, step);
  }
  out << YAML::EndMap;
}

void emit_random_faults(YAML::Emitter& out, const sim::RandomFaults& f) {
  out << YAML::Key << "faults" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "interval" << YAML::Value << format_duration(f.interval);
  const auto rate = [&](const char* key, double value) {
    if (value > 0) out << YAML::Key << key << YAML::Value << format_percent(value);
  };
  rate("crash", f.crash);
  rate("partition", f.partition);
  rate("one_way", f.one_way);
  rate("kill", f.kill);
  rate("pause", f.pause);
  rate("clock_skew", f.clock_skew);
  out << YAML::Key << "max_duration" << YAML::Value << format_duration(f.max_duration);
  out << YAML::Key << "max_clock_offset" << YAML::Value << format_duration(f.max_clock_offset);
  out << YAML::Key << "max_drift" << YAML::Value << std::to_string(f.max_drift_ppm) + "ppm";
  if (!f.spare.empty()) {
    out << YAML::Key << "spare" << YAML::Value;
    emit_names(out, f.spare);
  }
  out << YAML::EndMap;
}

void emit_phase_body(YAML::Emitter& out, const Phase& phase) {
  out << YAML::Key << "duration" << YAML::Value << format_duration(phase.duration);
  if (!phase.steps.empty()) {
    out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
    for (const Step& step : phase.steps) emit_step(out, step);
    out << YAML::EndSeq;
  }
  if (phase.faults.interval.count() > 0) emit_random_faults(out, phase.faults);
}

void emit_expectation(YAML::Emitter& out, const Expectation& e) {
  using Kind = Expectation::Kind;
  if (e.kind == Kind::no_dead_letters) {
    out << "no_dead_letters";
    return;
  }
  out << YAML::BeginMap;
  switch (e.kind) {
    case Kind::always:
      out << YAML::Key << "always" << YAML::Value << e.check;
      break;
    case Kind::eventually:
      out << YAML::Key << "eventually" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
          << "check" << YAML::Value << e.check << YAML::Key << "within" << YAML::Value
          << format_duration(e.within) << YAML::EndMap;
      break;
    case Kind::reply:
      out << YAML::Key << "reply" << YAML::Value << YAML::BeginMap << YAML::Key << "to"
          << YAML::Value << e.to;
      if (!e.from.empty()) out << YAML::Key << "from" << YAML::Value << e.from;
      out << YAML::Key << "message" << YAML::Value;
      emit_message(out, e.message);
      out << YAML::Key << "equals" << YAML::Value;
      emit_message(out, e.equals);
      out << YAML::Key << "within" << YAML::Value << format_duration(e.within) << YAML::EndMap;
      break;
    case Kind::quiescent_by:
      out << YAML::Key << "quiescent_by" << YAML::Value << format_duration(e.by);
      break;
    case Kind::answered:
    case Kind::leads_to:
      out << YAML::Key << "eventually" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
          << "every" << YAML::Value << (e.kind == Kind::answered ? e.request : e.check) << YAML::Key
          << (e.kind == Kind::answered ? "answered_by" : "leads_to") << YAML::Value
          << (e.kind == Kind::answered ? e.answer : e.response) << YAML::Key << "within"
          << YAML::Value << format_duration(e.within) << YAML::EndMap;
      break;
    case Kind::sometimes:
      out << YAML::Key << "sometimes" << YAML::Value << e.check;
      break;
    case Kind::no_dead_letters:
      break;
  }
  out << YAML::EndMap;
}

void emit_world(YAML::Emitter& out, const Scenario& s) {
  out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
  for (const NodeSpec& node : s.nodes) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << node.name;
    if (!node.capabilities.values().empty()) {
      out << YAML::Key << "capabilities" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [key, value] : node.capabilities.values()) {
        out << YAML::Key << key << YAML::Value << capability_text(value);
      }
      out << YAML::EndMap;
    }
    if (!node.leader.empty()) out << YAML::Key << "leader" << YAML::Value << node.leader;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  emit_network(out, s.network);
  const sim::ConventionOptions& c = s.convention;
  out << YAML::Key << "convention" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "heartbeat" << YAML::Value << format_duration(c.heartbeat_interval) << YAML::Key
      << "missed" << YAML::Value << c.missed_heartbeats << YAML::Key << "remote_create_timeout"
      << YAML::Value << format_duration(c.remote_create_timeout) << YAML::EndMap;
  if (s.timer_jitter.count() > 0) {
    out << YAML::Key << "timer_jitter" << YAML::Value << format_duration(s.timer_jitter);
  }
  out << YAML::Key << "actors" << YAML::Value << YAML::BeginSeq;
  for (const ActorSpec& a : s.actors) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << a.name << YAML::Key
        << "type" << YAML::Value << a.type << YAML::Key << "node" << YAML::Value << a.node;
    if (a.global_name) out << YAML::Key << "global_name" << YAML::Value << *a.global_name;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string to_yaml(const Scenario& s) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  if (!s.name.empty()) out << YAML::Key << "name" << YAML::Value << s.name;
  if (!s.description.empty()) out << YAML::Key << "description" << YAML::Value << s.description;
  out << YAML::Key << "app" << YAML::Value << s.app;
  out << YAML::Key << "seed" << YAML::Value << s.seed;
  if (!s.tape.empty()) out << YAML::Key << "tape" << YAML::Value << YAML::Literal << s.tape;
  emit_world(out, s);
  if (s.phases.size() == 1 && s.phases.front().name.empty()) {
    emit_phase_body(out, s.phases.front());
  } else {
    out << YAML::Key << "phases" << YAML::Value << YAML::BeginSeq;
    for (const Phase& phase : s.phases) {
      out << YAML::BeginMap;
      if (!phase.name.empty()) out << YAML::Key << "name" << YAML::Value << phase.name;
      emit_phase_body(out, phase);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!s.expectations.empty()) {
    out << YAML::Key << "expect" << YAML::Value << YAML::BeginSeq;
    for (const Expectation& e : s.expectations) emit_expectation(out, e);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace thespis::scenario
