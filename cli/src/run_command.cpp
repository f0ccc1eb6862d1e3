// run and replay: one run per scenario file (or recorded run), its verdicts on stdout, coloured
// on a terminal; with --quiet only what failed; with --json also a machine-readable result.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <thespis/error.hpp>
#include <thespis/net/loaded_libraries.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/run_record.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/trace_file.hpp>

#include "commands.hpp"
#include "error_line.hpp"
#include "json_output.hpp"
#include "side_by_side.hpp"
#include "terminal.hpp"

namespace thespis::cli {
namespace {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw Error("cannot write '" + path + "'");
}

/// Where the trace goes: --trace as given (inside --trace-dir if that is given and the path is
/// relative), else a name from the run inside --trace-dir; empty: no trace.
std::filesystem::path trace_path(const RunArgs& args, const scenario::RunResult& result) {
  const std::filesystem::path dir(args.trace_dir);
  if (!args.trace.empty()) return dir / args.trace;  // an absolute --trace replaces the folder
  if (args.trace_dir.empty()) return {};
  return dir / scenario::trace_file_name(result);
}

/// Writes the trace and the run record; returns the trace's path.
std::string write_trace(const RunArgs& args, const scenario::RunResult& result) {
  const std::filesystem::path trace = trace_path(args, result);
  if (trace.empty()) return "";
  if (trace.has_parent_path()) std::filesystem::create_directories(trace.parent_path());
  write_file(trace.string(), result.trace_jsonl);
  if (result.base != "sim") {
    // Real processes: the events their admins gathered; no tape (nothing chose the schedule).
    if (!args.quiet || !result.passed) std::cout << "  wrote " << trace.string() << '\n';
    return trace.string();
  }
  std::filesystem::path tape = trace;
  tape.replace_extension(".tape");
  scenario::write_run_record(result, tape.string(), trace.string());
  if (!args.quiet || !result.passed) {
    std::cout << "  wrote " << trace.string() << " and " << tape.string() << '\n';
  }
  return trace.string();
}

/// Draws the run's trace as a page (thespis view).
void write_html(const std::string& path, const std::string& file,
                const scenario::RunResult& result) {
  std::istringstream lines(result.trace_jsonl);
  const std::vector<scenario::TraceRecord> trace =
      scenario::read_trace(lines, "the trace of " + file);
  std::string title = std::filesystem::path(file).filename().string();
  if (result.seed) title += ", seed " + std::to_string(*result.seed);
  title += result.passed ? ": passed" : ": failed";
  std::map<std::string, std::string> names;
  for (const auto& [name, address] : result.actor_addresses) names[address] = name;
  write_html_file(trace, title, path, names);
  std::cout << "  drew " << path << '\n';
}

void print_heading(const std::string& file, const scenario::Scenario& s,
                   const scenario::RunResult& result, bool colour) {
  std::cout << (result.passed ? paint("PASS", Colour::green, colour)
                              : paint("FAIL", Colour::red, colour))
            << " " << file;
  if (!s.name.empty()) std::cout << " (" << s.name << ")";
  if (result.base != "sim") {
    std::cout << "  on " << result.base << ", "
              << std::chrono::duration<double, std::milli>(result.time).count()
              << "ms of real time\n";
  } else {
    std::cout << "  t=" << std::chrono::duration<double, std::milli>(result.time).count()
              << "ms events=" << result.events << " faults=" << result.faults
              << " hash=" << result.trace_hash << '\n';
  }
}

/// The scenario as the simulation runs it beside the real `base`: under the network profile
/// that stands for that base, unless the scenario names its own. Sets `profile_line` to the
/// report's line saying which (empty beside tcp, whose profile is the default anyway).
scenario::Scenario simulated_beside(scenario::Scenario s, const std::string& base,
                                    std::string& profile_line) {
  if (base != "udp") return s;
  // The simulation stands for the base it is compared with: udp's contract, whatever the file
  // names (a file written for tcp says so in the line, so that a difference is not a surprise).
  std::string whose = " (the scenario's own)";
  if (!s.network.profile_named) {
    whose = " (the udp base's; the scenario names none)";
  } else if (s.network.profile != sim::NetworkProfile::udp) {
    whose = " (the udp base's; the scenario names " + sim::to_string(s.network.profile) + ")";
  }
  s.network.profile = sim::NetworkProfile::udp;
  profile_line = "  sim profile: udp" + whose + "\n";
  return s;
}

/// Runs one file on the simulation and on the real `base` ("tcp" or "udp"); prints the
/// verdicts side by side (with --quiet, only if either failed). The file passes when it passes
/// on both.
std::vector<RunOutcome> run_on_both(const std::string& file, const std::string& base,
                                    std::chrono::nanoseconds max_time, bool quiet) {
  const scenario::Scenario s = scenario::load_scenario(file);
  scenario::check_max_time(s, max_time);
  std::string profile_line;
  const scenario::Scenario simulated = simulated_beside(s, base, profile_line);
  scenario::RunOptions options;
  options.max_time = max_time;
  scenario::RunResult sim = scenario::run_scenario(simulated, options);
  options.base = base;
  scenario::RunResult real = scenario::run_scenario(s, options);
  const bool colour = colour_for(STDOUT_FILENO);
  if (!quiet || !sim.passed || !real.passed) {
    const auto verdict = [&](bool passed) {
      return passed ? paint("PASS", Colour::green, colour) : paint("FAIL", Colour::red, colour);
    };
    std::cout << verdict(sim.passed && real.passed) << " " << file;
    if (!s.name.empty()) std::cout << " (" << s.name << ")";
    std::cout << "  sim: " << verdict(sim.passed) << ", " << base << ": " << verdict(real.passed)
              << " (" << std::chrono::duration<double, std::milli>(real.time).count()
              << "ms of real time)\n";
    std::cout << profile_line << paint_marks(side_by_side(sim, real), colour);
  }
  sim.trace_jsonl.clear();
  return {{file, s.name, std::move(sim), {}, ""}, {file, s.name, std::move(real), {}, ""}};
}

/// Runs one file; prints its verdicts (with --quiet, only if it failed).
RunOutcome run_one(const std::string& file, const RunArgs& args,
                   std::chrono::nanoseconds max_time) {
  const scenario::Scenario s = scenario::load_scenario(file);
  // Refused before the calm run that estimates PCT's steps, as every run would be.
  scenario::check_max_time(s, max_time);
  const auto strategy = strategy_option(args.strategy, s, max_time);
  scenario::RunOptions options;
  options.max_time = max_time;
  options.seed = args.seed;
  options.strategy = strategy.get();
  options.record_trace = !args.trace.empty() || !args.trace_dir.empty() || !args.html.empty();
  options.base = args.base;
  scenario::RunResult result = scenario::run_scenario(s, options);
  const bool colour = colour_for(STDOUT_FILENO);
  if (!args.quiet || !result.passed) {
    print_heading(file, s, result, colour);
    std::cout << paint_marks(result.report(), colour);
  }
  RunOutcome outcome{file, s.name, {}, {}, write_trace(args, result)};
  if (!args.html.empty()) write_html(args.html, file, result);
  result.trace_jsonl.clear();  // written; not kept for --json
  outcome.result = std::move(result);
  return outcome;
}

}  // namespace

