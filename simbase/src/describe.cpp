// Text forms of network profiles and faults, for traces and reports.
#include <thespis/sim/fault.hpp>
#include <thespis/sim/network.hpp>

namespace thespis::sim {

std::string to_string(NetworkProfile profile) {
  return profile == NetworkProfile::tcp ? "tcp" : "udp";
}

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : " ") + name;
  return out;
}

}  // namespace

std::string to_string(const Fault& fault) {
  return std::visit(
      [](const auto& f) -> std::string {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, fault::Partition>) {
          std::string out = "partition";
          for (const auto& group : f.groups) out += " [" + join(group) + "]";
          return out;
        } else if constexpr (std::is_same_v<F, fault::OneWay>) {
          return "one_way " + f.from + " -> " + f.to;
        } else if constexpr (std::is_same_v<F, fault::Isolate>) {
          return "isolate " + f.node;
        } else if constexpr (std::is_same_v<F, fault::Heal>) {
          return "heal";
        } else if constexpr (std::is_same_v<F, fault::Crash>) {
          return "crash " + f.node;
        } else if constexpr (std::is_same_v<F, fault::Leave>) {
          return "leave " + f.node;
        } else if constexpr (std::is_same_v<F, fault::Restart>) {
          return "restart " + f.node;
        } else if constexpr (std::is_same_v<F, fault::Kill>) {
          return "kill " + f.actor.to_string();
        } else if constexpr (std::is_same_v<F, fault::Pause>) {
          return "pause " + f.node;
        } else if constexpr (std::is_same_v<F, fault::Resume>) {
          return "resume " + f.node;
        } else {
          return "clock_skew " + f.node + " offset=" + std::to_string(f.offset.count()) +
                 "ns drift=" + std::to_string(f.drift_ppm) + "ppm";
        }
      },
      fault);
}

}  // namespace thespis::sim
