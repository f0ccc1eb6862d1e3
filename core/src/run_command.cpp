// The RunCommand actor: the semantics of running a command, written once for every base (see
// run_command.hpp); the base's launcher (command_launcher.hpp) only starts and signals.
#include <algorithm>

#include <thespis/run_command.hpp>

namespace thespis {
namespace detail {

BoundedOutput::BoundedOutput(std::int64_t bound)
    : head_limit_(static_cast<std::size_t>(std::max<std::int64_t>(bound, 0) / 2)),
      tail_limit_(static_cast<std::size_t>(std::max<std::int64_t>(bound, 0)) - head_limit_) {}

void BoundedOutput::append(const std::string& data) {
  const std::size_t to_head = std::min(data.size(), head_limit_ - head_.size());
  head_.append(data, 0, to_head);
  tail_.append(data, to_head);
  // Trimmed in batches (the window may grow to twice the tail) so that appending stays linear.
  if (tail_.size() > 2 * tail_limit_) {
    const std::size_t excess = tail_.size() - tail_limit_;
    tail_.erase(0, excess);
    dropped_ += static_cast<std::int64_t>(excess);
  }
}

std::string BoundedOutput::text() const {
  const std::size_t keep = std::min(tail_.size(), tail_limit_);
  return head_ + tail_.substr(tail_.size() - keep);
}

std::int64_t BoundedOutput::dropped() const {
  return dropped_ + static_cast<std::int64_t>(tail_.size() - std::min(tail_.size(), tail_limit_));
}

namespace {

/// Keeps the first and last halves of `text` within `bound`; adds what it drops to `dropped`.
bool cut_text(std::string& text, std::int64_t& dropped, std::size_t bound) {
  if (text.size() <= bound) return false;
  BoundedOutput kept(static_cast<std::int64_t>(bound));
  kept.append(text);
  dropped += kept.dropped();
  text = kept.text();
  return true;
}

}  // namespace

bool cut_to_fit(CommandResult& result, std::size_t bound) {
  std::int64_t input_dropped = 0;
  const bool input = cut_text(result.command.input, input_dropped, 0);  // the sender has it
  const bool output = cut_text(result.output, result.output_dropped, bound);
  const bool error_output = cut_text(result.error_output, result.error_output_dropped, bound);
  return input || output || error_output;
}

namespace {

/// The process a command asks for: a shell script runs under /bin/sh -c.
LaunchRequest launch_request(std::uint64_t run, const Command& command) {
  return {.run = run,
          .argv = command.shell.empty() ? command.argv
                                        : std::vector<std::string>{"/bin/sh", "-c", command.shell},
          .environment = command.environment,
          .inherit_environment = command.inherit_environment,
          .input = command.input};
}

std::string program_of(const Command& command) {
  if (!command.shell.empty()) return "/bin/sh";
  return command.argv.empty() ? std::string() : command.argv.front();
}

}  // namespace
}  // namespace detail

/// The command being run: what the result will hold so far.
struct RunCommand::Running {
  std::uint64_t run = 0;
  ActorAddress sender;
  std::chrono::nanoseconds started{0};
  detail::BoundedOutput output;
  detail::BoundedOutput error_output;
  CommandResult result;
  bool escalated = false;  // SIGTERM sent (timeout or abort): later ones change nothing

