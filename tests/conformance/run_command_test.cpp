// RunCommand (run_command.hpp) on every base: the same commands on the real tcp and udp bases
// (real processes: /bin/sh, cat, sleep) and on the simulation, where the test registers stubs
// that play the same scripts in virtual time (sim::Simulation::stub_command). A Requester actor
// runs each command with itself as the output listener and answers the test with a Transcript:
// what was streamed to it, whether it was told of the start, and the result.
#include <chrono>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include <thespis/run_command.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "conformance/conformance_fixture.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

/// Asks the Requester to run `command` on `runner`; with `abort_when_started`, it sends the
/// runner CommandAbort as soon as it hears that the command started; with `tell_started`, it
/// tells the asker "started" then.
struct RunVia {
  ActorAddress runner{};
  Command command{};
  bool abort_when_started = false;
  bool tell_started = false;
};
THESPIS_MESSAGE(RunVia, runner, command, abort_when_started, tell_started)

/// What the Requester heard (streamed text kept up to 4 KiB, so that a Transcript fits a
/// datagram on udp; the byte counts are whole).
struct Transcript {
  std::string streamed_out{};
  std::int64_t streamed_out_bytes = 0;
  std::string streamed_err{};
  std::int64_t largest_chunk = 0;
  std::int64_t pid = 0;  ///< from CommandStarted (0: none came)
  CommandResult result{};
};
THESPIS_MESSAGE(Transcript, streamed_out, streamed_out_bytes, streamed_err, largest_chunk, pid,
                result)

constexpr std::size_t kept_limit = 4096;

struct Requester : Actor {
  Requester() {
    on<RunVia>([this](const RunVia& run, const ActorAddress& from) {
      asker_ = from;
      runner_ = run.runner;
      abort_when_started_ = run.abort_when_started;
      tell_started_ = run.tell_started;
      transcript_ = {};
      Command command = run.command;
      command.output_to = my_address();
      command.report_start = true;
      send(run.runner, command);
    });
    on<CommandStarted>([this](const CommandStarted& started) {
      transcript_.pid = started.pid;
      if (abort_when_started_) send(runner_, CommandAbort{});
      if (tell_started_) send(asker_, std::string("started"));
    });
    on<CommandOutput>([this](const CommandOutput& chunk) {
      transcript_.largest_chunk =
          std::max(transcript_.largest_chunk, static_cast<std::int64_t>(chunk.data.size()));
      if (chunk.stream == OutputStream::out) {
        transcript_.streamed_out_bytes += static_cast<std::int64_t>(chunk.data.size());
      }
      std::string& kept =
          chunk.stream == OutputStream::out ? transcript_.streamed_out : transcript_.streamed_err;
      kept.append(chunk.data, 0, kept_limit - std::min(kept.size(), kept_limit));
    });
    on<CommandResult>([this](const CommandResult& result) {
      transcript_.result = result;
      send(asker_, transcript_);
    });
  }
  ActorAddress asker_;
  ActorAddress runner_;
  bool abort_when_started_ = false;
  bool tell_started_ = false;
  Transcript transcript_;
};
THESPIS_ACTOR(Requester)

const std::string ignores_sigterm = "trap '' TERM; sleep 30";
const std::string greets = "echo out-$GREETING; echo err >&2; exit 3";
const std::string chatters = "yes | head -c 100000";

class RunCommandConformance : public Conformance {
 protected:
  void SetUp() override {
    Conformance::SetUp();
    if (simulated()) stub_the_scripts();
    runner_ = system().create_actor<RunCommand>();
    requester_ = system().create_actor<Requester>();
  }

