#include <algorithm>
#include <type_traits>

#include <thespis/properties/fault_model.hpp>
#include <thespis/scenario/scenario.hpp>

namespace thespis::properties {
namespace {

bool contains(const std::vector<std::string>& nodes, const std::string& node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

std::string joined(const std::vector<std::string>& nodes) {
  std::string out;
  for (const std::string& n : nodes) out += (out.empty() ? "" : " ") + n;
  return out;
}

std::string joined(const std::set<std::string>& nodes) {
  return joined(std::vector<std::string>(nodes.begin(), nodes.end()));
}

}  // namespace

void FaultModel::apply(const sim::Fault& fault) {
  std::visit(
      [this](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, sim::fault::Partition>) {
          // The kernel unblocks every link before cutting the groups apart.
          partition = f.groups;
          isolated.clear();
          one_way.clear();
        } else if constexpr (std::is_same_v<F, sim::fault::OneWay>) {
          one_way.insert({f.from, f.to});
        } else if constexpr (std::is_same_v<F, sim::fault::Isolate>) {
          isolated.insert(f.node);
        } else if constexpr (std::is_same_v<F, sim::fault::Heal>) {
          partition.clear();
          isolated.clear();
          one_way.clear();
        } else if constexpr (std::is_same_v<F, sim::fault::Crash> ||
                             std::is_same_v<F, sim::fault::Leave>) {
          crashed.insert(f.node);
          paused.erase(f.node);  // a node that comes back runs
        } else if constexpr (std::is_same_v<F, sim::fault::Restart>) {
          crashed.erase(f.node);
        } else if constexpr (std::is_same_v<F, sim::fault::Pause>) {
          if (up(f.node)) paused.insert(f.node);
        } else if constexpr (std::is_same_v<F, sim::fault::Resume>) {
          paused.erase(f.node);
        } else if constexpr (std::is_same_v<F, sim::fault::ClockSkew>) {
          const ClockState clock{f.offset, f.drift_ppm};
          if (clock == ClockState{}) {
            skewed.erase(f.node);
          } else {
            skewed[f.node] = clock;
          }
        }
      },
      fault);
}

bool FaultModel::known(const std::string& node) const { return contains(nodes, node); }

bool FaultModel::may_crash(const std::string& node) const {
  return known(node) && up(node) && !contains(spare, node) && !contains(no_crash, node);
}

bool FaultModel::may_pause(const std::string& node) const {
  return known(node) && up(node) && paused.count(node) == 0 && !contains(spare, node);
}

std::vector<std::string> FaultModel::crashable() const {
  std::vector<std::string> out;
  std::copy_if(nodes.begin(), nodes.end(), std::back_inserter(out),
               [this](const std::string& n) { return may_crash(n); });
  return out;
}

std::vector<std::string> FaultModel::pausable() const {
  std::vector<std::string> out;
  std::copy_if(nodes.begin(), nodes.end(), std::back_inserter(out),
               [this](const std::string& n) { return may_pause(n); });
  return out;
}

std::vector<std::string> FaultModel::isolatable() const {
  std::vector<std::string> out;
  std::copy_if(nodes.begin(), nodes.end(), std::back_inserter(out),
               [this](const std::string& n) { return isolated.count(n) == 0; });
  return out;
}

std::string to_string(const FaultModel& m) {
  if (m.calm()) return "calm";
  std::vector<std::string> parts;
  if (!m.partition.empty()) {
    std::string text = "partition";
    for (const auto& group : m.partition) text += " [" + joined(group) + "]";
    parts.push_back(text + " | rest");
  }
  if (!m.isolated.empty()) parts.push_back("isolated " + joined(m.isolated));
  for (const auto& [from, to] : m.one_way) parts.push_back("cut " + from + " -> " + to);
  if (!m.crashed.empty()) parts.push_back("crashed " + joined(m.crashed));
  if (!m.paused.empty()) parts.push_back("paused " + joined(m.paused));
  for (const auto& [node, clock] : m.skewed) {
    parts.push_back("skewed " + node + " by " + scenario::format_duration(clock.offset) +
                    " drifting " + std::to_string(clock.drift_ppm) + "ppm");
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace thespis::properties
