// `thespis run --base sim,tcp` (or sim,udp): one scenario's verdicts on the simulation and on a
// real base, side by side, so that a reader sees at once whether a bug found in simulation also
// shows on real processes, and what the real run could only approximate.
#pragma once

#include <string>

#include <thespis/scenario/runner.hpp>

namespace thespis::cli {

/// A table of each expectation's verdict per base (pass, FAIL, or ---- when not judged), then
/// the details of the verdicts that did not pass on each base, each run's error, and the real
/// run's approximations (its column and lines are named after real.base).
std::string side_by_side(const scenario::RunResult& sim, const scenario::RunResult& real);

}  // namespace thespis::cli
