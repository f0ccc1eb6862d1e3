// The command line: CLI11 subcommands over the scenario library.
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <thespis/cli.hpp>
#include <thespis/error.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/program_name.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/sim/explore.hpp>

#include "commands.hpp"
#include "error_line.hpp"

namespace thespis::cli {
namespace {

void add_max_time(CLI::App& command, std::string& max_time) {
  command.add_option("--max-time", max_time,
                     "The most virtual time a run may simulate, e.g. 2h (default 1h); a scenario "
                     "that would run longer is refused");
}

void add_json(CLI::App& command, std::string& json) {
  command.add_option("--json", json, "Write a machine-readable result to this file");
}

/// --seeds 0 would explore nothing and pass: a usage error, said in words.
CLI::Validator at_least_one() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty() || text.find_first_not_of('0') != std::string::npos) return "";
        return "must be at least 1 (the number of seeds to run), got " + text;
      },
      "N>=1", "AT_LEAST_ONE");
}

void add_strategy(CLI::App& command, StrategyArgs& args) {
  command.add_option("--strategy", args.name, "random (default), swarm or pct")
      ->check(CLI::IsMember({"random", "swarm", "pct"}));
  command.add_option("--pct-depth", args.pct_depth, "pct: the bug depth aimed at (default 2)")
      ->check(CLI::Range(1, 1000));
  command
      .add_option("--pct-steps", args.pct_steps,
                  "pct: the scheduling steps of a run (default: counted in the scenario's calm "
                  "run)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
}

void add_run(CLI::App& app, RunArgs& args) {
  CLI::App* run = app.add_subcommand("run", "Run scenarios; exit code 1 if any fails");
  run->add_option("files", args.files, "Scenario files (YAML)")->required();
  run->add_option("--seed", args.seed, "Seed instead of the scenario's own");
  run->add_option("--trace", args.trace,
                  "Write the trace as JSON lines to this file, and the run record (choice tape) "
                  "next to it with the extension .tape");
  run->add_option("--trace-dir", args.trace_dir,
                  "Write each run's trace and run record into this folder (named after the "
                  "scenario and seed unless --trace names them)");
  run->add_option("--base", args.base,
                  "sim (exact, default), tcp or udp (real processes), or sim,tcp or sim,udp "
                  "(both, verdicts side by side)")
      ->check(CLI::IsMember({"sim", "tcp", "udp", "sim,tcp", "sim,udp"}));
  run->add_flag("--quiet", args.quiet, "Print only the runs that fail");
  run->add_option("--load", args.load,
                  "Load apps and actor types from this shared library first (repeatable)");
  run->add_option("--html", args.html,
                  "Draw the run as a page at this path (a sequence diagram; see thespis view)");
  add_json(*run, args.json);
  add_strategy(*run, args.strategy);
  add_max_time(*run, args.max_time);
}

void add_view(CLI::App& app, ViewArgs& args) {
  CLI::App* view = app.add_subcommand(
      "view",
      "Draw a recorded trace as one HTML page: a sequence diagram of the run, the causal chain "
      "of its violation highlighted");
  view->add_option("trace", args.trace, "The trace (.jsonl) written by thespis run --trace")
      ->required()
      ->check(CLI::ExistingFile);
  view->add_option("-o,--output", args.output, "Where to write the page")->required();
  view->add_option("--format", args.format,
                   "html (default): the picture; chrome: the Trace Event format (Perfetto, "
                   "chrome://tracing)")
      ->check(CLI::IsMember({"html", "chrome"}));
}

void add_explore(CLI::App& app, ExploreArgs& args) {
  CLI::App* explore = app.add_subcommand("explore", "Run a scenario under many seeds");
  explore->add_option("file", args.file, "Scenario file (YAML)")->required();
  explore->add_option("--seeds", args.seeds, "How many seeds")->required()->check(at_least_one());
  explore->add_option("--first-seed", args.first_seed, "The first seed of the range");
  explore->add_option("--jobs,-j", args.jobs, "Worker processes")->check(CLI::Range(1, 256));
  add_strategy(*explore, args.strategy);
  explore->add_option("--shard", args.shard, "K/N: run the K-th of N disjoint slices of the seeds");
  CLI::Option* save =
      explore->add_option("--save-failures", args.save_failures,
                          "Folder for the run record of each failing seed (default: "
                          "thespis-failures in the working directory)");
  explore->add_flag("--no-save-failures", args.no_save_failures, "Write no run records")
      ->excludes(save);
  explore->add_option("--json", args.json, "Write a machine-readable summary to this file");
  explore->add_flag("--quiet", args.quiet,
                    "No progress line; the summary only if a seed failed or did not run");
  add_max_time(*explore, args.max_time);
}

void add_shrink(CLI::App& app, ShrinkArgs& args) {
  CLI::App* shrink = app.add_subcommand("shrink", "Minimise a failing run into a scenario file");
  shrink->add_option("file", args.file, "Scenario file (YAML)")->required();
  shrink->add_option("--seed", args.seed, "The failing seed")->required();
  add_strategy(*shrink, args.strategy);
  shrink->add_option("-o,--output", args.output, "Where to write the minimal scenario")->required();
  shrink->add_option("--max-runs", args.max_runs, "Give up shrinking after this many runs");
  add_json(*shrink, args.json);
  add_max_time(*shrink, args.max_time);
}

void add_replay(CLI::App& app, ReplayArgs& args) {
  CLI::App* replay = app.add_subcommand(
      "replay", "Re-run a recorded run and confirm its hash; exit code 1 if it diverges or fails");
  replay
      ->add_option("record", args.record,
                   "The run record (.tape) written by thespis run --trace or thespis explore, "
                   "or the trace (.jsonl) beside one")
      ->required();
  replay->add_flag("--quiet", args.quiet, "Print nothing unless the replay fails");
  add_json(*replay, args.json);
  add_max_time(*replay, args.max_time);
}

void add_why(CLI::App& app, WhyArgs& args) {
  CLI::App* why = app.add_subcommand(
      "why", "Explain a recorded run's violation (or --event N) as a short causal chain");
  why->add_option("trace", args.trace, "The trace (JSON lines) written by thespis run --trace")
      ->required();
  why->add_option("--event", args.event, "Explain this event (its #index) instead");
}

void add_node(CLI::App& app, NodeArgs& args) {
  CLI::App* node = app.add_subcommand("node", "Run an admin in the foreground (tcp or udp base)");
  node->add_option("--base", args.base,
                   "tcp (default) or udp: what carries actor messages (the admin's requests and "
                   "conventions use TCP either way)")
      ->check(CLI::IsMember({"tcp", "udp"}));
  node->add_option("--port", args.port, "Admin port (default 1900 on tcp, 1029 on udp)");
  node->add_option("--receive-buffer", args.receive_buffer_bytes,
                   "udp: each process's socket receive buffer in bytes (default 4 MiB)")
      ->check(CLI::Range(std::size_t{4096}, std::size_t{1} << 31));
  node->add_option("--bind", args.bind,
                   "Address the admin and its actors listen on (default 127.0.0.1; 0.0.0.0: all)");
  node->add_option("--advertise", args.advertise,
                   "Address other hosts reach them at (default: the --bind address)");
  node->add_option("--capability", args.capabilities, "NAME=VALUE (repeatable)");
  node->add_option("--convention", args.conventions,
                   "HOST:PORT of a potential convention leader (repeatable, in order of "
                   "preference: the first live one leads)");
  node->add_option("--heartbeat-ms", args.heartbeat_ms, "Heartbeat interval in milliseconds")
      ->check(CLI::Range(1, 3'600'000));
  node->add_option("--missed", args.missed, "Missed heartbeats before a member is dropped")
      ->check(CLI::Range(1, 1000));
  node->add_option("--secret-file", args.secret_file,
                   "The convention's shared secret (default: the per-user secret)");
  node->add_option("--max-frame-bytes", args.max_frame_bytes, "Largest frame accepted")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 31));
  node->add_option("--max-connections", args.max_connections, "Connections held at once")
      ->check(CLI::Range(std::size_t{8}, std::size_t{1} << 20));
  node->add_option("--max-queued-bytes", args.max_queued_bytes, "Bytes queued per peer")
      ->check(CLI::Range(std::size_t{1} << 16, std::size_t{1} << 34));
  node->add_option("--log-max-bytes", args.log_max_bytes, "Rotate the admin log at this size")
      ->check(CLI::Range(std::uint64_t{4096}, std::uint64_t{1} << 40));
  node->add_option("--log-files", args.log_files, "Admin log files kept, the current included")
      ->check(CLI::Range(1, 100));
  node->add_option("--load", args.load,
                   "Load actor types from this shared library before starting (repeatable)");
}

