// RunCommand (Thespian's thespian.runcommand): an actor that runs external commands and answers
// each with a CommandResult, without blocking; the same messages on every base.
//
//   auto runner = create_actor<thespis::RunCommand>();
//   send(runner, thespis::Command{.argv = {"ls", "-l"}, .timeout = 5s});
//   on<thespis::CommandResult>([](const thespis::CommandResult& r) { ... r.exit_code, r.output });
//
// Protocol. A RunCommand runs one command at a time; commands sent meanwhile wait, in order. For
// each Command its sender gets, in this order: CommandStarted{pid} if `report_start`; the output
// as it comes, as CommandOutput chunks to `output_to` if set (any actor; chunks of at most
// max_streamed_chunk bytes, not necessarily whole lines, and not bounded in total); and exactly
// one CommandResult. On `udp` a message must fit one datagram: a result too large for it comes
// back to the RunCommand, which sends it again cut to max_streamed_chunk bytes of each stream
// (the first and last halves; the cut counted in output_dropped / error_output_dropped, as the
// bound's is) and without the command's input.
// CommandAbort stops the command running now (queued ones still run). ActorExitRequest stops the
// running command at once (SIGKILL to its process group) and answers it and every queued command
// with a result whose `error` says so.
//
// Stopping. At `timeout` (0: none), or on CommandAbort, the process group gets SIGTERM, and
// `kill_grace` later SIGKILL if the process has not ended. The result says `timed_out` or
// `aborted` and which signal ended it.
//
// The bound. Each of output and error_output keeps at most `max_output_bytes`: the first half
// and the last half of what was written; the bytes in between are dropped and counted in
// output_dropped / error_output_dropped (0: complete), so a result says that it was truncated.
//
// A command that cannot start (a missing executable) is answered with a result whose `error`
// names the program and the reason, and no exit code. Mechanism (launcher per base, see
// command_launcher.hpp): on `tcp`/`udp` a real process of the actor's host; on `sim` a stub the
// test registered by name (sim::Simulation::stub_command), played in virtual time, and an
// unregistered name is a missing executable.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <thespis/actor.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/command_launcher.hpp>
#include <thespis/message_type.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

/// The largest CommandOutput chunk: longer output is streamed in several, so that a chunk fits
/// one datagram on `udp`.
inline constexpr std::size_t max_streamed_chunk = 16 * 1024;

/// A command for a RunCommand actor.
struct Command {
  /// argv[0] is the program, searched on PATH; ignored when `shell` is set.
  std::vector<std::string> argv{};
  /// A script for `/bin/sh -c` (Thespian's use_shell); empty: run `argv`.
  std::string shell{};
  /// Written to the command's stdin, which is then closed (empty: stdin is closed at once).
  std::string input{};
  /// Variables set on top of the inherited environment (or alone, without inheriting).
  std::map<std::string, std::string> environment{};
  bool inherit_environment = true;
  /// SIGTERM after this long (0: no limit), then SIGKILL `kill_grace` later.
  std::chrono::nanoseconds timeout{0};
  std::chrono::nanoseconds kill_grace{std::chrono::seconds(2)};
  /// Bytes kept of each of output and error_output (the first and last halves; 0: none). There
  /// is no unbounded setting: the actor's memory stays bounded whatever a command writes.
  std::int64_t max_output_bytes = 1024 * 1024;
  /// Gets each chunk of output as CommandOutput as it comes; null: nobody.
  ActorAddress output_to{};
  /// The sender gets CommandStarted when the process has started.
  bool report_start = false;
  /// A label echoed in CommandStarted and CommandOutput (the result holds the whole command).
  std::string tag{};
};
THESPIS_MESSAGE(Command, argv, shell, input, environment, inherit_environment, timeout, kill_grace,
                max_output_bytes, output_to, report_start, tag)

/// To a Command's sender when its process has started (Command::report_start).
struct CommandStarted {
  std::string tag{};
  std::int64_t pid = 0;
};
THESPIS_MESSAGE(CommandStarted, tag, pid)

