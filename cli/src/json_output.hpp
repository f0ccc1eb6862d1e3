// The machine-readable results of run, shrink and replay (`--json FILE`), as explore has its
// ExploreSummary::to_json. One JSON object per command, written once the command is done.
// 64-bit trace hashes are strings: JSON readers that hold numbers as doubles would round them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <thespis/scenario/run_record.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/shrink.hpp>

namespace thespis::cli {

/// What became of one file given to `run`: its result, or why it could not be run.
struct RunOutcome {
  std::string file;
  std::string scenario_name;
  std::optional<scenario::RunResult> result;  ///< nothing: the file could not be run
  std::string error;                          ///< why, when there is no result
  std::string trace;                          ///< the trace written, if any
};

/// {"runs":[...],"passed":P,"failed":F,"broken":B}; each run has its verdicts.
std::string run_json(const std::vector<RunOutcome>& outcomes);

/// {"file":...,"seed":...,"output":...,"fails":...,"runs":...,"before":{...},"after":{...}}.
std::string shrink_json(const std::string& file, std::uint64_t seed, const std::string& output,
                        const scenario::ShrinkResult& result);

/// {"record":...,"matches":...,"recorded_hash":"...","trace_hash":"...","run":{...}}.
std::string replay_json(const std::string& record, const scenario::Replay& replay);

/// Writes `json` and a newline to `path`; throws Error if it cannot.
void write_json(const std::string& path, const std::string& json);

}  // namespace thespis::cli