CLI::App* add_control(CLI::App& app, const std::string& name, const std::string& what,
                      ControlArgs& args) {
  CLI::App* command = app.add_subcommand(name, what);
  command->add_option("--host", args.host, "The admin's host (default 127.0.0.1)");
  command->add_option("--port", args.port, "Admin port (default: the --base's)");
  command
      ->add_option("--base", args.base,
                   "tcp (default) or udp: only chooses the default port (1900 or 1029); "
                   "an admin is reached over TCP either way")
      ->check(CLI::IsMember({"tcp", "udp"}));
  command->add_option("--timeout", args.timeout_s, "Seconds to wait for the admin")
      ->check(CLI::Range(0.001, 86400.0));
  command->add_option("--secret-file", args.secret_file,
                      "The convention's shared secret (default: the per-user secret)");
  return command;
}

int run_parsed(int argc, char** argv) {
  CLI::App app{
      "thespis: failure scenarios (run, explore, shrink, replay, view, why) and tcp or udp nodes "
      "(node, "
      "status, logs, shutdown)"};
  app.set_version_flag("--version", "thespis " THESPIS_VERSION);
  app.require_subcommand(1);
  RunArgs run;
  ExploreArgs explore;
  ShrinkArgs shrink;
  ReplayArgs replay;
  NodeArgs node;
  ControlArgs status;
  ControlArgs shutdown;
  LogsArgs logs;
  add_node(app, node);
  add_control(app, "status", "Show an admin's actors, connections and convention", status)
      ->add_option("--actor", status.actor,
                   "One actor's status instead (its address as listed, e.g. @3.4): children, "
                   "pending wakeups, mailbox, messages handled, retries, poison sent");
  add_control(app, "shutdown", "Stop an admin and its actors", shutdown);
  CLI::App* logs_app = add_control(
      app, "logs",
      "Show an admin's merged log: its actors' lines; on a convention leader also every "
      "member's warnings and errors",
      logs.admin);
  logs_app->add_option("--level", logs.level, "The lowest level shown (default debug)")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}));
  logs_app->add_flag("--follow,-f", logs.follow, "Then show each new line until Ctrl-C");
  logs_app->add_option("--tail", logs.tail, "Only the latest N lines kept (default: all kept)");
  add_run(app, run);
  add_explore(app, explore);
  add_shrink(app, shrink);
  add_replay(app, replay);
  WhyArgs why;
  add_why(app, why);
  ViewArgs view;
  add_view(app, view);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  const std::string command = app.get_subcommands().front()->get_name();
  if (command == "run") return run_command(run);
  if (command == "explore") return explore_command(explore);
  if (command == "shrink") return shrink_command(shrink);
  if (command == "node") return node_command(node);
  if (command == "status") return status_command(status);
  if (command == "shutdown") return shutdown_command(shutdown);
  if (command == "logs") return logs_command(logs);
  if (command == "why") return why_command(why);
  if (command == "view") return view_command(view);
  return replay_command(replay);
}

}  // namespace