/// A chunk of a running command's output, to Command::output_to.
struct CommandOutput {
  std::string tag{};
  OutputStream stream = OutputStream::out;
  std::string data{};
};
THESPIS_MESSAGE(CommandOutput, tag, stream, data)

/// Stops the command running now (SIGTERM, then SIGKILL after its kill_grace); no answer of its
/// own: the command's result says `aborted`. Nothing if no command runs.
struct CommandAbort {};
THESPIS_MESSAGE(CommandAbort)

/// The answer to a Command.
struct CommandResult {
  Command command{};
  /// The exit code when the process exited; none when a signal ended it or it never started.
  std::optional<std::int64_t> exit_code{};
  /// The signal that ended the process (15: SIGTERM, 9: SIGKILL).
  std::optional<std::int64_t> signal{};
  std::string output{};        ///< stdout (bounded: see output_dropped)
  std::string error_output{};  ///< stderr (bounded: see error_output_dropped)
  /// Bytes dropped from the middle of output / error_output (0: complete).
  std::int64_t output_dropped = 0;
  std::int64_t error_output_dropped = 0;
  /// From start to end of the process, on the actor's clock (virtual on `sim`).
  std::chrono::nanoseconds duration{0};
  bool timed_out = false;
  bool aborted = false;
  /// Why the command did not run or did not finish: cannot start (missing executable), or the
  /// RunCommand actor exited. Empty otherwise.
  std::string error{};

  /// The process ran and exited with 0.
  bool succeeded() const { return error.empty() && exit_code == 0; }
};
THESPIS_MESSAGE(CommandResult, command, exit_code, signal, output, error_output, output_dropped,
                error_output_dropped, duration, timed_out, aborted, error)

namespace detail {

/// The payload of a RunCommand's own timer: escalate `run` (SIGTERM, or SIGKILL when `kill`).
struct CommandDeadline {
  std::uint64_t run = 0;
  bool kill = false;
};
THESPIS_MESSAGE(CommandDeadline, run, kill)

/// The first and last halves of a stream within a bound, and the count of what fell between.
class BoundedOutput {
 public:
  explicit BoundedOutput(std::int64_t bound);
  void append(const std::string& data);
  /// Head and tail joined (what a result holds), and the bytes dropped between them.
  std::string text() const;
  std::int64_t dropped() const;

 private:
  std::size_t head_limit_;
  std::size_t tail_limit_;
  std::string head_;
  std::string tail_;  // a window kept at most 2 * tail_limit_ long, trimmed when it grows past
  std::int64_t dropped_ = 0;
};

/// Cuts a result's output and error output to `bound` bytes each (first and last halves, the
/// rest counted as dropped) and drops the command's input; false if nothing had to be cut.
bool cut_to_fit(CommandResult& result, std::size_t bound);

}  // namespace detail

/// The actor that runs commands (see the top of this file).
class RunCommand : public Actor {
 public:
  RunCommand();
  ~RunCommand() override;

 private:
  struct Pending {
    Command command;
    ActorAddress sender;
  };
  struct Running;

  void enqueue(const Command& command, const ActorAddress& sender);
  void start_next();
  void on_wakeup(const WakeupMessage& wakeup, const ActorAddress& from);
  void on_output(const detail::ProcessOutput& output);
  void on_ended(const detail::ProcessEnded& ended);
  void on_deadline(const detail::CommandDeadline& deadline);
  void escalate(bool timed_out);
  void on_exit_request();
  void on_result_refused(const Message& refused, const ActorAddress& to);
  void finish(CommandResult result, const ActorAddress& to);

  std::unique_ptr<detail::CommandLauncher> launcher_;
  std::deque<Pending> queue_;
  std::unique_ptr<Running> running_;
  std::uint64_t runs_ = 0;
};
THESPIS_ACTOR(RunCommand)

}  // namespace thespis
