#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <thespis/error.hpp>
#include <thespis/scenario/run_record.hpp>

#include "flat_json.hpp"
#include "units.hpp"

namespace thespis::scenario {
namespace {

namespace fs = std::filesystem;

/// A path as one header word: '%' and ' ' escaped.
std::string encode_path(const std::string& path) {
  std::string out;
  for (const char c : path) {
    if (c == '%') {
      out += "%25";
    } else if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

std::string decode_path(const std::string& word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word.compare(i, 3, "%20") == 0) {
      out += ' ';
      i += 2;
    } else if (word.compare(i, 3, "%25") == 0) {
      out += '%';
      i += 2;
    } else {
      out += word[i];
    }
  }
  return out;
}

/// `target` as the record at `record_path` names it: relative to the record's folder (resolved
/// as the system will open it, through symbolic links), or absolute if no relative path exists.
std::string relative_to_record(const std::string& record_path, const std::string& target) {
  const fs::path folder = fs::absolute(fs::path(record_path)).parent_path();
  std::error_code error;
  const fs::path relative = fs::relative(fs::absolute(target), folder, error);
  return error || relative.empty() ? fs::absolute(target).string() : relative.string();
}

std::string resolve_from_record(const std::string& record_path, const std::string& named) {
  const fs::path path(named);
  if (path.is_absolute()) return named;
  return (fs::path(record_path).parent_path() / path).lexically_normal().string();
}

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read the " + std::string(what) + " '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// --- JSON lines of the trace -----------------------------------------------------------------

/// The fields of one flat JSON object of strings and numbers; empty if it is not one.
std::map<std::string, std::string> json_fields(const std::string& line) {
  std::map<std::string, std::string> fields;
  detail::FlatJsonScanner scanner(line);
  for (detail::FlatJsonField field; scanner.next(field);)
    fields[std::string(field.key)] = std::string(field.value);
  if (scanner.problem()) return {};
  return fields;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string hash_of(const std::string& line) {
  const auto fields = json_fields(line);
  const auto hash = fields.find("hash");
  return hash == fields.end() ? line : hash->second;
}

/// The first line whose event hash differs between the recorded trace and the rerun's.
std::optional<Divergence> first_divergence(const std::string& recorded, const std::string& rerun) {
  const std::vector<std::string> expected = lines_of(recorded);
  const std::vector<std::string> got = lines_of(rerun);
  const std::size_t common = std::min(expected.size(), got.size());
  std::size_t at = 0;
  while (at < common && hash_of(expected[at]) == hash_of(got[at])) ++at;
  if (at == expected.size() && at == got.size()) return std::nullopt;
  const auto line = [at](const std::vector<std::string>& lines) {
    return at < lines.size() ? describe_trace_line(lines[at]) : "(the run had ended)";
  };
  return Divergence{at, line(expected), line(got)};
}

sim::StrategySpec strategy_from(const std::map<std::string, std::string>& words,
                                const std::string& path) {
  sim::StrategySpec spec;
  if (auto it = words.find("strategy"); it != words.end()) spec.name = it->second;
  if (auto it = words.find("pct-depth"); it != words.end()) {
    const auto depth = detail::parse_int(it->second);
    if (!depth || *depth < 1 || *depth > 1000) {
      throw ScenarioError(path, 1, "pct-depth", "'" + it->second + "' is not a depth (1..1000)");
    }
    spec.pct_depth = static_cast<int>(*depth);
  }
  if (auto it = words.find("pct-steps"); it != words.end()) {
    const auto steps = detail::parse_uint(it->second);
    if (!steps || *steps == 0) {
      throw ScenarioError(path, 1, "pct-steps", "'" + it->second + "' is not a step count");
    }
    spec.pct_steps = *steps;
  }
  return spec;
}

}  // namespace

std::string run_record(const RunResult& result, const std::string& record_path,
                       const std::string& trace_path) {
  std::string text = sim::tape_to_text(result.tape, result.seed);
  std::string words = " strategy=" + result.strategy.name;
  if (result.strategy.name == "pct") {
    words += " pct-depth=" + std::to_string(result.strategy.pct_depth) +
             " pct-steps=" + std::to_string(result.strategy.pct_steps);
  }
  words += " scenario=" + encode_path(relative_to_record(record_path, result.file)) +
           " hash=" + std::to_string(result.trace_hash);
  if (!trace_path.empty())
    words += " trace=" + encode_path(relative_to_record(record_path, trace_path));
  text.insert(text.find('\n'), words);
  return text;
}

void write_run_record(const RunResult& result, const std::string& record_path,
                      const std::string& trace_path) {
  std::ofstream out(record_path);
  out << run_record(result, record_path, trace_path);
  if (!out) throw Error("cannot write the run record '" + record_path + "'");
}

RunRecord read_run_record(const std::string& record_path) {
  const std::string text = read_file(record_path, "run record");
  std::istringstream header(text.substr(0, text.find('\n')));
  std::string magic;
  std::string version;
  header >> magic >> version;
  std::map<std::string, std::string> words;
  for (std::string word; header >> word;) {
    const auto equals = word.find('=');
    if (equals != std::string::npos) words[word.substr(0, equals)] = word.substr(equals + 1);
  }
  const auto hash = words.count("hash") ? detail::parse_uint(words["hash"]) : std::nullopt;
  if (magic != "thespis-tape" || words["scenario"].empty() || !hash) {
    throw ScenarioError(record_path, 1, "header",
                        "not a run record: expected scenario=FILE and hash=N in the first line "
                        "(written by thespis run --trace and thespis explore)");
  }
  RunRecord record;
  record.path = record_path;
  record.tape = sim::tape_from_text(text, record_path);
  if (words.count("seed")) record.seed = detail::parse_uint(words["seed"]);
  record.hash = *hash;
  record.strategy = strategy_from(words, record_path);
  // Version 1 records named the scenario as it was given to `thespis run`.
  const std::string scenario = decode_path(words["scenario"]);
  record.scenario = version == "1" ? scenario : resolve_from_record(record_path, scenario);
  if (words.count("trace"))
    record.trace = resolve_from_record(record_path, decode_path(words["trace"]));
  return record;
}

Replay replay_record(const std::string& record_path, std::chrono::nanoseconds max_time) {
  Replay replay;
  replay.record = read_run_record(record_path);
  std::optional<std::string> recorded_trace;
  if (!replay.record.trace.empty() && fs::exists(replay.record.trace)) {
    recorded_trace = read_file(replay.record.trace, "recorded trace");
  }
  RunOptions options;
  options.max_time = max_time;
  options.tape = replay.record.tape;
  if (options.tape.empty()) options.tape = {0};  // no choices at all: the calm run
  options.record_trace = recorded_trace.has_value();
  replay.rerun = run_scenario(load_scenario(replay.record.scenario), options);
  replay.matches = replay.rerun.trace_hash == replay.record.hash;
  if (!replay.matches && recorded_trace) {
    replay.divergence = first_divergence(*recorded_trace, replay.rerun.trace_jsonl);
  }
  return replay;
}

std::string Replay::report() const {
  std::string out = "replayed " + record.path + ": ";
  if (matches) {
    out += "trace hash " + std::to_string(record.hash) + " confirmed (" +
           std::to_string(rerun.events) + " events)";
    return out + (rerun.passed ? "\n" : "; the run fails again, as recorded\n");
  }
  out += "DIVERGED: trace hash " + std::to_string(rerun.trace_hash) + ", the record says " +
         std::to_string(record.hash) + " (a different build, or the scenario changed)\n";
  if (divergence) {
    return out + "  first divergent event #" + std::to_string(divergence->index) +
           ":\n    expected: " + divergence->expected + "\n    got:      " + divergence->got + "\n";
  }
  if (record.trace.empty()) {
    return out +
           "  (the record names no trace to compare events with; thespis run --trace "
           "writes one)\n";
  }
  if (!fs::exists(record.trace))
    return out + "  (the recorded trace " + record.trace + " is gone)\n";
  return out + "  (every event agrees with the recorded trace " + record.trace +
         ": the record's hash was changed)\n";
}

std::string describe_trace_line(const std::string& json) {
  auto fields = json_fields(json);
  if (fields.empty()) return json;
  const auto time_ns = detail::parse_int(fields["time_ns"]);
  char time[32];
  std::snprintf(time, sizeof time, "%.6fms", static_cast<double>(time_ns.value_or(0)) / 1e6);
  std::string out =
      std::string(time) + " #" + fields["index"] + " " + fields["kind"] + " " + fields["actor"];
  if (!fields["node"].empty()) out += "[" + fields["node"] + "]";
  if (fields["other"] != "@null" && !fields["other"].empty()) out += " <-> " + fields["other"];
  if (!fields["message"].empty()) out += " " + fields["message"];
  if (!fields["text"].empty()) out += " | " + fields["text"];
  return out;
}

}  // namespace thespis::scenario
