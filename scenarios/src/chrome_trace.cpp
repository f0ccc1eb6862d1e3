#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include <thespis/detail/json_string.hpp>
#include <thespis/scenario/chrome_trace.hpp>

namespace thespis::scenario {
namespace {

void json_string(std::string& out, std::string_view text) {
  thespis::detail::render_json_string(out, text);
}

/// Nanoseconds as microseconds with three decimals, exactly.
std::string microseconds(std::int64_t ns) {
  const bool negative = ns < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%llu.%03llu", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / 1000),
                static_cast<unsigned long long>(magnitude % 1000));
  return buffer;
}

struct Lane {
  std::size_t pid = 0;
  std::size_t tid = 0;
};

/// Processes for nodes, threads for actors, numbered in order of appearance.
class Lanes {
 public:
  explicit Lanes(const std::vector<TraceRecord>& trace) {
    for (const TraceRecord& r : trace) {
      if (!r.node.empty()) node_of_.emplace(r.actor, r.node);
    }
    pids_.emplace("", 0);
    names_.push_back({"run", {"faults", "checks"}});
  }

  Lane of(const TraceRecord& r) {
    if (r.kind == "fault") return {0, 1};
    if (r.kind == "check" || r.actor.empty() || r.actor == "@null") return {0, 2};
    const auto node = node_of_.find(r.actor);
    const std::string_view node_name = node == node_of_.end() ? "" : node->second;
    const auto [pid, new_pid] = pids_.try_emplace(std::string(node_name), names_.size());
    if (new_pid) names_.push_back({"node " + std::string(node_name), {}});
    const auto [tid, new_tid] = tids_.try_emplace(r.actor, names_[pid->second].threads.size() + 1);
    if (new_tid) names_[pid->second].threads.push_back(r.actor);
    return {pid->second, tid->second};
  }

  void write_metadata(std::string& out) const {
    for (std::size_t pid = 0; pid < names_.size(); ++pid) {
      metadata(out, "process_name", pid, 0, names_[pid].process);
      for (std::size_t t = 0; t < names_[pid].threads.size(); ++t)
        metadata(out, "thread_name", pid, t + 1, names_[pid].threads[t]);
    }
  }

 private:
  static void metadata(std::string& out, const char* what, std::size_t pid, std::size_t tid,
                       const std::string& name) {
    out += ",\n{\"ph\":\"M\",\"name\":\"";
    out += what;
    out += "\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
           ",\"args\":{\"name\":";
    json_string(out, name);
    out += "}}";
  }

  struct Names {
    std::string process;
    std::vector<std::string> threads;
  };
  std::unordered_map<std::string_view, std::string_view> node_of_;
  std::map<std::string, std::size_t, std::less<>> pids_;
  std::unordered_map<std::string_view, std::size_t> tids_;
  std::vector<Names> names_;
};

void field(std::string& out, const char* name, const std::string& value) {
  if (value.empty()) return;
  out += ",\"";
  out += name;
  out += "\":";
  json_string(out, value);
}

void instant(std::string& out, const TraceRecord& r, const Lane& lane) {
  out += "{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"";
  out += chrome_event_category;
  out += "\",\"name\":";
  json_string(out, r.kind + " " + (r.type.empty() ? r.text : r.type));
  out += ",\"ts\":" + microseconds(r.time_ns) + ",\"pid\":" + std::to_string(lane.pid) +
         ",\"tid\":" + std::to_string(lane.tid) + ",\"args\":{\"index\":" + std::to_string(r.index);
  if (r.cause) out += ",\"cause\":" + std::to_string(*r.cause);
  field(out, "kind", r.kind);
  field(out, "actor", r.actor);
  field(out, "other", r.other);
  field(out, "node", r.node);
  field(out, "type", r.type);
  field(out, "message", r.message);
  field(out, "text", r.text);
  field(out, "level", r.level);
  out += "}}";
}

void flow(std::string& out, const char* phase, std::uint64_t id, const TraceRecord& at,
          const Lane& lane) {
  out += ",\n{\"ph\":\"";
  out += phase;
  out += "\",\"cat\":\"";
  out += chrome_flow_category;
  out += "\",\"name\":\"cause\",\"id\":" + std::to_string(id) +
         ",\"ts\":" + microseconds(at.time_ns) + ",\"pid\":" + std::to_string(lane.pid) +
         ",\"tid\":" + std::to_string(lane.tid);
  if (phase[0] == 'f') out += ",\"bp\":\"e\"";
  out += "}";
}

}  // namespace

void write_chrome_trace(const std::vector<TraceRecord>& trace, std::ostream& out) {
  Lanes lanes(trace);
  std::vector<Lane> lane_of(trace.size());
  std::unordered_map<std::uint64_t, std::size_t> position_of;
  for (std::size_t p = 0; p < trace.size(); ++p) {
    lane_of[p] = lanes.of(trace[p]);
    position_of.emplace(trace[p].index, p);
  }
  const std::string head = "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
  std::string text = head;
  lanes.write_metadata(text);  // pid 0 is always named: the list is never empty
  text.erase(head.size(), 2);  // the first entry's ",\n"
  for (std::size_t p = 0; p < trace.size(); ++p) {
    const TraceRecord& r = trace[p];
    text += ",\n";
    instant(text, r, lane_of[p]);
    const auto cause = r.cause ? position_of.find(*r.cause) : position_of.end();
    if (cause != position_of.end() && cause->second < p &&
        (trace[cause->second].kind == "send" || trace[cause->second].kind == "timer_set")) {
      flow(text, "s", r.index, trace[cause->second], lane_of[cause->second]);
      flow(text, "f", r.index, r, lane_of[p]);
    }
    if (text.size() > (1u << 16)) {
      out << text;
      text.clear();
    }
  }
  out << text << "\n]}\n";
}

}  // namespace thespis::scenario
