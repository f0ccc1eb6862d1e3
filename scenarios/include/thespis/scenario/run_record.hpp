// Run records: what `thespis run --trace` and `thespis explore` write for a run, so that
// `thespis replay` runs it again and proves it the same run. A record is a choice tape in its text
// form (thespis/sim/choice_source.hpp) whose first line also names, as words KEY=VALUE:
//
//   thespis-tape 2 seed=17 choices=412 strategy=pct pct-depth=2 pct-steps=40
//     scenario=../bundled/ledger_ordering_bug.yaml hash=9127... trace=run.jsonl   (one line)
//
//   * scenario: the scenario file, relative to the record's own folder, so that a record and its
//     scenario move together and a replay works from any working directory (a record of tape
//     version 1 named it as given to `thespis run`, and is read so);
//   * hash: the trace hash of the run, which the replay must give again;
//   * strategy (pct also with pct-depth and pct-steps): how the seed's run was made. The tape
//     alone replays the run, since every choice a strategy makes is on it; the seed reproduces it
//     only with the same strategy flags (`thespis run FILE --seed 17 --strategy pct ...`);
//   * trace (optional): the run's JSON-lines trace, relative to the record's folder. With it, a
//     replay that diverges names the first event that differs, expected against got.
// Paths are written with `%20` for a space and `%25` for `%`, so that the header stays words.
//
// Plain functions over files; nothing is kept between calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/sim/explore.hpp>

namespace thespis::scenario {

struct RunRecord {
  std::string path;  ///< where the record was read from
  std::vector<std::uint64_t> tape;
  std::optional<std::uint64_t> seed;
  std::string scenario;  ///< the scenario file, resolved to open from the working directory
  std::uint64_t hash = 0;
  sim::StrategySpec strategy;
  std::string trace;  ///< the recorded trace, resolved as `scenario`; "" if none was written
};

/// The text of `result`'s record to be written at `record_path`, with `trace_path` the trace
/// written beside it ("" if none); both paths as the caller opens them.
std::string run_record(const RunResult& result, const std::string& record_path,
                       const std::string& trace_path = "");
/// Writes run_record(...) to `record_path`; throws Error if it cannot.
void write_run_record(const RunResult& result, const std::string& record_path,
                      const std::string& trace_path = "");
/// Reads a record; throws Error if it cannot be read, ScenarioError if it is not a record.
RunRecord read_run_record(const std::string& record_path);

/// The first event where a replay differs from its recorded trace.
struct Divergence {
  std::uint64_t index = 0;  ///< the event's number in the run (from 0)
  std::string expected;     ///< the recorded event, as one line ("(the run had ended)" if none)
  std::string got;          ///< the replayed event, likewise
};

struct Replay {
  RunRecord record;
  RunResult rerun;
  bool matches = false;  ///< the rerun gave the recorded trace hash
  /// When the hashes differ and the record names a trace that can be read.
  std::optional<Divergence> divergence;

  /// The replay proves the recorded run passes again: the same hash, and no expectation failed.
  bool ok() const { return matches && rerun.passed; }
  /// What the replay found: confirmed or not, and where it diverged. Lines end with '\n'.
  std::string report() const;
};

/// Reruns the record's tape on its scenario and compares the trace hash, and, when the hashes
/// differ, the trace event by event with the recorded one. Throws as read_run_record and
/// run_scenario do.
Replay replay_record(const std::string& record_path,
                     std::chrono::nanoseconds max_time = default_max_time);

/// One line for a trace event written as JSON (sim::TraceEvent::to_json), in the form of
/// sim::TraceEvent::to_string; the line itself if it is not such an object.
std::string describe_trace_line(const std::string& json);

}  // namespace thespis::scenario
