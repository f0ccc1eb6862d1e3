#include <algorithm>
#include <iterator>

#include <thespis/detail/json_string.hpp>
#include <thespis/net/trace_control.hpp>

#include "protocol.hpp"
#include "rpc.hpp"

namespace thespis::net {
namespace {

void add_string(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  thespis::detail::render_json_string(out, value);
}

}  // namespace

TraceState start_tracing(std::uint16_t port, const ControlOptions& options) {
  detail::RpcClient admin(options.host, port, Secret::load(options.secret_file), options.timeout);
  return admin.call(detail::NetTraceStart{}).get<TraceState>();
}

std::vector<TracedEvent> collect_trace(std::uint16_t port, const ControlOptions& options) {
  detail::RpcClient admin(options.host, port, Secret::load(options.secret_file), options.timeout);
  std::vector<TracedEvent> events;
  for (;;) {
    auto chunk = admin
                     .call(detail::NetTraceFetch{.from = events.size(),
                                                 .max = detail::trace_events_per_chunk})
                     .get<detail::NetTraceChunk>();
    if (chunk.events.empty()) return events;
    std::move(chunk.events.begin(), chunk.events.end(), std::back_inserter(events));
    if (events.size() >= chunk.total) return events;
  }
}

std::string trace_jsonl(std::vector<TracedEvent> events) {
  // Across processes only the clock orders events; a tie keeps the order they were collected
  // in, which within a process is the order it recorded them.
  std::stable_sort(events.begin(), events.end(), [](const TracedEvent& a, const TracedEvent& b) {
    return a.time_ns < b.time_ns;
  });
  const std::int64_t start = events.empty() ? 0 : events.front().time_ns;
  std::string out;
  std::uint64_t index = 0;
  for (const TracedEvent& e : events) {
    out += "{\"index\":" + std::to_string(index++) +
           ",\"hash\":0,\"time_ns\":" + std::to_string(e.time_ns - start);
    add_string(out, "kind", e.kind);
    add_string(out, "actor", e.actor.to_string());
    add_string(out, "other", e.other.to_string());
    if (!e.node.empty()) add_string(out, "node", e.node);
    if (!e.type.empty()) {
      add_string(out, "type", e.type);
      add_string(out, "message", e.message);
    }
    if (!e.text.empty()) add_string(out, "text", e.text);
    out += "}\n";
  }
  return out;
}

}  // namespace thespis::net
