// Running a scenario on the simulation: the world is built, the actors created, each phase's
// steps applied at their times with its random faults drawn, and then every expectation gets a
// verdict. The same scenario and seed (or tape) give the same run and the same trace hash.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <thespis/log.hpp>
#include <thespis/scenario/failure_signature.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/sim/explore.hpp>

namespace thespis::scenario {

struct RunOptions {
  std::optional<std::uint64_t> seed;  ///< instead of the scenario's seed
  std::vector<std::uint64_t> tape;    ///< replay this tape (instead of the scenario's, if any)
  /// With a seed (not a tape): these choices are calm (sim::ChoiceSource); a property's
  /// generated tape shrinks through them.
  std::vector<sim::ChoiceRange> calm_choices;
  const sim::Strategy* strategy = nullptr;  ///< derives the run's options from the seed
  bool record_trace = false;                ///< keep every event (RunResult::trace_jsonl)
  LogLevel log_level = LogLevel::error;
  /// "sim" (exact), "tcp" or "udp": real processes of that base (each node a host of its own
  /// as root, else on 127.0.0.1), in real time, with the steps that have no real counterpart
  /// approximated or skipped (RunResult::approximations says which).
  std::string base = "sim";
  /// The most virtual time the run may reach (real time on tcp and udp): a scenario whose phases or
  /// expectations would take it further is refused with ScenarioError before it starts
  /// (check_max_time), and the run never advances past it. At most longest_duration.
  std::chrono::nanoseconds max_time = default_max_time;
  /// For a scenario built in code (Scenario::file empty): a folder (`.` for the working
  /// directory) where a failing run writes the scenario as YAML, `<name>.failing.yaml`, so that
  /// the report's reproduce lines name a file that replays it (write_failing_scenario). Empty,
  /// the default: nothing is written.
  std::string failing_scenario_dir;
};

struct Verdict {
  enum class Outcome { passed, failed, not_reached };
  std::string expectation;  ///< Expectation::describe()
  Outcome outcome = Outcome::not_reached;
  std::string details;
  /// A `sometimes` check: its failure is missing coverage, not a bug (explore counts the seeds
  /// that reach it instead of failing the others).
  bool coverage = false;
};

/// A fault as it was applied, at its virtual time (for shrinking random faults into steps).
struct AppliedFault {
  std::chrono::nanoseconds time{0};
  std::string text;  ///< sim::to_string(fault)
};

struct RunResult {
  std::string file;  ///< the scenario's, or where a scenario built in code was written
  std::string base = "sim";
  bool passed = false;
  std::optional<std::uint64_t> seed;  ///< nothing when a tape was replayed
  std::vector<Verdict> verdicts;
  /// The first failed expectation (a `sometimes` one only if nothing else failed).
  std::optional<std::string> violated;
  /// How the violated expectation failed, in types (what shrinking keeps); none for a
  /// `sometimes` check that was not reached.
  std::optional<FailureSignature> signature;
  /// The same failure with the scenario's names: "deliver GetReply to reader from front; last
  /// fault: crash c1".
  std::string story;
  /// Why the failure says nothing about the app ("the check looked at no live actor"), or "".
  std::string vacuous;
  /// The `sometimes` checks that held at least once, by check name.
  std::vector<std::string> sometimes_reached;
  std::string error;                 ///< a run that could not complete (creation failed...)
  std::chrono::nanoseconds time{0};  ///< virtual time at the end
  std::uint64_t event_at_failure = 0;
  std::vector<std::string> last_events;  ///< before the failure, oldest first
  std::uint64_t events = 0;
  std::uint64_t faults = 0;
  std::uint64_t trace_hash = 0;
  /// Deliveries that chose among two or more ready actors (sim::Simulation::scheduling_steps).
  std::uint64_t scheduling_steps = 0;
  /// The strategy that made the run's options from its seed (RunOptions::strategy; random when
  /// none): with the seed, what reproduces the run.
  sim::StrategySpec strategy;
  std::vector<std::uint64_t> tape;
  std::vector<AppliedFault> applied_faults;            ///< only with record_trace
  std::map<std::string, std::string> actor_addresses;  ///< scenario actor name -> "@s.l"
  /// Verdict::expectation of an app check -> what the app says the check means
  /// (App::checks[name].description), for the report.
  std::map<std::string, std::string> check_descriptions;
  std::string trace_jsonl;                  ///< only with record_trace
  std::vector<std::string> approximations;  ///< tcp, udp: what could not be done as written
  /// udp: the messages the admins counted lost over the run (sequence gaps); none elsewhere.
  std::optional<std::int64_t> lost_messages;

  /// The verdicts, one per line (a failed check with its description), and for a failure:
  /// what, when, the last events and how to reproduce it. The scenario's actors appear by the
  /// names it gives them (`store`, not `@1.2`); reproduce lines name program_name().
  std::string report() const;
};

/// The file name, without a folder, that a run's trace gets unless told otherwise:
/// `<scenario stem>.seed-<N>.trace.jsonl` (`<stem>.trace.jsonl` for a replayed tape). The run
/// record goes beside it with the extension `.tape`. Reproduce lines write it to the working
/// directory, never beside the scenario (a checkout may be read-only).
std::string trace_file_name(const RunResult& result);

/// `scenario` replaying `tape` exactly: the tape with its trailing calm choices dropped (a tape
/// that runs out continues calm) and at least one choice (an empty tape would not be used).
Scenario with_tape(Scenario scenario, std::vector<std::uint64_t> tape);

/// `name` as a file name: letters, digits, '_' and '-' kept, anything else '.'; "" is "scenario".
std::string plain_file_name(const std::string& name);

/// Writes a scenario built in code that failed in `result` to `folder` as
/// `<name or "scenario">.failing.yaml`: with the run's seed, or with its tape when no seed alone
/// replays it. Returns the file's absolute path; throws Error if it cannot be written.
std::string write_failing_scenario(const Scenario& scenario, const RunResult& result,
                                   const std::string& folder);

/// Throws ScenarioError if the scenario would run past options.max_time, Error for options out
/// of range; a run that starts ends with a RunResult (its error, if it broke).
RunResult run_scenario(const Scenario& scenario, const RunOptions& options = {});
/// The run on real processes of the base options.base names, "tcp" or "udp" (run_scenario
/// calls it for those bases); throws UnknownBaseError for another.
RunResult run_scenario_on_processes(const Scenario& scenario, const RunOptions& options);

/// The scheduling steps of the scenario's calm run (every choice 0: no fault, the first ready
/// actor first), at least 1: the default of PCT's step count for the scenario.
std::uint64_t estimate_pct_steps(const Scenario& scenario,
                                 std::chrono::nanoseconds max_time = default_max_time);

/// The command-line flags that name `strategy` again, each with a leading space:
/// " --strategy pct --pct-depth 2 --pct-steps 40"; "" for random.
std::string strategy_flags(const sim::StrategySpec& strategy);

}  // namespace thespis::scenario
