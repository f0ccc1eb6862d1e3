#include <fstream>
#include <iostream>

#include <thespis/error.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/program_name.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/shrink.hpp>

#include "commands.hpp"
#include "json_output.hpp"

namespace thespis::cli {

int shrink_command(const ShrinkArgs& args) {
  const scenario::Scenario s = scenario::load_scenario(args.file);
  scenario::ShrinkOptions options;
  options.seed = args.seed;
  options.max_runs = args.max_runs;
  options.max_time = max_time_option(args.max_time);
  scenario::check_max_time(s, options.max_time);
  const auto strategy = strategy_option(args.strategy, s, options.max_time);
  options.strategy = strategy.get();
  const std::string flags = scenario::strategy_flags(strategy->spec());
  options.progress = [](const std::string& line) { std::cerr << "  shrink: " << line << '\n'; };
  const scenario::ShrinkResult result = scenario::shrink(s, options);
  std::ofstream out(args.output);
  const std::string max_time = args.max_time.empty() ? "" : " --max-time " + args.max_time;
  const std::string& program = scenario::program_name();
  out << "# Shrunk by: " << program << " shrink " << args.file << " --seed " << args.seed << flags
      << max_time << "\n"
      << "# Fails: " << result.signature.to_string() << "\n"
      << scenario::to_yaml(result.minimal);
  if (!out) throw Error("cannot write '" + args.output + "'");
  const auto line = [](const char* what, auto before, auto after) {
    std::cout << "  " << what << ": " << before << " -> " << after << '\n';
  };
  std::cout << "shrunk " << args.file << " (seed " << args.seed << flags << ", fails "
            << result.expectation << ") in " << result.runs << " runs:\n";
  line("steps", result.before.steps, result.after.steps);
  line("faults", result.before.faults, result.after.faults);
  line("events", result.before.events, result.after.events);
  line("non-zero choices", result.before.choices, result.after.choices);
  if (!args.json.empty())
    write_json(args.json, shrink_json(args.file, args.seed, args.output, result));
  std::cout << "  fails the same way: " << result.signature.to_string() << '\n';
  if (result.story_changed()) {
    std::cout << "  the story changed (same signature, other actors or nodes):\n"
              << "    before: " << result.story_before << '\n'
              << "    after:  " << result.story_after << '\n';
  } else {
    std::cout << "  the story is the same: " << result.story_after << '\n';
  }
  if (result.vacuous_refused > 0) {
    std::cout << "  refused " << result.vacuous_refused
              << " candidate(s) that failed vacuously (nothing left to check)\n";
  }
  std::cout << "wrote " << args.output << "; reproduce with: " << program << " run " << args.output
            << max_time << '\n';
  return 0;
}

}  // namespace thespis::cli
