// Runs the `thespis` command line for a test program compiled with THESPIS_CLI_PATH (the path
// of the executable, see tests/CMakeLists.txt) and returns what it said: for tests that judge
// the command line's exit code and output. Bounded: `timeout` ends a command that hangs.
#pragma once

#include <cstdio>
#include <string>
#include <utility>

#include <sys/wait.h>

namespace thespis::testing {

/// Runs `thespis arguments` (at most 20 s), returning its exit code (-1 if it did not exit,
/// 124 on the timeout) and its output, stdout and stderr merged.
inline std::pair<int, std::string> run_cli(const std::string& arguments) {
  const std::string command =
      "timeout 20 " + std::string(THESPIS_CLI_PATH) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (const std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe)) {
    output.append(buffer, got);
  }
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace thespis::testing
