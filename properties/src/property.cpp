#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

#include <thespis/error.hpp>
#include <thespis/properties/property.hpp>
#include <thespis/scenario/program_name.hpp>
#include <thespis/scenario/scenario.hpp>

namespace thespis::properties {
namespace {

thread_local detail::CounterexampleScope* current_scope = nullptr;

class QuietListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

/// The verdicts and last events of a failed run, without its reproduce lines: those name a
/// file that a case built in memory does not have (the counterexample file replaces them).
std::string verdicts_of(const scenario::RunResult& r) {
  const std::string report = r.report();
  return report.substr(0, report.find("  reproduce:\n"));
}

/// The scenario that replays the run exactly, whatever seed or calm choices made it: its tape.
scenario::Scenario replaying(scenario::Scenario s, const scenario::RunResult& r) {
  s.file.clear();
  return scenario::with_tape(std::move(s), r.tape);
}

std::string directory_of(const PropertyParams& params) {
  if (params.counterexample_dir) return *params.counterexample_dir;
  const char* dir = std::getenv("THESPIS_COUNTEREXAMPLE_DIR");
  return dir != nullptr && *dir != '\0' ? dir : ".";
}

/// Writes `c` to `dir`/`stem`.yaml under the `heading` comment lines; returns the absolute path.
std::string write_counterexample(const Counterexample& c, const std::filesystem::path& dir,
                                 const std::string& stem, const std::string& heading) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path path =
      std::filesystem::absolute(dir / (scenario::plain_file_name(stem) + ".yaml"))
          .lexically_normal();
  std::ofstream out(path);
  out << heading << "# Replay it with: " << scenario::program_name() << " run " << path.string()
      << "\n"
      << scenario::to_yaml(c.scenario);
  if (!out) throw Error("cannot write the counterexample to '" + path.string() + "'");
  return path.string();
}

/// Outside THESPIS_PROPERTY and check_property (in RC_GTEST_PROP, say) nobody writes the
/// counterexample when the property has finished, so every failing case is written as it fails:
/// RapidCheck runs the minimal case last, so the file ends up holding the minimal one.
std::string write_as_it_fails(const Counterexample& c) {
  const std::string name = c.scenario.name.empty() ? "scenario" : c.scenario.name;
  return write_counterexample(c, directory_of({}), name + ".counterexample",
                              "# A failing case of a property; it fails: " + c.expectation + "\n");
}

[[noreturn]] void fail_case(const scenario::Scenario& s, const scenario::RunResult& r) {
  const std::string what = r.violated ? *r.violated : r.error;
  Counterexample c{replaying(s, r), what, verdicts_of(r), s.fault_count()};
  std::string message = what + "\n" + verdicts_of(r);
  if (detail::CounterexampleScope* scope = detail::CounterexampleScope::current()) {
    scope->record(std::move(c));
  } else {
    const std::string file = write_as_it_fails(c);
    message += "  this case is written to " + file + "\n  replay it: " + scenario::program_name() +
               " run " + file + "\n";
  }
  RC_FAIL(message);
}

scenario::RunResult run_case(const scenario::Scenario& s, scenario::RunOptions options,
                             const PropertyOptions& p) {
  options.max_time = p.max_time;
  options.log_level = p.log_level;
  scenario::RunResult r = scenario::run_scenario(s, options);
  if (!r.passed) fail_case(s, r);
  return r;
}

/// Loads the written file back and runs it: it must fail the same expectation.
bool fails_the_same(const std::string& file, const std::string& expectation) {
  try {
    const scenario::RunResult r = scenario::run_scenario(scenario::load_scenario(file));
    return !r.passed && (r.violated ? *r.violated : r.error) == expectation;
  } catch (const std::exception&) {
    return false;
  }
}

void report_counterexample(PropertyOutcome& o, const PropertyParams& params) {
  const Counterexample& c = *o.counterexample;
  // RapidCheck's part of the message has shown the case and its verdicts already.
  std::string text = "\nMinimal counterexample (" + std::to_string(c.faults) +
                     " faults), failing: " + c.expectation + "\n";
  try {
    o.file = write_counterexample(c, directory_of(params), o.id,
                                  "# The minimal counterexample of the property " + o.id +
                                      " (RapidCheck seed " + std::to_string(o.rapidcheck_seed) +
                                      ").\n# It fails: " + c.expectation + "\n");
    o.command = scenario::program_name() + " run " + o.file;
    o.reproduced = fails_the_same(o.file, c.expectation);
    text += "Written to " + o.file + "\nReplay it:  " + o.command + "\n";
    if (!o.reproduced) {
      text += "WARNING: loaded back, the file did not fail the same way; please report this.\n";
    }
  } catch (const std::exception& e) {
    text += "The counterexample could not be written: " + std::string(e.what()) + "\n";
  }
  text += "RapidCheck: seed " + std::to_string(o.rapidcheck_seed) +
          "; rerun just this case with\n" + "  RC_PARAMS=\"" + o.rc_params + "\"\n" +
          scenario::to_yaml(c.scenario);
  o.message += text;
}

}  // namespace

scenario::RunResult check_scenario(const ScenarioCase& c, const PropertyOptions& options) {
  scenario::RunOptions run;
  c.tape.apply_to(run);
  return run_case(c.scenario, std::move(run), options);
}

scenario::RunResult check_scenario(const scenario::Scenario& s, const PropertyOptions& options) {
  return run_case(s, {}, options);
}

namespace detail {

CounterexampleScope::CounterexampleScope(std::string id)
    : id_(std::move(id)), outer_(current_scope) {
  current_scope = this;
}

CounterexampleScope::~CounterexampleScope() { current_scope = outer_; }

CounterexampleScope* CounterexampleScope::current() { return current_scope; }

rc::detail::TestListener& quiet_listener() {
  static QuietListener listener;
  return listener;
}

PropertyOutcome finish(const std::string& id, const rc::detail::TestResult& result,
                       const rc::detail::TestParams& params, std::optional<Counterexample> found,
                       const PropertyParams& options) {
  PropertyOutcome o;
  o.id = id;
  o.rapidcheck_seed = params.seed;
  std::ostringstream message;
  rc::detail::printResultMessage(result, message);
  o.message = message.str();
  if (result.is<rc::detail::SuccessResult>()) {
    o.passed = true;
    o.cases = result.get<rc::detail::SuccessResult>().numSuccess;
    return o;
  }
  if (!result.is<rc::detail::FailureResult>()) return o;  // gave up, or an error
  const auto& failure = result.get<rc::detail::FailureResult>();
  o.cases = failure.numSuccess;
  rc::detail::Configuration config;
  config.testParams.seed = params.seed;
  config.reproduce[id] = failure.reproduce;
  o.rc_params = rc::detail::configToMinimalString(config);
  // The latest failing scenario is the minimal case only if the minimal case failed in
  // check_scenario (an RC_ASSERT of the property's own may have failed it instead).
  if (found && failure.description.find(found->expectation) != std::string::npos) {
    o.counterexample = std::move(found);
    report_counterexample(o, options);
  }
  return o;
}

}  // namespace detail
}  // namespace thespis::properties
