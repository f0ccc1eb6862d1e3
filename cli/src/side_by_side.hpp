// `thespis run --base sim,tcp`: one scenario's verdicts on both bases, side by side, so that a
// reader sees at once whether a bug found in simulation also shows on real processes, and what
// the tcp run could only approximate.
#pragma once

#include <string>

#include <thespis/scenario/runner.hpp>

namespace thespis::cli {

/// A table of each expectation's verdict per base (pass, FAIL, or ---- when not judged), then
/// the details of the verdicts that did not pass on each base, each run's error, and the tcp
/// run's approximations.
std::string side_by_side(const scenario::RunResult& sim, const scenario::RunResult& tcp);

}  // namespace thespis::cli
