#include "failure_story.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <vector>

namespace thespis::scenario::detail {
namespace {

std::string type_or_outside(const std::string& type) { return type.empty() ? "outside" : type; }

std::string name_of(const ActorAddress& address, const std::string& type,
                    const ActorAddresses& actors) {
  for (const auto& [name, at] : actors) {
    if (at == address) return name;
  }
  return type.empty() ? "outside" : address.to_string();
}

/// "deliver M to A from B" with A and B given.
std::string describe(const sim::Culprit& culprit, const std::string& actor,
                     const std::string& other) {
  const sim::TraceEvent& e = culprit.event;
  const std::string kind(sim::to_string(e.kind));
  if (e.kind == sim::TraceKind::deliver || e.kind == sim::TraceKind::poison) {
    return kind + " " + std::string(e.message.type_name()) + " to " + actor + " from " + other;
  }
  if (e.kind == sim::TraceKind::fault) return "fault " + e.text.substr(0, e.text.find(' '));
  return kind + " " + actor;
}

const ActorSpec* spec_named(const Scenario& scenario, const std::string& name) {
  for (const ActorSpec& a : scenario.actors) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string joined(const std::set<std::string>& types) {
  std::string out;
  for (const std::string& t : types) out += (out.empty() ? "" : ", ") + t;
  return out.empty() ? "no scenario actor" : out;
}

}  // namespace

std::string culprit_in_types(const sim::Culprit& culprit) {
  return describe(culprit, type_or_outside(culprit.actor_type),
                  type_or_outside(culprit.other_type));
}

std::string culprit_in_names(const sim::Culprit& culprit, const ActorAddresses& actors) {
  return describe(culprit, name_of(culprit.event.actor, culprit.actor_type, actors),
                  name_of(culprit.event.other, culprit.other_type, actors));
}

std::string fault_in_types(const std::string& fault, const Scenario& scenario,
                           const ActorAddresses& actors, sim::Simulation& simulation) {
  std::istringstream in(fault);
  std::string kind;
  std::string target;
  in >> kind >> target;
  if (kind.empty()) return "";
  std::set<std::string> types;
  if (kind == "kill") {
    for (const auto& [name, address] : actors) {
      const ActorSpec* spec = spec_named(scenario, name);
      if (address.to_string() == target && spec != nullptr) types.insert(spec->type);
    }
  } else if (kind == "crash" || kind == "restart" || kind == "leave" || kind == "isolate" ||
             kind == "pause" || kind == "resume" || kind == "clock_skew") {
    for (const auto& [name, address] : actors) {
      const ActorSpec* spec = spec_named(scenario, name);
      if (spec != nullptr && simulation.node_of(address) == target) types.insert(spec->type);
    }
  } else {
    return kind;  // partitions and heals hit links, not actors
  }
  return kind + " (" + joined(types) + ")";
}

std::string with_names(std::string text, const ActorAddresses& actors) {
  // Longest addresses first, so that @1.10 is not taken for @1.1 followed by a 0.
  std::vector<std::pair<std::string, std::string>> by_length;
  for (const auto& [name, address] : actors) by_length.emplace_back(address.to_string(), name);
  std::sort(by_length.begin(), by_length.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [address, name] : by_length) {
    std::size_t at = text.find(address);
    while (at != std::string::npos) {
      const std::size_t end = at + address.size();
      if (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) {
        at = text.find(address, end);  // a longer address that starts the same
        continue;
      }
      text.replace(at, address.size(), name);
      at = text.find(address, at + name.size());
    }
  }
  return text;
}

}  // namespace thespis::scenario::detail
