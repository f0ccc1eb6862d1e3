// Running properties: check_scenario() runs one generated case on `sim` and fails the RapidCheck
// case when an expectation of the scenario (an app check, a reply, quiescence...) fails.
// THESPIS_PROPERTY (<thespis/properties/gtest.hpp>) defines a GoogleTest test that runs a
// RapidCheck property; when the property fails, after RapidCheck has shrunk it, the minimal
// counterexample is written as a YAML scenario with its tape (in $THESPIS_COUNTEREXAMPLE_DIR,
// default the working directory), checked to fail the same expectation when loaded back, and
// printed with the RapidCheck seed, the RC_PARAMS that reproduce the case and the command that
// replays the file:
//
//   THESPIS_PROPERTY(KvStore, AppliesEachRequestOnce, ()) {
//     check_scenario(*world.cases());
//   }
//
// check_property() does the same without GoogleTest and returns the outcome.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include <rapidcheck.h>
#include <rapidcheck/detail/Configuration.h>

#include <thespis/log.hpp>
#include <thespis/properties/scenario_case.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/runner.hpp>

namespace thespis::properties {

struct PropertyOptions {
  /// Each run's RunOptions::max_time.
  std::chrono::nanoseconds max_time = scenario::default_max_time;
  LogLevel log_level = LogLevel::error;
};

/// Runs the case; if it fails, remembers it as the running property's latest counterexample and
/// fails the RapidCheck case with the verdicts. Returns the run's result when it passed.
scenario::RunResult check_scenario(const ScenarioCase& c, const PropertyOptions& options = {});
/// The same for a scenario that runs with its own seed (or recorded tape).
scenario::RunResult check_scenario(const scenario::Scenario& s,
                                   const PropertyOptions& options = {});

/// The minimal failing case of a property, as a scenario that replays it exactly.
struct Counterexample {
  scenario::Scenario scenario;  ///< with the run's tape
  std::string expectation;      ///< the violated expectation (or the run's error)
  std::string verdicts;         ///< the run's verdict lines and last events
  std::size_t faults = 0;       ///< fault steps and random fault kinds (Scenario::fault_count)
};

struct PropertyParams {
  std::optional<std::uint64_t> seed;  ///< default: RapidCheck's (RC_PARAMS, else random)
  std::optional<int> max_success;     ///< default: RapidCheck's (100)
  /// Where the counterexample is written; default $THESPIS_COUNTEREXAMPLE_DIR, else ".".
  std::optional<std::string> counterexample_dir;
};

struct PropertyOutcome {
  std::string id;  ///< `Suite/Name`
  bool passed = false;
  int cases = 0;  ///< cases that passed
  std::uint64_t rapidcheck_seed = 0;
  /// What to set RC_PARAMS to for RapidCheck to rerun just the minimal case.
  std::string rc_params;
  std::optional<Counterexample> counterexample;
  std::string file;     ///< where the counterexample was written
  std::string command;  ///< the command that replays it
  /// The written file, loaded back and run, failed with the same expectation.
  bool reproduced = false;
  /// RapidCheck's report followed by the counterexample's.
  std::string message;
};

namespace detail {

/// Collects the latest failing case while one property runs on this thread. RapidCheck reruns
/// the minimal case last, so when the property has failed, the latest failure is the minimal
/// counterexample. A thread-local because RapidCheck calls the property with no context of ours.
class CounterexampleScope {
 public:
  explicit CounterexampleScope(std::string id);
  ~CounterexampleScope();
  CounterexampleScope(const CounterexampleScope&) = delete;
  CounterexampleScope& operator=(const CounterexampleScope&) = delete;
  std::optional<Counterexample> take() { return std::move(latest_); }
  void record(Counterexample c) { latest_ = std::move(c); }
  static CounterexampleScope* current();

 private:
  std::string id_;
  std::optional<Counterexample> latest_;
  CounterexampleScope* outer_;
};

rc::detail::TestListener& quiet_listener();

PropertyOutcome finish(const std::string& id, const rc::detail::TestResult& result,
                       const rc::detail::TestParams& params, std::optional<Counterexample> found,
                       const PropertyParams& options);

}  // namespace detail

/// Runs a RapidCheck property (a callable as RC_GTEST_PROP takes) named `id`.
template <class Testable>
PropertyOutcome check_property(const std::string& id, Testable&& testable,
                               const PropertyParams& params = {}) {
  detail::CounterexampleScope scope(id);
  rc::detail::TestMetadata metadata;
  metadata.id = id;
  metadata.description = id;
  const rc::detail::Configuration& config = rc::detail::configuration();
  rc::detail::TestParams test_params = config.testParams;
  if (params.seed) test_params.seed = *params.seed;
  if (params.max_success) test_params.maxSuccess = *params.max_success;
  // A run with parameters of its own is not RapidCheck's run: it neither replays RC_PARAMS'
  // reproduce entries nor adds to the failures RapidCheck lists when the program exits.
  const bool explicit_run = params.seed || params.max_success;
  const auto result =
      explicit_run
          ? rc::detail::checkTestable(std::forward<Testable>(testable), metadata, test_params,
                                      detail::quiet_listener(), decltype(config.reproduce){})
          : rc::detail::checkTestable(std::forward<Testable>(testable), metadata, test_params);
  return detail::finish(id, result, test_params, scope.take(), params);
}

}  // namespace thespis::properties
