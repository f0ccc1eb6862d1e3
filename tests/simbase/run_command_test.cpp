// RunCommand (run_command.hpp) on the simulation, as protocol traces: stubbed commands play
// their scripts in virtual time; the moments of start, output, SIGTERM, SIGKILL and the result
// are exact.
#include <gtest/gtest.h>

#include <thespis/run_command.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::Command;
using thespis::CommandAbort;
using thespis::CommandOutput;
using thespis::CommandResult;
using thespis::CommandStarted;
using thespis::OutputStream;
using thespis::RunCommand;
using thespis::sim::CommandInvocation;
using thespis::sim::CommandScript;
using thespis::testing::ProtocolTrace;

namespace {

struct World {
  ProtocolTrace trace;
  ActorAddress me = trace.system().address();
  ActorAddress runner = trace.system().create_actor<RunCommand>();

  World() {
    trace.sim().stub_command(
        "make",
        CommandScript{.chunks = {{.at = 1s, .data = "building\n"},
                                 {.at = 2s, .stream = OutputStream::err, .data = "warning\n"},
                                 {.at = 9s, .data = "too late\n"}},
                      .exit_code = 2,
                      .duration = 3s});
    trace.sim().stub_command("stubborn", CommandScript{.duration = 1h, .ignores_terminate = true});
    trace.sim().stub_command("polite", CommandScript{.duration = 1h});
    trace.sim().stub_command("cat", [](const CommandInvocation& call) {
      return CommandScript{.chunks = {{.at = 10ms, .data = call.input}}, .duration = 20ms};
    });
  }
  void send_at(std::chrono::nanoseconds at, const ActorAddress& to, thespis::Message message) {
    trace.sim().run_for(at - trace.sim().now());
    trace.sim().send(me, to, std::move(message));
  }
};

auto result_where(std::function<bool(const CommandResult&)> predicate) { return predicate; }

}  // namespace

TEST(RunCommand, ReportsTheStartStreamsTheOutputAndAnswersWithTheResult) {
  World w;
  w.send_at(5s, w.runner,
            Command{.argv = {"make", "all"}, .output_to = w.me, .report_start = true, .tag = "m"});
  w.trace.sim().run_until_quiescent();
  auto& t = w.trace;
  t.expect<Command>().at(5s).from(w.me).to(w.runner);
  t.expect<CommandStarted>().with(CommandStarted{"m", 4001}).at(5s).from(w.runner).to(w.me);
  t.expect<CommandOutput>()
      .with(CommandOutput{"m", OutputStream::out, "building\n"})
      .at(6s)
      .from(w.runner)
      .to(w.me);
  t.expect<CommandOutput>()
      .with(CommandOutput{"m", OutputStream::err, "warning\n"})
      .at(7s)
      .from(w.runner)
      .to(w.me);
  t.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.exit_code == 2 && !r.signal && r.output == "building\n" &&
                     r.error_output == "warning\n" && r.duration == 3s && !r.timed_out &&
                     r.error.empty() && !r.succeeded() && r.command.tag == "m";
            }),
            "exit 2 after 3 s, both outputs, nothing written after the end")
      .at(8s)
      .from(w.runner)
      .to(w.me);
  t.expect_nothing_more();
}

TEST(RunCommand, ATimeoutSendsSigtermAndACommandThatDiesOfItEnds) {
  World w;
  w.send_at(0s, w.runner, Command{.argv = {"polite"}, .timeout = 2s});
  w.trace.sim().run_until_quiescent();
  w.trace.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.timed_out && !r.exit_code && r.signal == 15 && r.duration == 2s;
            }),
            "timed out, ended by SIGTERM at 2 s")
      .at(2s)
      .to(w.me);
}

TEST(RunCommand, ACommandThatIgnoresSigtermGetsSigkillAfterTheGrace) {
  World w;
  w.send_at(0s, w.runner, Command{.argv = {"stubborn"}, .timeout = 2s, .kill_grace = 500ms});
  w.trace.sim().run_until_quiescent();
  w.trace.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.timed_out && r.signal == 9 && r.duration == 2500ms;
            }),
            "timed out, ended by SIGKILL after the grace")
      .at(2500ms)
      .to(w.me);
}

