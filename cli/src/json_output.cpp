#include "json_output.hpp"

#include <fstream>

#include <thespis/error.hpp>
#include <thespis/value_kind.hpp>

namespace thespis::cli {
namespace {

using Outcome = scenario::Verdict::Outcome;

std::string quoted(std::string_view text) {
  std::string out;
  thespis::detail::render_string(out, text);
  return out;
}

std::string field(std::string_view name, const std::string& json_value) {
  return quoted(name) + ":" + json_value;
}

const char* outcome_name(Outcome outcome) {
  return outcome == Outcome::passed   ? "passed"
         : outcome == Outcome::failed ? "failed"
                                      : "not_reached";
}

std::string verdicts_json(const scenario::RunResult& r) {
  std::string out = "[";
  for (std::size_t i = 0; i < r.verdicts.size(); ++i) {
    const scenario::Verdict& v = r.verdicts[i];
    out += (i ? ",{" : "{") + field("expectation", quoted(v.expectation)) + "," +
           field("outcome", quoted(outcome_name(v.outcome))) + "," +
           field("details", quoted(v.details));
    const auto description = r.check_descriptions.find(v.expectation);
    if (description != r.check_descriptions.end())
      out += "," + field("description", quoted(description->second));
    out += "}";
  }
  return out + "]";
}

/// One run's result, the fields every command shares.
std::string result_json(const scenario::RunResult& r) {
  std::string out =
      "{" + field("passed", r.passed ? "true" : "false") + "," +
      field("seed", r.seed ? std::to_string(*r.seed) : "null") + "," +
      field("base", quoted(r.base)) + "," + field("time_ns", std::to_string(r.time.count())) + "," +
      field("events", std::to_string(r.events)) + "," + field("faults", std::to_string(r.faults)) +
      "," + field("trace_hash", quoted(std::to_string(r.trace_hash))) + "," +
      field("violated", r.violated ? quoted(*r.violated) : "null") + "," +
      field("error", r.error.empty() ? "null" : quoted(r.error)) + "," +
      field("verdicts", verdicts_json(r)) + ",";
  if (r.lost_messages) out += field("lost_messages", std::to_string(*r.lost_messages)) + ",";
  out += "\"actors\":{";
  bool first = true;
  for (const auto& [name, address] : r.actor_addresses) {
    out += (first ? "" : ",") + field(name, quoted(address));
    first = false;
  }
  return out + "}}";
}

std::string counts_json(const scenario::ShrinkCounts& c) {
  return "{" + field("steps", std::to_string(c.steps)) + "," +
         field("faults", std::to_string(c.faults)) + "," +
         field("events", std::to_string(c.events)) + "," +
         field("choices", std::to_string(c.choices)) + "}";
}

}  // namespace

std::string run_json(const std::vector<RunOutcome>& outcomes) {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t broken = 0;
  std::string runs = "[";
  for (const RunOutcome& o : outcomes) {
    if (runs.size() > 1) runs += ",";
    runs += "{" + field("file", quoted(o.file)) + "," + field("name", quoted(o.scenario_name));
    if (o.result) {
      (o.result->passed ? passed : failed) += 1;
      runs += "," + field("result", result_json(*o.result));
      if (!o.trace.empty()) runs += "," + field("trace", quoted(o.trace));
    } else {
      ++broken;
      runs += "," + field("error", quoted(o.error));
    }
    runs += "}";
  }
  return "{" + field("runs", runs + "]") + "," + field("passed", std::to_string(passed)) + "," +
         field("failed", std::to_string(failed)) + "," + field("broken", std::to_string(broken)) +
         "}";
}

std::string shrink_json(const std::string& file, std::uint64_t seed, const std::string& output,
                        const scenario::ShrinkResult& result) {
  return "{" + field("file", quoted(file)) + "," + field("seed", std::to_string(seed)) + "," +
         field("output", quoted(output)) + "," + field("fails", quoted(result.expectation)) + "," +
         field("runs", std::to_string(result.runs)) + "," +
         field("before", counts_json(result.before)) + "," +
         field("after", counts_json(result.after)) + "}";
}

std::string replay_json(const std::string& record, const scenario::Replay& replay) {
  return "{" + field("record", quoted(record)) + "," +
         field("matches", replay.matches ? "true" : "false") + "," +
         field("recorded_hash", quoted(std::to_string(replay.record.hash))) + "," +
         field("trace_hash", quoted(std::to_string(replay.rerun.trace_hash))) + "," +
         field("run", result_json(replay.rerun)) + "}";
}

void write_json(const std::string& path, const std::string& json) {
  std::ofstream out(path);
  out << json << '\n';
  if (!out) throw Error("cannot write '" + path + "'");
}

}  // namespace thespis::cli
