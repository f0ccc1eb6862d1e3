// thespis why: the causal story of a recorded run's failure (or of any event), as a short
// chain from its root cause to it.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include <thespis/error.hpp>
#include <thespis/scenario/trace_file.hpp>

#include "commands.hpp"

namespace thespis::cli {
namespace {

using scenario::TraceRecord;

/// The message as text, cut to a line's worth.
std::string shortened(const std::string& text) {
  constexpr std::size_t most = 100;
  return text.size() <= most ? text : text.substr(0, most) + "...";
}

/// One step of the chain: `t=12.000ms #57 deliver @1.3[n1] <- @1.2 Ping{...}`.
std::string describe_step(const TraceRecord& r) {
  char time[40];
  std::snprintf(time, sizeof time, "t=%.3fms", static_cast<double>(r.time_ns) / 1e6);
  std::string out = std::string(time) + " #" + std::to_string(r.index) + " " + r.kind;
  if (!r.actor.empty() && r.actor != "@null") {
    out += " " + r.actor;
    if (!r.node.empty()) out += "[" + r.node + "]";
  }
  if (!r.other.empty() && r.other != "@null" && r.other != r.actor) {
    if (r.kind == "send") {
      out += " -> " + r.other;
    } else if (r.kind == "create") {
      out += " by " + r.other;
    } else if (r.kind != "exit" && r.kind != "start" && r.kind != "convention") {
      out += " <- " + r.other;
    } else if (r.kind == "convention") {
      out += " sees " + r.other;
    }
  }
  if (!r.message.empty()) out += " " + shortened(r.message);
  if (!r.text.empty()) out += " | " + shortened(r.text);
  return out;
}

const TraceRecord& event_at(const std::vector<TraceRecord>& trace, std::uint64_t index) {
  // read_trace keeps the indices ascending.
  const auto it =
      std::lower_bound(trace.begin(), trace.end(), index,
                       [](const TraceRecord& r, std::uint64_t wanted) { return r.index < wanted; });
  if (it == trace.end() || it->index != index)
    throw Error("the trace has no event #" + std::to_string(index));
  return *it;
}

}  // namespace

int why_command(const WhyArgs& args) {
  const std::vector<TraceRecord> trace = scenario::read_trace(args.trace);
  std::uint64_t target = 0;
  if (args.event) {
    target = event_at(trace, *args.event).index;
  } else if (const auto violated = scenario::violation(trace)) {
    target = *violated;
  } else {
    std::cout << args.trace << ": no check was violated in this run (" << trace.size()
              << " events); name the event to explain with --event N\n";
    return 1;
  }
  const std::vector<std::uint64_t> ancestors = scenario::happens_before(trace, target);
  const std::vector<std::uint64_t> chain = scenario::causal_chain(trace, target);
  const TraceRecord& first = event_at(trace, chain.front());
  std::cout << "why #" << target << ": " << ancestors.size() - 1
            << " events happened before it; the shortest chain from its root cause ("
            << (first.kind == "fault" ? "the earliest fault" : "the earliest start")
            << " among them), " << chain.size() << " steps:\n";
  for (const std::uint64_t index : chain)
    std::cout << "  " << describe_step(event_at(trace, index)) << '\n';
  return 0;
}

}  // namespace thespis::cli
