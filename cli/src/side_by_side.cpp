#include "side_by_side.hpp"

#include <algorithm>

namespace thespis::cli {
namespace {

using Outcome = scenario::Verdict::Outcome;

const char* mark(Outcome outcome) {
  return outcome == Outcome::passed ? "pass" : outcome == Outcome::failed ? "FAIL" : "----";
}

std::string padded(std::string text, std::size_t width) {
  text.resize(std::max(text.size(), width), ' ');
  return text;
}

/// "  sim   EXPECTATION: DETAILS" for each verdict of `result` with details (on a real base also
/// those that passed: they say how it was judged, e.g. sampled).
std::string details(const std::string& base, const scenario::RunResult& result) {
  std::string out;
  for (const scenario::Verdict& v : result.verdicts) {
    if ((v.outcome == Outcome::passed && base == "sim") || v.details.empty()) continue;
    out += "  " + padded(base, 5) + " " + v.expectation + ": " + v.details + "\n";
  }
  if (!result.error.empty()) out += "  " + padded(base, 5) + " ERROR " + result.error + "\n";
  return out;
}

}  // namespace

std::string side_by_side(const scenario::RunResult& sim, const scenario::RunResult& real) {
  std::size_t width = std::string("expectation").size();
  for (const scenario::Verdict& v : sim.verdicts) width = std::max(width, v.expectation.size());
  std::string out = "  " + padded("expectation", width) + "  sim   " + real.base + "\n";
  for (std::size_t i = 0; i < sim.verdicts.size(); ++i) {
    const Outcome on_real =
        i < real.verdicts.size() ? real.verdicts[i].outcome : Outcome::not_reached;
    out += "  " + padded(sim.verdicts[i].expectation, width) + "  " +
           mark(sim.verdicts[i].outcome) + "  " + mark(on_real) + "\n";
  }
  out += details("sim", sim) + details(real.base, real);
  for (const std::string& note : real.approximations) {
    out += "  note  " + real.base + ": " + note + "\n";
  }
  return out;
}

}  // namespace thespis::cli
