// The trace viewer's speed, on a made-up 100,000-event trace shaped like a run: 12 actors on 4
// nodes exchanging messages, timers, drops and faults.
// * view_events_per_second: what `thespis view` does, per event: read the JSON lines, find the
//   violation's happens-before ancestors, write the page (lanes, links, fault bands, the JSON
//   data and the embedded page); target >= 200,000.
// * view_render_events_per_second: writing the page alone, from records already read.
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <thespis/detail/json_string.hpp>
#include <thespis/scenario/trace_file.hpp>
#include <thespis/scenario/trace_view.hpp>

#include "figure_reporter.hpp"

namespace {

using thespis::scenario::TraceRecord;

TraceRecord event(std::vector<TraceRecord>& trace, std::string kind, std::string actor,
                  std::string other, std::int64_t time_ns) {
  TraceRecord r;
  r.index = trace.size();
  r.time_ns = time_ns;
  r.kind = std::move(kind);
  r.node = "node-" + actor.substr(1, actor.find('.') - 1);
  r.actor = std::move(actor);
  r.other = std::move(other);
  r.hash = r.index * 0x9e3779b97f4a7c15ULL;
  return r;
}

/// Rounds of: a send and its delivery (one in 50 dropped instead), a timer set and fired, and
/// now and then a fault.
std::vector<TraceRecord> run_like_trace(std::size_t events) {
  std::vector<TraceRecord> trace;
  trace.reserve(events + 8);
  std::int64_t now = 0;
  for (std::uint64_t round = 0; trace.size() < events; ++round) {
    const std::string from =
        "@" + std::to_string(1 + round % 4) + "." + std::to_string(2 + round % 3);
    const std::string to =
        "@" + std::to_string(1 + (round + 1) % 4) + "." + std::to_string(2 + (round + 2) % 3);
    const std::string message = "Increment{key: \"k" + std::to_string(round % 97) +
                                "\", delta: 1, request: " + std::to_string(round) + "}";
    TraceRecord send = event(trace, "send", from, to, now);
    send.type = "Increment";
    send.message = message;
    trace.push_back(send);
    now += 1'000'000 + static_cast<std::int64_t>(round % 7) * 130'000;
    TraceRecord end = event(trace, round % 50 == 0 ? "drop" : "deliver", to, from, now);
    end.type = "Increment";
    end.message = message;
    if (end.kind == "drop") end.text = "partitioned";
    trace.push_back(end);
    TraceRecord set = event(trace, "timer_set", to, to, now);
    set.type = "WakeupMessage";
    set.message = "WakeupMessage{delay: 100000000ns, payload: " + std::to_string(round) + "}";
    trace.push_back(set);
    TraceRecord fire = set;
    fire.index = trace.size();
    fire.kind = "timer_fire";
    fire.time_ns = now + 100'000'000;
    trace.push_back(fire);
    if (round % 500 == 0) {
      TraceRecord fault = event(trace, "fault", "@null", "@null", now);
      fault.node.clear();
      fault.text = round % 1000 == 0 ? "partition [node-1 node-2] [node-3 node-4]" : "heal";
      trace.push_back(fault);
    }
  }
  trace.resize(events);
  return trace;
}

void view_html(benchmark::State& state) {
  const std::vector<TraceRecord> trace = run_like_trace(100'000);
  thespis::scenario::HtmlViewOptions options;
  options.title = "bench";
  for (std::size_t i = trace.size() - 2000; i < trace.size(); ++i) options.highlighted.push_back(i);
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out;
    thespis::scenario::write_html_view(trace, options, out);
    bytes = out.str().size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["view_render_events_per_second"] = benchmark::Counter(
      static_cast<double>(trace.size() * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["page_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(view_html)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

/// The trace as its file holds it: one JSON object per line, as the simulation writes it.
std::string as_jsonl(const std::vector<TraceRecord>& trace) {
  std::string out;
  const auto field = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    out += ",\"";
    out += name;
    out += "\":";
    thespis::detail::render_json_string(out, value);
  };
  for (const TraceRecord& r : trace) {
    out += "{\"index\":" + std::to_string(r.index) + ",\"hash\":" + std::to_string(r.hash) +
           ",\"time_ns\":" + std::to_string(r.time_ns);
    field("kind", r.kind);
    field("actor", r.actor);
    field("other", r.other);
    field("node", r.node);
    field("type", r.type);
    field("message", r.message);
    field("text", r.text);
    out += "}\n";
  }
  return out;
}

void view_pipeline(benchmark::State& state) {
  std::vector<TraceRecord> made = run_like_trace(100'000);
  TraceRecord check;
  check.index = made.size();
  check.time_ns = made.back().time_ns;
  check.kind = "check";
  check.actor = check.other = "@null";
  check.text = "violated: no_double_apply";
  made.push_back(check);
  const std::string file = as_jsonl(made);
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::istringstream in(file);
    const std::vector<TraceRecord> trace = thespis::scenario::read_trace(in, "bench.jsonl");
    thespis::scenario::HtmlViewOptions options;
    options.title = "bench";
    options.highlighted =
        thespis::scenario::happens_before(trace, *thespis::scenario::violation(trace));
    std::ostringstream out;
    thespis::scenario::write_html_view(trace, options, out);
    bytes = out.str().size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["view_events_per_second"] = benchmark::Counter(
      static_cast<double>(made.size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(view_pipeline)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(std::map<std::string, std::string>{
      {"view_events_per_second", "events/s"}, {"view_render_events_per_second", "events/s"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
