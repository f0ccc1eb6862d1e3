#include <thespis/sim/check.hpp>

namespace thespis::sim {

std::string CheckFailure::to_string() const {
  const double ms = static_cast<double>(time.count()) / 1e6;
  std::string out = "check '" + check + "' (" + kind + ") violated at t=" + std::to_string(ms) +
                    "ms, event #" + std::to_string(event) + "\n";
  if (!details.empty()) out += "  " + details + "\n";
  if (!vacuous.empty()) out += "  vacuous: " + vacuous + "\n";
  if (!last_fault.empty()) out += "  last fault: " + last_fault + "\n";
  out +=
      seed ? "  seed: " + std::to_string(*seed) + "\n" : "  seed: none (the run replayed a tape)\n";
  out += "  trace hash: " + std::to_string(trace_hash) + ", choices: " + std::to_string(choices) +
         "\n";
  if (!last_events.empty()) {
    out += "  last events:\n";
    for (const std::string& line : last_events) out += "    " + line + "\n";
  }
  out += "  replay: run the same workload with SimOptions::seed = " +
         (seed ? std::to_string(*seed) : std::string("<tape>")) +
         " (or replay_tape = the run's choice tape)\n";
  return out;
}

CheckFailed::CheckFailed(CheckFailure failure)
    : Error(failure.to_string()), failure_(std::move(failure)) {}

}  // namespace thespis::sim