  /// On sim, what the real commands do, scripted.
  void stub_the_scripts() {
    auto sim = sim::Simulation::of(system());
    sim.stub_command("cat", [](const sim::CommandInvocation& call) {
      return sim::CommandScript{
          .chunks = {{.at = 1ms, .stream = OutputStream::out, .data = call.input}},
          .exit_code = 0,
          .duration = 2ms,
          .ignores_terminate = false,
          .not_found = false};
    });
    sim.stub_command("sleep", sim::CommandScript{.chunks = {},
                                                 .exit_code = 0,
                                                 .duration = 30s,
                                                 .ignores_terminate = false,
                                                 .not_found = false});
    sim.stub_command(ignores_sigterm, sim::CommandScript{.chunks = {},
                                                         .exit_code = 0,
                                                         .duration = 30s,
                                                         .ignores_terminate = true,
                                                         .not_found = false});
    sim.stub_command(greets, [](const sim::CommandInvocation& call) {
      const auto greeting = call.environment.find("GREETING");
      const std::string name = greeting == call.environment.end() ? "" : greeting->second;
      return sim::CommandScript{
          .chunks = {{.at = 1ms, .stream = OutputStream::out, .data = "out-" + name + "\n"},
                     {.at = 1ms, .stream = OutputStream::err, .data = "err\n"}},
          .exit_code = 3,
          .duration = 2ms,
          .ignores_terminate = false,
          .not_found = false};
    });
    std::string lines;
    while (lines.size() < 100000) lines += "y\n";
    sim.stub_command(
        chatters,
        sim::CommandScript{.chunks = {{.at = 1ms, .stream = OutputStream::out, .data = lines}},
                           .exit_code = 0,
                           .duration = 2ms,
                           .ignores_terminate = false,
                           .not_found = false});
  }

  Transcript run(Command command, bool abort_when_started = false) {
    return ask<Transcript>(requester_,
                           RunVia{runner_, std::move(command), abort_when_started, false}, 60s);
  }

  /// On a real base, the command's process ends within 10 s (it was sent SIGKILL).
  void expect_ends(std::int64_t pid) {
    if (simulated()) return;
    EXPECT_TRUE(testing::Process(pid).wait_ended(10s))
        << "the command's process " << pid << " outlived its actor";
  }

  /// On a real base, the command's process is gone (reaped) once its result came.
  void expect_reaped(const Transcript& t) {
    if (networked()) {
      EXPECT_GT(t.pid, 0);
      EXPECT_TRUE(testing::ended(t.pid)) << "the command's process " << t.pid << " is left";
    }
  }

  ActorAddress runner_;
  ActorAddress requester_;
};

INSTANTIATE_TEST_SUITE_P(Bases, RunCommandConformance, configurations, configuration_name);

Command command_of(std::vector<std::string> argv) {
  Command command;
  command.argv = std::move(argv);
  return command;
}

Command shell_command(std::string script) {
  Command command;
  command.shell = std::move(script);
  return command;
}

TEST_P(RunCommandConformance, StdinReachesTheCommandAndItsOutputIsStreamedAndKept) {
  Command cat = command_of({"cat"});
  cat.input = "hello\nworld\n";
  const Transcript t = run(cat);
  EXPECT_TRUE(t.result.succeeded()) << t.result.error << t.result.error_output;
  EXPECT_EQ(t.result.exit_code, 0);
  EXPECT_EQ(t.result.output, "hello\nworld\n");
  EXPECT_EQ(t.streamed_out, "hello\nworld\n");
  EXPECT_EQ(t.result.output_dropped, 0);
  EXPECT_NE(t.pid, 0) << "no CommandStarted";
  expect_reaped(t);
}

TEST_P(RunCommandConformance, AShellCommandSeesItsEnvironmentAndWritesBothStreams) {
  Command command = shell_command(greets);
  command.environment = {{"GREETING", "hi"}};
  const Transcript t = run(command);
  EXPECT_EQ(t.result.exit_code, 3);
  EXPECT_FALSE(t.result.succeeded());
  EXPECT_TRUE(t.result.error.empty()) << t.result.error;
  EXPECT_EQ(t.result.output, "out-hi\n");
  EXPECT_EQ(t.result.error_output, "err\n");
  EXPECT_EQ(t.streamed_out, "out-hi\n");
  EXPECT_EQ(t.streamed_err, "err\n");
}

TEST_P(RunCommandConformance, ATimeoutEndsACommandWithSigterm) {
  Command sleep = command_of({"sleep", "30"});
  sleep.timeout = 300ms;
  sleep.kill_grace = 5s;
  const Transcript t = run(sleep);
  EXPECT_TRUE(t.result.timed_out);
  EXPECT_FALSE(t.result.aborted);
  EXPECT_FALSE(t.result.exit_code);
  EXPECT_EQ(t.result.signal, 15);
  EXPECT_GE(t.result.duration, 300ms);
  EXPECT_LT(t.result.duration, 5s) << "it waited for SIGKILL";
  expect_reaped(t);
}