std::chrono::nanoseconds max_time_option(const std::string& written) {
  return written.empty() ? scenario::default_max_time : scenario::max_time_from_text(written);
}

std::unique_ptr<sim::Strategy> strategy_option(const StrategyArgs& args,
                                               const scenario::Scenario& scenario,
                                               std::chrono::nanoseconds max_time) {
  if (args.name != "pct" && (args.pct_depth || args.pct_steps)) {
    throw Error("--pct-depth and --pct-steps apply to --strategy pct only");
  }
  sim::StrategySpec spec{.name = args.name};
  if (args.name == "pct") {
    spec.pct_depth = args.pct_depth.value_or(2);
    // The default step count is the scenario's own: PCT's change points are drawn over k
    // steps, and a k far past the run's length would put them after its end.
    spec.pct_steps =
        args.pct_steps ? *args.pct_steps : scenario::estimate_pct_steps(scenario, max_time);
  }
  return sim::make_strategy(spec);
}

int run_cli(int argc, char** argv) {
  // Whatever a command throws (a bad file, std::bad_alloc...) ends as one line and exit code 2,
  // also when it escapes a destructor.
  report_terminate_as_error();
  // Reproduce lines name this program, which has the user's apps linked in.
  if (argc > 0 && argv[0] != nullptr) scenario::set_program_name(scenario::runnable_name(argv[0]));
  try {
    return run_parsed(argc, argv);
  } catch (const std::exception& e) {
    print_error(describe(e));
  } catch (...) {
    print_error("an unknown exception");
  }
  return 2;
}

}  // namespace thespis::cli
