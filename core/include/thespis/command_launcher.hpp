// CommandLauncher: how a base starts, feeds, signals and reaps the processes of a RunCommand
// actor (run_command.hpp). The RunCommand actor owns the semantics (queueing, the timeout and its
// SIGTERM-then-SIGKILL escalation, abort, the output bound, the result); a launcher owns only the
// mechanism, so each base writes the part that differs and nothing else:
//   * netbase: fork/exec with pipes read through Asio on the actor process's loop; a pidfd tells
//     when the process ended; the process group is killed when the actor goes.
//   * simbase: nothing runs; a stub the test registered by command name plays scripted output
//     and an exit in virtual time.
//
// A launcher belongs to one actor (created in the actor's constructor, destroyed with it) and is
// called from that actor's thread. It reports what happens as wakeups the actor sets for itself
// (ActorContext::wakeup_after) carrying ProcessOutput and ProcessEnded, never by calling into the
// actor: so the actor sees them one at a time, in order, between its other messages. For each
// started run it reports the output in the order it was produced, then exactly one
// ProcessEnded, and nothing more. Its destructor leaves no process running and none unreaped.
//
// Bases register a provider (register_command_launcher) from the registration object CMake adds to
// every program that links them; the provider recognises the contexts of its own base.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <thespis/actor_context.hpp>
#include <thespis/enumeration.hpp>
#include <thespis/message_type.hpp>

namespace thespis {

/// Which of a command's outputs a chunk came from.
enum class OutputStream : std::uint8_t { out, err };
THESPIS_ENUM(OutputStream, out, err)

namespace detail {

/// What a launcher is asked to start: argv[0] is the program, searched on PATH.
struct LaunchRequest {
  std::uint64_t run = 0;  ///< echoed in the run's reports
  std::vector<std::string> argv{};
  /// Set on top of the inherited environment, or alone when !inherit_environment.
  std::map<std::string, std::string> environment{};
  bool inherit_environment = true;
  std::string input{};  ///< written to the process's stdin, which is then closed
};

/// A started process (its pid; the simulation makes one up), or why it could not start (a
/// missing executable: "No such file or directory", as strerror says it).
struct LaunchOutcome {
  std::int64_t pid = 0;
  std::string error;  ///< non-empty: not started, and nothing will be reported for the run
};

enum class ProcessSignal : std::uint8_t { terminate, kill };

/// A chunk of a run's output, as the process wrote it (not necessarily whole lines).
struct ProcessOutput {
  std::uint64_t run = 0;
  OutputStream stream = OutputStream::out;
  std::string data{};
};
THESPIS_MESSAGE(ProcessOutput, run, stream, data)

/// A run's process ended: its exit code, or the signal that ended it.
struct ProcessEnded {
  std::uint64_t run = 0;
  std::optional<std::int64_t> exit_code{};
  std::optional<std::int64_t> signal{};
};
THESPIS_MESSAGE(ProcessEnded, run, exit_code, signal)

class CommandLauncher {
 public:
  virtual ~CommandLauncher() = default;
  /// Starts one process. Reports nothing from inside this call.
  virtual LaunchOutcome start(const LaunchRequest& request) = 0;
  /// Signals the process of `run` (its process group on real bases); nothing if it has ended.
  virtual void signal(std::uint64_t run, ProcessSignal signal) = 0;
};

/// The launcher for an actor whose context is `context`, or nullptr when the context is not of
/// the provider's base.
using CommandLauncherProvider = std::unique_ptr<CommandLauncher> (*)(ActorContext& context);

/// Adds a provider (during static initialisation).
void register_command_launcher(CommandLauncherProvider provider);
/// The launcher of the first provider that recognises `context`; nullptr if none does.
std::unique_ptr<CommandLauncher> command_launcher_for(ActorContext& context);

}  // namespace detail
}  // namespace thespis