TEST_P(RunCommandConformance, ACommandThatIgnoresSigtermIsKilledAfterTheGrace) {
  Command stubborn = shell_command(ignores_sigterm);
  stubborn.timeout = 300ms;
  stubborn.kill_grace = 400ms;
  const Transcript t = run(stubborn);
  EXPECT_TRUE(t.result.timed_out);
  EXPECT_EQ(t.result.signal, 9);
  EXPECT_GE(t.result.duration, 700ms);
  EXPECT_LT(t.result.duration, 20s);
  expect_reaped(t);
}

TEST_P(RunCommandConformance, AbortEndsTheRunningCommand) {
  const Transcript t = run(command_of({"sleep", "30"}), true);
  EXPECT_TRUE(t.result.aborted);
  EXPECT_FALSE(t.result.timed_out);
  EXPECT_EQ(t.result.signal, 15);
  EXPECT_LT(t.result.duration, 20s);
  expect_reaped(t);
}

TEST_P(RunCommandConformance, AMissingExecutableIsAnErrorNotACrash) {
  const Transcript t = run(command_of({"/nonexistent/thespis-no-such-tool", "x"}));
  EXPECT_FALSE(t.result.exit_code);
  EXPECT_FALSE(t.result.signal);
  EXPECT_EQ(t.result.error,
            "cannot start '/nonexistent/thespis-no-such-tool': No such file or directory");
  EXPECT_EQ(t.pid, 0) << "a CommandStarted for a command that never started";
  // The runner is still there and runs the next command.
  Command cat = command_of({"cat"});
  cat.input = "still here";
  EXPECT_EQ(run(cat).result.output, "still here");
}

TEST_P(RunCommandConformance, OutputPastTheBoundIsTruncatedAndSaysSo) {
  Command command = shell_command(chatters);
  command.max_output_bytes = 1000;
  const Transcript t = run(command);
  EXPECT_TRUE(t.result.succeeded()) << t.result.error << t.result.error_output;
  EXPECT_EQ(t.result.output.size(), 1000U);
  EXPECT_EQ(t.result.output_dropped, 99000);
  EXPECT_EQ(t.result.output.substr(0, 4), "y\ny\n");
  EXPECT_EQ(t.streamed_out_bytes, 100000) << "streamed output is not bounded";
  EXPECT_LE(t.largest_chunk, static_cast<std::int64_t>(max_streamed_chunk));
}

TEST_P(RunCommandConformance, AResultTooLargeForTheTransportArrivesCutAndSaysSo) {
  // 100,000 bytes: within the default bound (1 MiB), beyond one udp datagram.
  const Transcript t = run(shell_command(chatters));
  EXPECT_TRUE(t.result.succeeded()) << t.result.error << t.result.error_output;
  if (!udp()) {
    EXPECT_EQ(t.result.output.size(), 100000U) << "tcp carries the whole result";
    EXPECT_EQ(t.result.output_dropped, 0);
    return;
  }
  // udp: the result came back from the transport and was sent again, cut to fit.
  EXPECT_LE(t.result.output.size(), max_streamed_chunk);
  EXPECT_GT(t.result.output_dropped, 0);
  EXPECT_EQ(static_cast<std::int64_t>(t.result.output.size()) + t.result.output_dropped, 100000)
      << "what was cut is counted";
  EXPECT_EQ(t.result.output.substr(0, 4), "y\ny\n");
}

TEST_P(RunCommandConformance, ARunnerThatExitsStopsItsCommandAndAnswersIt) {
  system().tell(requester_, RunVia{runner_, command_of({"sleep", "30"}), false, true});
  ASSERT_EQ(listen<std::string>(20s), "started");
  system().tell(runner_, ActorExitRequest{});
  const Transcript t = listen<Transcript>(20s);
  EXPECT_TRUE(t.result.aborted);
  EXPECT_EQ(t.result.error, "the RunCommand actor exited before the command finished");
  if (networked()) {
    EXPECT_GT(t.pid, 0);
    expect_ends(t.pid);
  }
}

}  // namespace
}  // namespace thespis::conformance