int run_command(const RunArgs& args) {
  const bool traces = !args.trace.empty() || !args.trace_dir.empty() || !args.html.empty();
  if (args.base != "sim" && (args.seed || args.strategy.name != "random")) {
    std::cerr << "thespis run --base " << args.base
              << ": --seed and --strategy apply to the simulation only\n";
    return 2;
  }
  if (args.base.starts_with("sim,") && traces) {
    std::cerr << "thespis run --base " << args.base
              << ": --trace, --trace-dir and --html take one base (run sim and "
              << args.base.substr(4) << " separately to trace both)\n";
    return 2;
  }
  if (!args.trace.empty() && args.files.size() > 1) {
    std::cerr << "thespis run: --trace takes one scenario file (--trace-dir takes many)\n";
    return 2;
  }
  if (!args.html.empty() && args.files.size() > 1) {
    std::cerr << "thespis run: --html takes one scenario file\n";
    return 2;
  }
  // The apps of the scenarios, and the actor types the real bases' admins fork, come first.
  for (const std::string& library : args.load) net::load_library(library);
  const auto max_time = max_time_option(args.max_time);
  std::vector<RunOutcome> outcomes;
  std::size_t passed = 0;
  std::size_t broken = 0;
  for (const std::string& file : args.files) {
    // A file that cannot be run is one error line, and the other files still run.
    set_error_context(file);
    try {
      if (args.base.starts_with("sim,")) {
        const std::vector<RunOutcome> both =
            run_on_both(file, args.base.substr(4), max_time, args.quiet);
        outcomes.insert(outcomes.end(), both.begin(), both.end());
        passed += both[0].result->passed && both[1].result->passed ? 1 : 0;
      } else {
        outcomes.push_back(run_one(file, args, max_time));
        passed += outcomes.back().result->passed ? 1 : 0;
      }
    } catch (const std::exception& e) {
      ++broken;
      std::cout << std::flush;
      const std::string message = describe(e);
      print_error(message.starts_with(file) ? message : file + ": " + message);
      outcomes.push_back({file, "", {}, message, ""});
    }
  }
  set_error_context("");
  if (!args.json.empty()) write_json(args.json, run_json(outcomes));
  // With nothing run, the error lines say all there is.
  if (broken == args.files.size()) return 2;
  const bool all_passed = passed == args.files.size();
  if (!args.quiet || !all_passed) {
    std::cout << passed << "/" << args.files.size() << " scenarios passed";
    if (broken > 0) std::cout << ", " << broken << " could not be run";
    std::cout << '\n';
  }
  if (broken > 0) return 2;
  return all_passed ? 0 : 1;
}

int replay_command(const ReplayArgs& args) {
  std::filesystem::path tape(args.record);
  if (tape.extension() == ".jsonl") tape.replace_extension(".tape");
  const scenario::Replay replay =
      scenario::replay_record(tape.string(), max_time_option(args.max_time));
  if (!args.json.empty()) write_json(args.json, replay_json(tape.string(), replay));
  const bool colour = colour_for(STDOUT_FILENO);
  // A replay proves something only if it is the recorded run and that run passes: a divergence
  // and a failure that happens again are both exit code 1, as a failing `run` is.
  if (!(args.quiet && replay.ok())) {
    std::cout << paint_marks(replay.rerun.report(), colour) << paint_marks(replay.report(), colour);
  }
  return replay.ok() ? 0 : 1;
}

}  // namespace thespis::cli
