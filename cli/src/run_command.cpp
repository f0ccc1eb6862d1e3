#include <filesystem>
#include <fstream>
#include <iostream>

#include <thespis/error.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/run_record.hpp>
#include <thespis/scenario/runner.hpp>

#include "commands.hpp"
#include "error_line.hpp"

namespace thespis::cli {
namespace {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw Error("cannot write '" + path + "'");
}

/// Runs one file; prints its verdicts. True if it passed.
bool run_one(const std::string& file, const RunArgs& args, std::chrono::nanoseconds max_time) {
  const scenario::Scenario s = scenario::load_scenario(file);
  // Refused before the calm run that estimates PCT's steps, as every run would be.
  scenario::check_max_time(s, max_time);
  const auto strategy = strategy_option(args.strategy, s, max_time);
  scenario::RunOptions options;
  options.max_time = max_time;
  options.seed = args.seed;
  options.strategy = strategy.get();
  options.record_trace = !args.trace.empty();
  options.base = args.base;
  const scenario::RunResult result = scenario::run_scenario(s, options);
  std::cout << (result.passed ? "PASS " : "FAIL ") << file;
  if (!s.name.empty()) std::cout << " (" << s.name << ")";
  if (args.base == "tcp") {
    std::cout << "  on tcp, " << std::chrono::duration<double, std::milli>(result.time).count()
              << "ms of real time\n";
  } else {
    std::cout << "  t=" << std::chrono::duration<double, std::milli>(result.time).count()
              << "ms events=" << result.events << " faults=" << result.faults
              << " hash=" << result.trace_hash << '\n';
  }
  if (!args.quiet || !result.passed) std::cout << result.report();
  if (!args.trace.empty()) {
    const std::filesystem::path trace(args.trace);
    std::filesystem::path tape = trace;
    tape.replace_extension(".tape");
    write_file(trace.string(), result.trace_jsonl);
    scenario::write_run_record(result, tape.string(), trace.string());
    std::cout << "  wrote " << trace.string() << " and " << tape.string() << '\n';
  }
  return result.passed;
}

}  // namespace

int run_command(const RunArgs& args) {
  if (args.base == "tcp" && (args.seed || !args.trace.empty() || args.strategy.name != "random")) {
    std::cerr << "thespis run --base tcp: --seed, --strategy and --trace apply to the simulation "
                 "only\n";
    return 2;
  }
  if (!args.trace.empty() && args.files.size() > 1) {
    std::cerr << "thespis run: --trace takes one scenario file\n";
    return 2;
  }
  const auto max_time = max_time_option(args.max_time);
  std::size_t passed = 0;
  std::size_t broken = 0;
  for (const std::string& file : args.files) {
    // A file that cannot be run is one error line, and the other files still run.
    set_error_context(file);
    try {
      passed += run_one(file, args, max_time) ? 1 : 0;
    } catch (const std::exception& e) {
      ++broken;
      std::cout << std::flush;
      const std::string message = describe(e);
      print_error(message.starts_with(file) ? message : file + ": " + message);
    }
  }
  set_error_context("");
  // With nothing run, the error lines say all there is.
  if (broken == args.files.size()) return 2;
  std::cout << passed << "/" << args.files.size() << " scenarios passed";
  if (broken > 0) std::cout << ", " << broken << " could not be run";
  std::cout << '\n';
  if (broken > 0) return 2;
  return passed == args.files.size() ? 0 : 1;
}

int replay_command(const ReplayArgs& args) {
  std::filesystem::path tape(args.record);
  if (tape.extension() == ".jsonl") tape.replace_extension(".tape");
  const scenario::Replay replay =
      scenario::replay_record(tape.string(), max_time_option(args.max_time));
  std::cout << replay.rerun.report() << replay.report();
  // A replay proves something only if it is the recorded run and that run passes: a divergence
  // and a failure that happens again are both exit code 1, as a failing `run` is.
  return replay.ok() ? 0 : 1;
}

}  // namespace thespis::cli