  /// The result with what was kept of the output, `now` being the end.
  CommandResult close(std::chrono::nanoseconds now) {
    result.output = output.text();
    result.output_dropped = output.dropped();
    result.error_output = error_output.text();
    result.error_output_dropped = error_output.dropped();
    result.duration = now - started;
    return std::move(result);
  }
};

RunCommand::RunCommand() {
  if (auto* context = detail::construction_context()) {
    launcher_ = detail::command_launcher_for(*context);
  }
  on<Command>([this](const Command& command, const ActorAddress& from) { enqueue(command, from); });
  on<CommandAbort>([this](const CommandAbort&) {
    if (running_) escalate(false);
  });
  on<WakeupMessage>(
      [this](const WakeupMessage& wakeup, const ActorAddress& from) { on_wakeup(wakeup, from); });
  on<ActorExitRequest>([this](const ActorExitRequest&) { on_exit_request(); });
  on<PoisonMessage>([this](const PoisonMessage& poison, const ActorAddress& from) {
    if (poison.original.is<CommandResult>()) on_result_refused(poison.original, from);
  });
}

void RunCommand::on_result_refused(const Message& refused, const ActorAddress& to) {
  // A result the transport could not carry (larger than one datagram on udp) came back: its
  // sender still gets one, cut to fit, the cut counted in the dropped bytes as the bound's is.
  // A result that cutting does not change is not sent again, so nothing can bounce for ever.
  CommandResult result = refused.get<CommandResult>();
  if (detail::cut_to_fit(result, max_streamed_chunk)) finish(std::move(result), to);
}

// The launcher's destructor kills and reaps whatever still runs.
RunCommand::~RunCommand() = default;

void RunCommand::enqueue(const Command& command, const ActorAddress& sender) {
  queue_.push_back({command, sender});
  if (!running_) start_next();
}

void RunCommand::start_next() {
  while (!running_ && !queue_.empty()) {
    Pending next = std::move(queue_.front());
    queue_.pop_front();
    CommandResult result;
    result.command = std::move(next.command);
    const Command& command = result.command;
    const std::string program = detail::program_of(command);
    if (program.empty()) {
      result.error = "cannot start a command without a program (argv and shell are empty)";
    } else if (!launcher_) {
      result.error = "cannot start '" + program + "': this base runs no commands";
    }
    if (!result.error.empty()) {
      finish(std::move(result), next.sender);
      continue;
    }
    const std::uint64_t run = ++runs_;
    // Read before the deadline is armed: a command ended by its timeout then always reports a
    // duration of at least that timeout, however late this thread runs on a loaded machine.
    const std::chrono::nanoseconds started = now();
    const detail::LaunchOutcome outcome = launcher_->start(detail::launch_request(run, command));
    if (!outcome.error.empty()) {
      result.error = "cannot start '" + program + "': " + outcome.error;
      finish(std::move(result), next.sender);
      continue;
    }
    if (command.report_start) send(next.sender, CommandStarted{command.tag, outcome.pid});
    if (command.timeout.count() > 0) wakeup_after(command.timeout, detail::CommandDeadline{run});
    running_ = std::make_unique<Running>(
        Running{.run = run,
                .sender = next.sender,
                .started = started,
                .output = detail::BoundedOutput(command.max_output_bytes),
                .error_output = detail::BoundedOutput(command.max_output_bytes),
                .result = std::move(result),
                .escalated = false});
  }
}

void RunCommand::on_wakeup(const WakeupMessage& wakeup, const ActorAddress& from) {
  // Only this actor's own timers and its launcher's reports (a sender cannot forge those).
  if (from != my_address()) return;
  if (const auto* output = wakeup.payload.get_if<detail::ProcessOutput>())
    return on_output(*output);
  if (const auto* ended = wakeup.payload.get_if<detail::ProcessEnded>()) return on_ended(*ended);
  if (const auto* deadline = wakeup.payload.get_if<detail::CommandDeadline>()) {
    return on_deadline(*deadline);
  }
}

void RunCommand::on_output(const detail::ProcessOutput& output) {
  if (!running_ || output.run != running_->run) return;
  auto& kept = output.stream == OutputStream::out ? running_->output : running_->error_output;
  kept.append(output.data);
  const Command& command = running_->result.command;
  if (!command.output_to) return;
  for (std::size_t at = 0; at < output.data.size(); at += max_streamed_chunk) {
    send(command.output_to,
         CommandOutput{command.tag, output.stream, output.data.substr(at, max_streamed_chunk)});
  }
}

void RunCommand::on_ended(const detail::ProcessEnded& ended) {
  if (!running_ || ended.run != running_->run) return;
  std::unique_ptr<Running> done = std::move(running_);
  done->result.exit_code = ended.exit_code;
  done->result.signal = ended.signal;
  finish(done->close(now()), done->sender);
  start_next();
}

void RunCommand::on_deadline(const detail::CommandDeadline& deadline) {
  // A timer of a command that has ended since is stale.
  if (!running_ || deadline.run != running_->run) return;
  if (deadline.kill) return launcher_->signal(deadline.run, detail::ProcessSignal::kill);
  escalate(true);
}

void RunCommand::escalate(bool timed_out) {
  CommandResult& result = running_->result;
  (timed_out ? result.timed_out : result.aborted) = true;
  if (running_->escalated) return;
  running_->escalated = true;
  launcher_->signal(running_->run, detail::ProcessSignal::terminate);
  wakeup_after(result.command.kill_grace, detail::CommandDeadline{running_->run, true});
}

void RunCommand::on_exit_request() {
  const std::string why = "the RunCommand actor exited before the command finished";
  if (running_) {
    launcher_->signal(running_->run, detail::ProcessSignal::kill);
    running_->result.aborted = true;
    running_->result.error = why;
    finish(running_->close(now()), running_->sender);
    running_.reset();
  }
  for (Pending& pending : queue_) {
    CommandResult result;
    result.command = std::move(pending.command);
    result.error = why;
    finish(std::move(result), pending.sender);
  }
  queue_.clear();
}

void RunCommand::finish(CommandResult result, const ActorAddress& to) {
  send(to, std::move(result));
}

}  // namespace thespis
