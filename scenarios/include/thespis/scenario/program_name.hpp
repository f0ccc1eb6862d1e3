// The program that reproduce lines name. A report says "run this command to see it again"; the
// command must name the program that has the scenario's app linked in — a user's own binary
// built on thespis::cli, or a property test binary — not always `thespis`, which would answer
// "unknown app". The command line sets it from argv[0] once, before any report is made; reports
// read it (one thread sets, then everyone reads).
#pragma once

#include <string>

namespace thespis::scenario {

/// The program named in reproduce lines: what set_program_name() was given, else `thespis`.
const std::string& program_name();

/// Sets the program named in reproduce lines.
void set_program_name(std::string name);

/// How to name the running program given its argv[0]: as typed when it was found on the PATH
/// (no slash), else as an absolute path, so that the command also works from another folder.
std::string runnable_name(const std::string& argv0);

}  // namespace thespis::scenario
