// A scenario built in code has no file for a reproduce line to name; when asked
// (RunOptions::failing_scenario_dir), a failing run writes one.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <utility>

#include <thespis/error.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/sim/choice_source.hpp>

namespace thespis::scenario {
namespace {

/// The scenario as it ran: with the run's seed, or, when no seed alone gives the run (a tape
/// was replayed, calm choices were set), with its tape, trailing calm choices dropped.
Scenario as_it_ran(Scenario s, const RunResult& result) {
  if (result.seed) {
    s.seed = *result.seed;
    s.tape.clear();
    return s;
  }
  return with_tape(std::move(s), result.tape);
}

}  // namespace

Scenario with_tape(Scenario scenario, std::vector<std::uint64_t> tape) {
  while (tape.size() > 1 && tape.back() == 0) tape.pop_back();
  if (tape.empty()) tape.push_back(0);
  scenario.tape = sim::tape_to_text(tape);
  return scenario;
}

std::string plain_file_name(const std::string& name) {
  std::string file;
  for (char c : name.empty() ? std::string("scenario") : name) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
    file += plain ? c : '.';
  }
  return file;
}

std::string write_failing_scenario(const Scenario& scenario, const RunResult& result,
                                   const std::string& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  const std::filesystem::path path =
      std::filesystem::absolute(std::filesystem::path(folder) /
                                (plain_file_name(scenario.name) + ".failing.yaml"))
          .lexically_normal();
  std::string failed = result.violated ? *result.violated : "error: " + result.error;
  for (char& c : failed) c = c == '\n' ? ' ' : c;  // one comment line
  std::ofstream out(path);
  out << "# A scenario built in code; its run failed: " << failed << "\n"
      << to_yaml(as_it_ran(scenario, result));
  if (!out) throw Error("cannot write the failing scenario to '" + path.string() + "'");
  return path.string();
}

}  // namespace thespis::scenario
