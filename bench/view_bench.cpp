// The trace viewer's speed. view_events_per_second: events of a recorded trace turned into the
// HTML page of `thespis view` per second (lanes, links, fault bands, the JSON data and the
// embedded page), on a made-up 100,000-event trace shaped like a run: 12 actors on 4 nodes
// exchanging messages, timers, drops and faults; target >= 200,000.
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

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
  state.counters["view_events_per_second"] = benchmark::Counter(
      static_cast<double>(trace.size() * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["page_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(view_html)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(
      std::map<std::string, std::string>{{"view_events_per_second", "events/s"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