TEST(RunCommand, AbortStopsTheRunningCommandAndTheNextOneRuns) {
  World w;
  w.send_at(0s, w.runner, Command{.argv = {"polite"}, .tag = "first"});
  w.send_at(0s, w.runner, Command{.argv = {"cat"}, .input = "hello", .tag = "second"});
  w.send_at(3s, w.runner, CommandAbort{});
  w.trace.sim().run_until_quiescent();
  auto& t = w.trace;
  t.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.command.tag == "first" && r.aborted && !r.timed_out && r.signal == 15;
            }),
            "the first, aborted at 3 s")
      .at(3s)
      .to(w.me);
  t.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.command.tag == "second" && r.succeeded() && r.output == "hello" &&
                     r.duration == 20ms;
            }),
            "the second, queued meanwhile, with its stdin played back")
      .at(3s + 20ms)
      .to(w.me);
}

TEST(RunCommand, AnUnregisteredCommandIsAMissingExecutable) {
  World w;
  w.send_at(1s, w.runner, Command{.argv = {"no-such-tool"}, .report_start = true});
  w.trace.sim().run_until_quiescent();
  w.trace.disallow<CommandStarted>().to(w.me);
  w.trace.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return !r.exit_code && !r.signal &&
                     r.error == "cannot start 'no-such-tool': No such file or directory";
            }),
            "no exit code, the reason")
      .at(1s)
      .to(w.me);
}

TEST(RunCommand, OutputPastTheBoundKeepsItsStartAndEndAndCountsTheRest) {
  World w;
  w.trace.sim().stub_command("chatty", CommandScript{.chunks = {{.data = "0123456789"},
                                                                {.data = "abcdefghij"},
                                                                {.data = "ABCDEFGHIJ"}},
                                                     .duration = 1s});
  w.send_at(0s, w.runner, Command{.argv = {"/usr/bin/chatty"}, .max_output_bytes = 8});
  w.trace.sim().run_until_quiescent();
  w.trace.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.output == "0123GHIJ" && r.output_dropped == 22 && r.succeeded();
            }),
            "the first and last 4 bytes, 22 dropped")
      .to(w.me);
}

TEST(RunCommand, ExitingAnswersTheRunningAndQueuedCommands) {
  World w;
  w.send_at(0s, w.runner, Command{.argv = {"stubborn"}, .tag = "a"});
  w.send_at(0s, w.runner, Command{.argv = {"make"}, .tag = "b"});
  w.send_at(1s, w.runner, thespis::ActorExitRequest{});
  w.trace.sim().run_until_quiescent();
  auto& t = w.trace;
  t.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.command.tag == "a" && r.aborted && !r.error.empty() && r.duration == 1s;
            }),
            "the running one, aborted")
      .at(1s)
      .to(w.me);
  t.expect<CommandResult>()
      .with(result_where([](const CommandResult& r) {
              return r.command.tag == "b" && !r.aborted && !r.error.empty();
            }),
            "the queued one, never run")
      .at(1s)
      .to(w.me);
  t.expect_nothing_more();
}

TEST(RunCommandBound, KeepsTheFirstAndLastHalvesAndCountsWhatFellBetween) {
  thespis::detail::BoundedOutput none(0);
  none.append("abc");
  EXPECT_EQ(none.text(), "");
  EXPECT_EQ(none.dropped(), 3);

  thespis::detail::BoundedOutput odd(5);  // 2 at the start, 3 at the end
  odd.append("ab");
  EXPECT_EQ(odd.text(), "ab");
  odd.append("cde");
  EXPECT_EQ(odd.text(), "abcde");
  EXPECT_EQ(odd.dropped(), 0) << "exactly the bound is complete";
  for (char c = 'f'; c <= 'z'; ++c) odd.append(std::string(1, c));
  EXPECT_EQ(odd.text(), "abxyz");
  EXPECT_EQ(odd.dropped(), 21);
}
