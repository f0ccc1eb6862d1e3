// Simulated commands for RunCommand (run_command.hpp) on `sim`: nothing runs; a test registers,
// by name, what a command does, and the RunCommand actor sees it happen in virtual time with the
// same messages as on a real base.
//
//   sim.stub_command("make", {.chunks = {{.at = 1s, .data = "building\n"}},
//                             .exit_code = 2, .duration = 3s});
//   sim.stub_command("cat", [](const sim::CommandInvocation& call) {
//     return sim::CommandScript{.chunks = {{.data = call.input}}};
//   });
//
// Lookup: a shell command (Command::shell) finds the stub named by its script text first, then
// the one named "/bin/sh"; other commands the stub named by argv[0], then by its last path
// component ("/bin/sleep" finds "sleep"). A command no stub names is a missing executable.
//
// Signals: SIGTERM ends the command at once (signal 15) unless the script `ignores_terminate`;
// SIGKILL always does (signal 9). Output scripted at or after the end is never written.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <thespis/command_launcher.hpp>

namespace thespis::sim {

/// A chunk a simulated command writes `at` after it started.
struct StubChunk {
  std::chrono::nanoseconds at{0};
  OutputStream stream = OutputStream::out;
  std::string data{};
};

/// What a simulated command does: writes `chunks` (in order of `at`), then exits with
/// `exit_code` `duration` after it started.
struct CommandScript {
  std::vector<StubChunk> chunks{};
  std::int64_t exit_code = 0;
  std::chrono::nanoseconds duration{0};
  bool ignores_terminate = false;
  /// Behave like a missing executable (as an unregistered name does).
  bool not_found = false;
};

/// What a stub is told about the command it plays.
struct CommandInvocation {
  std::vector<std::string> argv{};
  std::map<std::string, std::string> environment{};
  std::string input{};
};

/// A stub that computes its script from the invocation (it must be deterministic).
using CommandStub = std::function<CommandScript(const CommandInvocation&)>;

}  // namespace thespis::sim
